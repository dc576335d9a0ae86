"""The main window: navigation, toolbar, pages, practice banner, status and sync."""

from __future__ import annotations

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

if TYPE_CHECKING:
    from desktop.models.queries.attention import AttentionItem
from desktop.ui.activities_page import ActivitiesPage
from desktop.ui.activity_workspace import ActivityWorkspace
from desktop.ui.app_icon import app_icon
from desktop.ui.attention_page import AttentionPage
from desktop.ui.connectivity import ConnectivityMonitor
from desktop.ui.context import AppContext
from desktop.ui.dashboard.dashboard_page import DashboardPage
from desktop.ui.export_dialog import ExportDialog
from desktop.ui.learners_page import LearnersPage
from desktop.ui.menus import build_menus, show_help
from desktop.ui.person_actions import PersonActions
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.sync_controller import SyncController
from desktop.ui.sync_page import SyncPage, describe
from desktop.ui.tasks import Pool
from desktop.ui.wizards.copy_wizard import CopyWizard
from desktop.ui.wizards.created_undo import CreatedActivities
from desktop.ui.wizards.import_wizard import ImportWizard
from desktop.ui.wizards.repeat_wizard import RepeatWizard

PAGES = ("Dashboard", "Activities", "Learners", "Needs attention", "Sync")
ACTIVITIES_PAGE, LEARNERS_PAGE, ATTENTION_PAGE, SYNC_PAGE = 1, 2, 3, 4


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
        self.setWindowIcon(app_icon())
        self.banner = QLabel()
        self.banner.setObjectName("practiceBanner")
        self.banner.setStyleSheet(
            "QLabel#practiceBanner { background: #fff4ce; color: #5c4400; padding: 6px 10px; font-weight: bold; }"
        )
        self.banner.setText(
            self.tr(
                "Practice mode — records go to a local PARS sandbox, not to ACCME. Learner "
                "matching is simulated: any well-formed identity is recognised, except the "
                "example surnames “Notfound” (not found) and “Several” (several candidates)."
            )
        )
        self.banner.setWordWrap(True)
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
        # Extra width goes to the editor first: its form is what a coordinator types into.
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
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
        self.syncer = SyncController(ctx, self)
        self.syncer.started.connect(lambda: self.sync_action.setEnabled(False))
        self.syncer.finished.connect(self._sync_done)
        self.connectivity = ConnectivityMonitor(ctx, lambda: self.syncer.running, self)
        self.online = self.connectivity.label
        self.statusBar().addPermanentWidget(self.online)
        self.statusBar().showMessage(ctx.prefs.last_sync or self.tr("Not synced yet."))
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
        self.learners.open_record.connect(self.open_record)
        self.sync_page.open_problem.connect(self.open_problem)
        self.attention.open_item.connect(self.open_attention_item)
        self.dashboard.open_activity.connect(self.open_activity)
        self.attention.counted.connect(self._show_attention_count)
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

    def start_loading(self) -> None:
        """Runs once, right after the first paint: open the store (on the database thread),
        fill every page, then look for PARS."""

        def provider_read(read: tuple[ProviderRecord | None, bool]) -> None:
            provider, self.ctx.practice = read
            self.banner.setVisible(self.ctx.practice)
            if provider is None and self._ask_first_run:
                SettingsDialog(self.ctx, self, first_run=True).open()

        self.ctx.tasks.op(
            lambda: (self.ctx.core.provider.get(), self.ctx.core.practice()),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(provider_read)
        self.activities.load()
        self.learners.model.reload()
        self.dashboard.refresh()
        self.attention.refresh()
        self.sync_page.refresh_conflicts()
        self.connectivity.start()
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
        # The platform's Redo (Ctrl+Y on Windows and Linux) and Ctrl+Shift+Z, which the README
        # promises and people bring from other apps: both work everywhere.
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        self.redo_action.setShortcuts(redo_keys)
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
        # The learner directory's actions on the records chosen in a list or the grid.
        self.people_actions = PersonActions(self.ctx, undo, self)
        self.people_actions.done.connect(lambda said: self.statusBar().showMessage(said, 15000))
        self.split_action = QAction(self.tr("Not the same person: split off…"), self)
        self.split_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.split_action.setToolTip(
            self.tr("Give the chosen records to a new person (they are not this person's)")
        )
        self.split_action.triggered.connect(
            lambda: self._on_chosen_records(self.people_actions.split)
        )
        self.merge_action = QAction(self.tr("Same person: merge…"), self)
        self.merge_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.merge_action.setToolTip(
            self.tr("Make one person of the two people the chosen records belong to")
        )
        self.merge_action.triggered.connect(
            lambda: self._on_chosen_records(self.people_actions.merge)
        )
        for action in (self.split_action, self.merge_action):
            self.addAction(action)
            self.learners.record_actions.append(action)
            self.workspace.record_actions.append(action)
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

    def _on_chosen_records(self, act: Callable[[list[int]], None]) -> None:
        """Act on the records chosen in Learners, or in the open activity's learners."""
        page = self.pages.currentIndex()
        if page == LEARNERS_PAGE:
            act(self.learners.selected_completions())
        elif page == ACTIVITIES_PAGE and self.workspace.showing_learners():
            act(self.workspace.grid.selected_completions())
        else:
            self.statusBar().showMessage(
                self.tr(
                    "Choose the records first: in Learners (Ctrl+3) or in an activity's "
                    "learners (Ctrl+L)."
                ),
                8000,
            )

    def _focus_search(self) -> None:
        page = self.pages.currentIndex()
        (self.learners.search if page == LEARNERS_PAGE else self.activities.search).setFocus()

    def new_activity(self) -> None:
        def created(result: tuple[int, Changes]) -> None:
            activity_id, _changes = result
            self.nav.setCurrentRow(1)
            self.open_activity(activity_id, field="title")

        self.ctx.tasks.op(
            self.ctx.core.activities.create, owner=self, pool=Pool.WRITE, publish=True
        ).done(created)

    def _current_activity(self) -> int | None:
        return self.workspace.activity_id or self.activities.selected_id()

    def copy_activity(self, source: int | None = None) -> CopyWizard:
        """The copy wizard, from the activity in view (or the one asked for)."""
        wizard = CopyWizard(self.ctx, source or self._current_activity(), self)

        def created(activity_id: int, _changes: Changes, record: ActivityRecord) -> None:
            ids = [activity_id]

            def remove() -> Changes:
                return self.ctx.core.activities.remove_created(ids)

            def recreate() -> Changes:
                new_id, changes = self.ctx.core.activities.create(record)
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
                return self.ctx.core.series.remove(current[0])

            def recreate() -> Changes:
                new_id, _ids, changes = self.ctx.core.series.create(*request)
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
                return self.ctx.core.activities.remove_created(ids)

            def recreate() -> Changes:
                new_id, changes = self.ctx.core.series.create_one_rss(*request)
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

    def open_record(self, activity_id: int, completion_id: int) -> None:
        """A learner record in its activity's learners, its row current (to correct it)."""
        self.open_activity(activity_id, learners=True)
        self.workspace.grid.focus_completion(completion_id, "last_name")

    def open_problem(self, problem: RecordProblem) -> None:
        """Open the record a sync result is about, at the failing field."""
        if problem.entity == "activity":
            self.open_activity(problem.entity_id, field=problem.field or "title")
            return

        def found(activity_id: int | None) -> None:
            if activity_id is not None:
                self.open_activity(activity_id, learners=True)
                self.workspace.grid.focus_completion(problem.entity_id, problem.field)

        self.ctx.tasks.op(
            lambda: self.ctx.core.learners.activity_of(problem.entity_id),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(found)

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
            self.ctx.practice = self.ctx.core.practice()  # decided by the core, once
            self.banner.setVisible(self.ctx.practice)
            # The dialog's save published Changes(provider=True) (e.g. a new deadline).
            self.probe()

    # --- sync and connectivity (their own objects; the window words the result) ------------

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        return self.syncer.progress_dialog

    def start_sync(self) -> None:
        self.syncer.start()

    def _sync_done(self, report: SyncReport) -> None:
        self.sync_action.setEnabled(True)
        text = describe(report)
        self.ctx.prefs.last_sync = text
        self.statusBar().showMessage(text)
        self.sync_page.show_report(report)
        if report.problems or report.conflicts or report.error:
            self.nav.setCurrentRow(SYNC_PAGE)
        self.sync_finished.emit(report)

    def probe(self) -> None:
        self.connectivity.probe()

    def refresh_pending(self) -> None:
        self.connectivity.refresh_pending()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.syncer.cancel()
        self.connectivity.stop()
        # No background work may start once the window is going: it would outlive the wait.
        self.attention.refresh_later.stop()
        self.dashboard.stop()
        self.ctx.prefs.window_geometry = self.saveGeometry()
        self.ctx.prefs.window_state = self.saveState()
        self.ctx.prefs.sync()
        self.ctx.tasks.wait()
        super().closeEvent(event)
