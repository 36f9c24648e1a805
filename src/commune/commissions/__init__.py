"""Commissions at work: the decrees referred to them, the tasks that carry them out, reports."""
