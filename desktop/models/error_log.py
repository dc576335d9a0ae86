"""Unexpected errors: the traceback to a private log file, a short message to the user.

The log is per-user (platformdirs' log folder), created 0600, and holds where the error
happened (file, line, function) and the exception's type — never its message or any local value,
since those can carry names, birth dates or NPIs from the record being processed.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from desktop.models.private_files import PRIVATE

LOG_NAME = "pars-desktop.log"


def log_path() -> Path:
    return Path(platformdirs.user_log_dir("PARS Desktop", "PARS Desktop")) / LOG_NAME


def record(error: BaseException) -> Path | None:
    """Append ``error``'s traceback (without messages) to the log; its path, or None if the log
    itself cannot be written (the user still gets the short message)."""
    path = log_path()
    lines = [f"--- {datetime.now(UTC).isoformat(timespec='seconds')} unexpected error\n"]
    seen: set[int] = set()
    chain: list[BaseException] = []
    e: BaseException | None = error
    while e is not None and id(e) not in seen:  # the causes, outermost last as Python prints
        seen.add(id(e))
        chain.append(e)
        e = e.__cause__ or e.__context__
    for e in reversed(chain):
        lines.append("Traceback (most recent call last):\n")
        lines += [  # where, not what: no source line (it may quote data), no locals
            f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
            for f in traceback.extract_tb(e.__traceback__)
        ]
        lines.append(f"{type(e).__module__}.{type(e).__qualname__}\n")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.writelines(lines)
    except OSError:
        return None
    return path
