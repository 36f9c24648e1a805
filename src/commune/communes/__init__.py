"""The root of every record: communes, their constitutions and their clerks.

It sits on the lowest institutional floor, below the Journal officiel, so that the
journal's foreign keys point down. It holds no action: every act on a commune is
journaled, so founding, amending and appointing live in `commune.members.actions`,
which stands above the journal.
"""
