"""The main window: navigation, toolbar, pages, practice banner, status and sync."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.models.changes import Changes
from desktop.models.records import ActivityRecord, ProviderRecord
from desktop.models.store_problem import StoreProblem
from desktop.sync.report import RecordProblem, SyncReport
from desktop.sync.views import Overview

if TYPE_CHECKING:
    from desktop.models.queries.attention import AttentionItem
from desktop.ui.activities_page import ActivitiesPage
from desktop.ui.activity_workspace import ActivityWorkspace
from desktop.ui.attention_page import AttentionPage
from desktop.ui.context import AppContext
from desktop.ui.dashboard.dashboard_page import DashboardPage
from desktop.ui.export_dialog import ExportDialog
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.learners_page import LearnersPage
from desktop.ui.menus import build_menus, show_help
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.sync_page import SyncPage, describe
from desktop.ui.wizards.copy_wizard import CopyWizard
from desktop.ui.wizards.created_undo import CreatedActivities
from desktop.ui.wizards.repeat_wizard import RepeatWizard

PAGES = ("Dashboard", "Activities", "Learners", "Needs attention", "Sync")
LEARNERS_PAGE, ATTENTION_PAGE, SYNC_PAGE = 2, 3, 4
# Typing a list of learners triggers one background match once the typing pauses.
MATCH_DELAY_MS = 2000


class _SyncProgress(QObject):
    """Carries progress from the sync thread to the UI thread (queued signal)."""

    progress = Signal(int, int, str)


class _FirstPaint(QObject):
    """Calls back once, after the first paint of the widget it watches."""

    def __init__(self, callback: Any) -> None:
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


class MainWindow(QMainWindow):
    sync_finished = Signal(object)  # SyncReport

    loaded = Signal()  # the first data of every page has been asked for

    # Made by desktop/ui/menus.py with the menu bar.
    quit_action: QAction
    learners_tab_action: QAction
    details_tab_action: QAction
    getting_started_action: QAction
    shortcuts_action: QAction
    about_action: QAction

    def __init__(self, ctx: AppContext, ask_first_run: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self._ask_first_run = ask_first_run
        self.setWindowTitle(self.tr("PARS Desktop"))
        self.banner = QLabel()
        self.banner.setObjectName("practiceBanner")
        self.banner.setStyleSheet(
            "QLabel#practiceBanner { background: #fff4ce; color: #5c4400; padding: 6px 10px; font-weight: bold; }"
        )
        self.banner.setText(
            self.tr("Practice mode — records go to a local PARS sandbox, not to ACCME.")
        )
        self.banner.setVisible(False)  # shown once the provider settings say practice mode

        self.nav = QListWidget()
        self.nav.addItems([self.tr(p) for p in PAGES])
        self.dashboard = DashboardPage(ctx)
        self.activities = ActivitiesPage(ctx)
        self.workspace = ActivityWorkspace(ctx)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.activities)
        split.addWidget(self.workspace)
        split.setSizes([500, 700])
        self.activities_split = split
        self.learners = LearnersPage(ctx)
        self.sync_page = SyncPage(ctx)
        self.attention = AttentionPage(ctx, self.workspace.undo_stack)
        self.pages = QStackedWidget()
        for w in (self.dashboard, split, self.learners, self.attention, self.sync_page):
            self.pages.addWidget(w)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.nav.setFixedWidth(170)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(4, 4, 4, 0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self.banner)
        col.addWidget(body, 1)
        self.setCentralWidget(central)

        self._actions()
        self.online = QLabel()
        self.statusBar().addPermanentWidget(self.online)
        self.statusBar().showMessage(ctx.prefs.last_sync or self.tr("Not synced yet."))
        self._online: bool | None = None
        self._pending = 0
        self._probe_timer = QTimer(self, interval=30_000)
        self._probe_timer.timeout.connect(self.probe)
        # Nothing is read from the store until the window has painted once.
        self._painted = _FirstPaint(self.start_loading)
        self.nav.installEventFilter(self._painted)

        self.activities.open_activity.connect(self.open_activity)
        self.activities.copy_requested.connect(self.copy_activity)
        self.activities.series_requested.connect(self.new_series)
        self.activities.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: (
                self.workspace.open(self.activities.model.row(cur.row()).id)
                if cur.isValid()
                else None
            )
        )
        self.learners.open_activity.connect(lambda aid: self.open_activity(aid, learners=True))
        self.sync_page.open_problem.connect(self.open_problem)
        self.attention.open_item.connect(self.open_attention_item)
        self.dashboard.open_activity.connect(self.open_activity)
        self.attention.counted.connect(self._show_attention_count)
        self._matching = False
        self._match_later = QTimer(self, singleShot=True, interval=MATCH_DELAY_MS)
        self._match_later.timeout.connect(self.match_in_background)
        ctx.bus.data_changed.connect(self._changed)
        ctx.tasks.error.connect(
            lambda e: (
                None  # the composition root shows it as a refusal and closes the app
                if isinstance(e, StoreProblem)
                else QMessageBox.warning(self, self.tr("Something went wrong"), str(e))
            )
        )

        self.resize(1280, 800)
        if ctx.prefs.window_geometry is not None:
            self.restoreGeometry(ctx.prefs.window_geometry)
        if ctx.prefs.window_state is not None:
            self.restoreState(ctx.prefs.window_state)
        self.nav.setCurrentRow(0)  # the dashboard is the home page
        self._sync_cancel: threading.Event | None = None
        self._quiet_cancel = threading.Event()  # set once, when the window closes

    def start_loading(self) -> None:
        """Runs once, right after the first paint: open the store (on the database thread),
        fill every page, then look for PARS."""

        def provider_read(provider: ProviderRecord | None) -> None:
            self.ctx.practice = provider is None or provider.practice_mode
            self.banner.setVisible(self.ctx.practice)
            if provider is None and self._ask_first_run:
                SettingsDialog(self.ctx, self, first_run=True).open()

        self.ctx.tasks.db(lambda: self.ctx.provider.get(), provider_read)
        self.activities.load()
        self.learners.model.reload()
        self.dashboard.refresh()
        self.attention.refresh()
        self.sync_page.refresh_conflicts()
        self.refresh_pending()
        self.probe()
        self._probe_timer.start()
        self.loaded.emit()

    # --- actions ---------------------------------------------------------------------------------

    def _actions(self) -> None:
        bar = QToolBar(self.tr("Main"))
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        undo = self.workspace.undo_stack
        self.new_action = self._action(
            bar, self.tr("New activity"), QKeySequence.StandardKey.New, self.new_activity
        )
        self.copy_action = self._action(
            bar, self.tr("Copy…"), QKeySequence("Ctrl+D"), lambda: self.copy_activity()
        )
        self.series_action = self._action(
            bar, self.tr("New series…"), QKeySequence("Ctrl+Shift+N"), lambda: self.new_series()
        )
        self.import_action = self._action(
            bar, self.tr("Import…"), QKeySequence("Ctrl+I"), lambda: self.import_file()
        )
        self.export_action = self._action(
            bar, self.tr("Export…"), QKeySequence("Ctrl+E"), lambda: self.export_files()
        )
        self.sync_action = self._action(bar, self.tr("Sync"), QKeySequence("F5"), self.start_sync)
        bar.addSeparator()
        self.undo_action = undo.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = undo.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        bar.addSeparator()
        self.settings_action = self._action(
            bar, self.tr("Settings"), QKeySequence.StandardKey.Preferences, self.open_settings
        )
        self.page_actions: list[QAction] = []
        for i, name in enumerate(PAGES):
            go = QAction(self.tr(name), self)
            go.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            go.triggered.connect(lambda _c=False, i=i: self.nav.setCurrentRow(i))
            self.addAction(go)
            self.page_actions.append(go)
        self.find_action = QAction(self.tr("Search…"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)
        self.addAction(self.find_action)
        self.menus = build_menus(self)

    # --- help ------------------------------------------------------------------------------------

    def show_getting_started(self) -> QDialog:
        return show_help(self, "start")

    def show_shortcuts(self) -> QDialog:
        return show_help(self, "keys")

    def show_about(self) -> QDialog:
        return show_help(self, "about")

    def show_activity_tab(self, learners: bool) -> None:
        """The open activity's Learners (or Details) tab, with the cursor in it."""
        if self.workspace.activity_id is None:
            self.statusBar().showMessage(self.tr("Open an activity first."), 5000)
            return
        self.nav.setCurrentRow(1)
        tabs = self.workspace.tabs
        if (tabs.currentWidget() is self.workspace.grid) != learners:
            self.workspace.switch_tab(1)

    def _action(self, bar: QToolBar, text: str, key: Any, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(key)
        action.setToolTip(
            f"{text} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        action.triggered.connect(slot)
        bar.addAction(action)
        return action

    def _focus_search(self) -> None:
        page = self.pages.currentIndex()
        (self.learners.search if page == LEARNERS_PAGE else self.activities.search).setFocus()

    def new_activity(self) -> None:
        def created(result: tuple[int, Changes]) -> None:
            activity_id, changes = result
            self.ctx.bus.publish(changes, self)
            self.nav.setCurrentRow(1)
            self.open_activity(activity_id, field="title")

        self.ctx.tasks.db(self.ctx.activities.create, created)

    def _current_activity(self) -> int | None:
        return self.workspace.activity_id or self.activities.selected_id()

    def copy_activity(self, source: int | None = None) -> CopyWizard:
        """The copy wizard, from the activity in view (or the one asked for)."""
        wizard = CopyWizard(self.ctx, source or self._current_activity(), self)

        def created(activity_id: int, _changes: Changes, record: ActivityRecord) -> None:
            ids = [activity_id]

            def remove() -> Changes:
                return self.ctx.activities.remove_created(ids)

            def recreate() -> Changes:
                new_id, changes = self.ctx.activities.create(record)
                ids[:] = [new_id]
                return changes

            self._push_after_open(activity_id, self.tr("Copy activity"), remove, recreate)
            self.open_activity(activity_id, field="title")

        wizard.created.connect(created)
        wizard.open()
        return wizard

    def new_series(self, source: int | None = None) -> RepeatWizard:
        wizard = RepeatWizard(self.ctx, source, self)

        def created(series_id: int, ids: list[int], _changes: Changes) -> None:
            request = wizard.request()
            current = [series_id]

            def remove() -> Changes:
                return self.ctx.series.remove(current[0])

            def recreate() -> Changes:
                new_id, _ids, changes = self.ctx.series.create(*request)
                current[0] = new_id
                return changes

            self._push_after_open(ids[0], self.tr("Create series"), remove, recreate)
            self.open_activity(ids[0])
            self.statusBar().showMessage(
                self.tr("Created the series with %1 activities.").replace("%1", str(len(ids))), 8000
            )

        def created_one(activity_id: int, _changes: Changes) -> None:
            request = wizard.one_request()
            ids = [activity_id]

            def remove() -> Changes:
                return self.ctx.activities.remove_created(ids)

            def recreate() -> Changes:
                new_id, changes = self.ctx.series.create_one_rss(*request)
                ids[:] = [new_id]
                return changes

            self._push_after_open(activity_id, self.tr("Create series activity"), remove, recreate)
            self.open_activity(activity_id)

        wizard.created.connect(created)
        wizard.created_one.connect(created_one)
        wizard.open()
        return wizard

    def import_file(self) -> ImportWizard:
        wizard = ImportWizard(self.ctx, self)
        wizard.imported.connect(
            lambda batch: self.statusBar().showMessage(
                self.tr("Import #%1 is in.").replace("%1", str(batch)), 8000
            )
        )
        wizard.open()
        return wizard

    def export_files(self) -> ExportDialog:
        dialog = ExportDialog(self.ctx, self)
        dialog.open()
        return dialog

    def _push_after_open(
        self,
        activity_id: int,
        text: str,
        remove: Callable[[], Changes],
        recreate: Callable[[], Changes],
    ) -> None:
        """Make a wizard's Finish one undo step. Opening an activity starts its undo history
        afresh, so the step goes on once the new activity is on screen."""
        command = CreatedActivities(
            self.ctx, text, remove, recreate, lambda e: QMessageBox.warning(self, text, e)
        )

        def loaded(loaded_id: int) -> None:
            if loaded_id == activity_id:
                self.workspace.editor.loaded.disconnect(loaded)
                self.workspace.undo_stack.push(command)

        self.workspace.editor.loaded.connect(loaded)

    def open_activity(
        self, activity_id: int, field: str | None = None, learners: bool = False
    ) -> None:
        self.nav.setCurrentRow(1)
        self.workspace.open(activity_id, field=field, learners=learners)

    def open_problem(self, problem: RecordProblem) -> None:
        """Open the record a sync result is about, at the failing field."""
        if problem.entity == "activity":
            self.open_activity(problem.entity_id, field=problem.field or "title")
            return

        def found(activity_id: int | None) -> None:
            if activity_id is not None:
                self.open_activity(activity_id, learners=True)
                self.workspace.grid.focus_completion(problem.entity_id, problem.field)

        self.ctx.tasks.db(lambda: self.ctx.learners.activity_of(problem.entity_id), found)

    def open_attention_item(self, item: AttentionItem) -> None:
        """Open a Needs-attention entry in its activity's learners grid, at the field to fix."""
        if item.activity_id is None:
            return
        self.open_activity(item.activity_id, learners=True)
        if item.completion_id is not None:
            self.workspace.grid.focus_completion(item.completion_id, item.field)

    def _show_attention_count(self, total: int) -> None:
        label = self.tr("Needs attention")
        self.nav.item(ATTENTION_PAGE).setText(f"{label} ({total})" if total else label)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.ctx, self)
        if dialog.exec():
            provider = self.ctx.provider.get()
            self.ctx.practice = provider is None or provider.practice_mode
            self.banner.setVisible(self.ctx.practice)
            self.ctx.bus.publish(Changes(provider=True), self)  # e.g. a new deadline
            self.probe()

    # --- sync ------------------------------------------------------------------------------------

    def start_sync(self) -> None:
        if self._sync_cancel is not None:
            return
        cancel = threading.Event()
        self._sync_cancel = cancel
        relay = _SyncProgress()
        dialog = QProgressDialog(self.tr("Sending to PARS…"), self.tr("Cancel"), 0, 0, self)
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
        self.sync_action.setEnabled(False)

        def finished(report: SyncReport) -> None:
            self._sync_cancel = None
            relay.deleteLater()
            dialog.reset()
            self.sync_action.setEnabled(True)
            text = describe(report)
            self.ctx.prefs.last_sync = text
            self.statusBar().showMessage(text)
            self.sync_page.show_report(report)
            if report.problems or report.conflicts or report.error:
                self.nav.setCurrentRow(SYNC_PAGE)
            self.ctx.bus.publish(
                Changes(activities=frozenset({-1}), completions=frozenset({-1}), outbox=True), self
            )
            self.sync_finished.emit(report)

        def failed(e: Exception) -> None:
            finished(SyncReport(error=str(e), error_kind="network"))

        self.ctx.tasks.net(lambda: self.ctx.sync.run(cancel, relay.progress.emit), finished, failed)

    # --- status ----------------------------------------------------------------------------------

    def probe(self) -> None:
        def seen(online: bool) -> None:
            self._online = online
            self._show_online()
            if online:
                self.match_in_background()

        self.ctx.tasks.net(lambda: self.ctx.sync.reachable(), seen, lambda _e: seen(False))

    def refresh_pending(self) -> None:
        def seen(o: Overview) -> None:
            self._pending = o.pending_changes
            self._show_online()

        self.ctx.tasks.db(lambda: self.ctx.sync.overview(), seen)  # the store opens off this thread

    def _show_online(self) -> None:
        state = {
            None: self.tr("Checking…"),
            True: self.tr("● Online"),
            False: self.tr("○ Offline"),
        }[self._online]
        # Records, not edits: five edits of one activity are one record waiting.
        self.online.setText(
            (
                self.tr("%1 — 1 record waiting to send")
                if self._pending == 1
                else self.tr("%1 — %2 records waiting to send")
            )
            .replace("%1", state)
            .replace("%2", str(self._pending))
        )

    def match_in_background(self) -> None:
        """Ask PARS about learners waiting for a match (SPEC §4). Entry never waits for it."""
        if self._matching or self._sync_cancel is not None or not self._online:
            return
        self._matching = True

        def done(checked: int) -> None:
            self._matching = False
            if checked:
                self.ctx.bus.publish(Changes(learners=frozenset({-1})), self)

        def failed(_e: Exception) -> None:
            self._matching = False  # offline again, or PARS refused: the next probe retries

        stop = self._quiet_cancel
        self.ctx.tasks.net(lambda: self.ctx.sync.match(stop), done, failed)

    def _changed(self, changes: Changes, initiator: object) -> None:
        if changes.outbox:
            self.refresh_pending()
        if changes.learners and initiator is not self and self._online:
            self._match_later.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._sync_cancel is not None:
            self._sync_cancel.set()
        self._quiet_cancel.set()  # a background match waiting on a silent PARS ends too
        # No background work may start once the window is going: it would outlive the wait.
        for timer in (self._probe_timer, self._match_later, self.attention.refresh_later):
            timer.stop()
        self.dashboard.stop()
        self._online = False
        self.ctx.prefs.window_geometry = self.saveGeometry()
        self.ctx.prefs.window_state = self.saveState()
        self.ctx.prefs.sync()
        self.ctx.tasks.wait()
        super().closeEvent(event)
