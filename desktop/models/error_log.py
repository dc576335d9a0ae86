"""The app's log: a private, rotating file in the per-user log folder, and unexpected errors.

``configure()`` is called once at start by the window and the command line alike (both enter
through ``desktop.cli.main``). The file is created 0600 — the mode given when it is opened,
rotated files included — and keeps a few hundred KiB of recent history.

Nothing that identifies a learner goes in. Our own log calls carry counts, states and HTTP
statuses only; a traceback is written as where it happened (file, line, function) and the
exception's type — never its message, its source lines or any local value, since those can
carry names, birth dates or NPIs from the record being processed. As a last guard, a run of
ten digits (an NPI's shape) in any message is masked.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

from desktop.models.private_files import PRIVATE

LOG_NAME = "pars-desktop.log"
MAX_BYTES = 256 * 1024
BACKUPS = 3  # pars-desktop.log.1 … .3: about 1 MiB in all
# Our own loggers say what the app did; libraries only when something is wrong.
OWN_LOGGERS = ("desktop", "pars_sandbox")
_TEN_DIGITS = re.compile(r"(?<!\d)\d{10}(?!\d)")

log = logging.getLogger(__name__)


def log_path() -> Path:
    return Path(platformdirs.user_log_dir("PARS Desktop", "PARS Desktop")) / LOG_NAME


def where_not_what(error: BaseException) -> str:
    """``error``'s traceback and its causes' (outermost last, as Python prints them), without
    the messages, source lines or locals."""
    seen: set[int] = set()
    chain: list[BaseException] = []
    e: BaseException | None = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        chain.append(e)
        e = e.__cause__ or e.__context__
    lines: list[str] = []
    for e in reversed(chain):
        lines.append("Traceback (most recent call last):")
        lines += [
            f'  File "{f.filename}", line {f.lineno}, in {f.name}'
            for f in traceback.extract_tb(e.__traceback__)
        ]
        lines.append(f"{type(e).__module__}.{type(e).__qualname__}")
    return "\n".join(lines)


class PrivateFormatter(logging.Formatter):
    """Formats tracebacks as ``where_not_what`` and masks NPI-shaped numbers."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        return where_not_what(ei[1]) if ei[1] is not None else ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = None  # another handler may have cached Python's own, with messages
        record.stack_info = None  # a stack dump would include source lines
        return _TEN_DIGITS.sub("[number]", super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file whose every incarnation is created owner-only, from its first byte."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE)
        return os.fdopen(fd, "a", encoding="utf-8")


_handler: PrivateRotatingFileHandler | None = None


def configure(path: Path | None = None) -> Path | None:
    """Send the app's log to ``path`` (default: ``log_path()``); its path, or None when the log
    folder cannot be written (the app runs on without a log rather than not at all).

    Calling it again with the same path changes nothing: start-up and ``record`` can both ask.
    """
    global _handler
    path = (path or log_path()).absolute()
    if _handler is not None and Path(_handler.baseFilename) == path:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS)
    except OSError:
        return None
    handler.setFormatter(PrivateFormatter())
    root = logging.getLogger()
    if _handler is not None:  # the folder moved (tests): one file at a time
        root.removeHandler(_handler)
        _handler.close()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    for name in OWN_LOGGERS:
        own = logging.getLogger(name)
        if own.level == logging.NOTSET:
            own.setLevel(logging.INFO)
    _handler = handler
    return path


def record(error: BaseException, context: str = "unexpected error") -> Path | None:
    """Log ``error``'s traceback (without messages); the log's path, or None if the log itself
    cannot be written (the user still gets the short message)."""
    path = configure()
    if path is None:
        return None
    log.error(context, exc_info=(type(error), error, error.__traceback__))
    return path
