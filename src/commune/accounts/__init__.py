"""Sign-in accounts: the limits on guessing passwords, and invitations to make a login.

A member of a roll makes their own login from an invitation a clerk sends them by email;
the invitation and its acceptance are acts on the roll, journaled by section and
membership number (never a name, an email or a token). Because invitations name people
and are journaled, this room sits above `members` and the journal (floor 3).
"""
