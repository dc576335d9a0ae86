"""One sync run from the window: the progress dialog, Cancel, and the report when it ends."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.models.changes import Changes
from desktop.sync.report import SyncReport
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool


class _SyncProgress(QObject):
    """Carries progress from the sync thread to the UI thread (queued signal)."""

    progress = Signal(int, int, str)


class SyncController(QObject):
    started = Signal()
    finished = Signal(object)  # SyncReport, after every view has heard of the changes

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self._cancel: threading.Event | None = None
        self.progress_dialog: QProgressDialog | None = None

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def start(self) -> None:
        if self._cancel is not None:
            return
        cancel = threading.Event()
        self._cancel = cancel
        relay = _SyncProgress()
        dialog = QProgressDialog(self.tr("Sending to PARS…"), self.tr("Cancel"), 0, 0, self._parent)
        dialog.setWindowTitle(self.tr("Sync"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(cancel.set)
        self.progress_dialog = dialog

        def show(done: int, total: int, message: str) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))
            dialog.setLabelText(self.tr("Sync: %1").replace("%1", message))

        relay.progress.connect(show)
        self.started.emit()

        def finished(report: SyncReport) -> None:
            self._cancel = None
            relay.deleteLater()
            dialog.reset()
            # A sync touches records it does not list one by one: every view refreshes.
            self._ctx.bus.publish(Changes.all(), self._parent)
            self.finished.emit(report)

        def failed(e: Exception) -> None:
            finished(SyncReport(error=str(e), error_kind="network"))

        # The sync writes the store, so it runs on the one write thread. Nothing typed waits
        # behind it for long: the progress dialog is window-modal while it runs.
        self._ctx.tasks.op(
            lambda: self._ctx.core.run_sync(cancel, relay.progress.emit),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(finished).failed(failed)
