"""Counting votes and apportioning seats: ballots, profiles, methods, tie-breaking, formats.

A pure library: imports no Django, reads no settings, clock or randomness unless passed in.
"""
