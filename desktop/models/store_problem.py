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


# SQLite's primary result codes that say the store (or its disk), not our code, is the problem.
SQLITE_KINDS = {
    5: ("busy", "another program is writing to it; try again in a moment"),  # SQLITE_BUSY
    6: ("busy", "another program is writing to it; try again in a moment"),  # SQLITE_LOCKED
    8: ("read_only", "it cannot be written"),  # SQLITE_READONLY
    10: ("io", "the disk reported an error while reading or writing it"),  # SQLITE_IOERR
    11: ("corrupted", "it is damaged"),  # SQLITE_CORRUPT
    13: ("disk_full", "the disk holding it is full"),  # SQLITE_FULL
    26: ("corrupted", "it is damaged"),  # SQLITE_NOTADB
}
ADVICE["busy"] = "nothing was changed"
ADVICE["io"] = "check the disk, then try again (nothing was changed)"
ENOSPC = 28


def store_failure(error: BaseException, path: Path) -> StoreProblem | None:
    """The ``StoreProblem`` an error raised while using the store amounts to, if any.

    Every write is one transaction, so when SQLite fails one nothing of it was kept.
    """
    from desktop.models.backup import list_backups

    seen: set[int] = set()
    e: BaseException | None = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        code = getattr(e, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in SQLITE_KINDS:
            kind, reason = SQLITE_KINDS[code & 0xFF]
            return StoreProblem(kind, path, reason, list_backups(path))
        if isinstance(e, OSError) and e.errno == ENOSPC:
            return StoreProblem("disk_full", path, "the disk holding it is full")
        e = getattr(e, "orig", None) or e.__cause__ or e.__context__
    return None
