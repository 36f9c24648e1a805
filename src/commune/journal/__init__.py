"""The Journal officiel: every public act of a commune, as an append-only, verifiable log."""
