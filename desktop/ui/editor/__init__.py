"""The activity editor: every field of SPEC §2.2, live validation, autosave, undo."""
