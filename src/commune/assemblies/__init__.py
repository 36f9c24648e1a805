"""Deliberating bodies: sittings, motions, amendments, divisions and decrees."""
