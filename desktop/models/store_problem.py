"""Why a store file cannot be used, said in one line with what to do about it."""

from __future__ import annotations

from pathlib import Path


class StoreProblem(Exception):
    """The store was refused before anything was written into it.

    ``kind`` is a stable code (``corrupted``, ``newer``, ``not_sqlite``, ``not_a_store``,
    ``read_only``, ``foreign``, ``not_a_file``, ``half_migrated``, ``disk_full``); ``backups``
    are the copies the user can restore, newest first.
    """

    def __init__(self, kind: str, path: Path, reason: str, backups: list[Path] | None = None):
        self.kind = kind
        self.path = path
        self.reason = reason
        self.backups = backups or []
        super().__init__(self.message())

    def message(self) -> str:
        """One line: what is wrong with which file, and what to do."""
        advice = ADVICE.get(self.kind, "")
        if self.backups and self.kind in RESTORABLE:
            advice = f"restore a backup (newest: {self.backups[0]}) or " + advice
        return f"cannot use the store {self.path}: {self.reason}" + (
            f"; {advice}." if advice else "."
        )


RESTORABLE = {"corrupted", "half_migrated"}
ADVICE = {
    "corrupted": "give another file with --store",
    "half_migrated": "give another file with --store",
    "newer": "use the newer PARS Desktop that wrote it (nothing was changed)",
    "not_sqlite": "check the --store path (nothing was changed)",
    "not_a_store": "check the --store path (nothing was changed)",
    "not_a_file": "check the --store path",
    "read_only": "make it writable (chmod u+w) or work on a copy (nothing was changed)",
    "foreign": "open it as the user who owns it, or work on your own copy (nothing was changed)",
    "disk_full": "free some disk space and try again (nothing was changed)",
}
