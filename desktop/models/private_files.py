"""Files we write that may hold learner data are the user's only (0600) from their first byte.

The mode is given when the file is created (``os.open``/``mkstemp`` with 0600), never fixed
with chmod afterwards: a chmod after the write leaves a window where others can read, and it
would change the mode of a file we did not create.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PRIVATE = 0o600


def create_private(path: Path) -> bool:
    """Create ``path`` empty and owner-only if it does not exist; True when we created it."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


@contextmanager
def private_output(path: Path) -> Iterator[BinaryIO]:
    """Write ``path`` whole or not at all, owner-only.

    The bytes go to a temporary file made 0600 (``mkstemp``) beside ``path``, renamed over it
    once complete: a failed export leaves no half file, and an older file at ``path`` is
    replaced by a new one of ours rather than rewritten in its own mode.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
