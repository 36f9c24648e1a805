"""Sign-in accounts: the limits on guessing passwords (and, as they come, invitations).

Nothing here is public record, so nothing is journaled; it sits on the lowest floor.
"""
