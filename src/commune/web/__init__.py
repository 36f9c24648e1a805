"""Pages for people: the commune, its sections, the Journal officiel; sign-in for clerks."""
