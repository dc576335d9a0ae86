"""Wizards that create activities: a copy of one, or a repeat series (SPEC M3, M4)."""
