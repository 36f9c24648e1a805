"""Delegates' mandates: who holds which seat for which section, since when, until when.

It stands above elections: certifying an election seats its winners, so the act lives
here (`do_certify_election`). Instructions and recall come next (issue 10).
"""
