"""The `commune` command: pure commands (tally, apportion, journal verify) run without Django;
the rest are Django management commands with Commune's settings preset."""
