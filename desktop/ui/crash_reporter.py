"""The window's last resort: an error nothing else caught becomes a clear dialog and a log entry.

Installed as ``sys.excepthook`` (errors on the UI thread, including those raised in Qt slots,
which PySide6 hands to the hook) and ``threading.excepthook`` (errors in plain Python threads).
The traceback goes to the private log as where, not what (``error_log.record``); the dialog
names the kind of error and the log, never the exception's message, which can quote a
learner's record. A hook that runs on another thread only posts the error to the UI thread:
widgets are touched on the UI thread alone.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.models import error_log


class CrashReporter(QObject):
    """Install with ``install()``; ``uninstall()`` puts the previous hooks back."""

    _arrived = Signal(str, object)  # the error's type name, the log's path (or None)

    def __init__(self, window: QWidget | None = None) -> None:
        super().__init__()
        self.window = window
        self.showing = False
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        # Queued: a worker thread's error is shown by the UI thread, after the worker's hook.
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous_sys, self._previous_threading = sys.excepthook, threading.excepthook
        sys.excepthook = self._sys_hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous_sys, self._previous_threading

    def _sys_hook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl-C in the terminal that started us
            self._previous_sys(kind, error, tb)
            return
        self._report(error)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return  # a thread that ended itself is not an error (as Python's own hook)
        self._report(args.exc_value)

    def _report(self, error: BaseException) -> None:
        self._arrived.emit(type(error).__name__, error_log.record(error, "unhandled error"))

    def _on_arrived(self, kind: str, logged: Path | None) -> None:
        if self.showing:  # one dialog at a time: a burst of the same failure is one report
            return
        self.showing = True
        try:
            self.show(self.message(kind, logged))
        finally:
            self.showing = False

    def message(self, kind: str, logged: Path | None) -> str:
        where = (
            self.tr("The details are in %1.").replace("%1", str(logged))
            if logged
            else self.tr("The log could not be written.")
        )
        return (
            self.tr(
                "PARS Desktop hit an unexpected error (%1). What you entered before it is saved; "
                "the action that failed may not have finished — check it, then carry on or "
                "restart the app."
            ).replace("%1", kind)
            + "\n\n"
            + where
        )

    def show(self, text: str) -> None:
        """The one modal seam: tests replace it."""
        QMessageBox.critical(self.window, self.tr("Something went wrong"), text)
