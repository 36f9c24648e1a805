"""Version 1 of the API: resources are stable once published; add, never rename."""
