"""An open activity: its details (the editor) and its learners (the grid), as two tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.ui.context import AppContext
from desktop.ui.editor.activity_editor import ActivityEditor
from desktop.ui.learners_grid import LearnersGrid


class ActivityWorkspace(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        # One undo history for the window; the editor itself is built when first needed.
        self.undo_stack = QUndoStack(self)
        self._editor: ActivityEditor | None = None
        self._grid: LearnersGrid | None = None
        self.record_actions: list[QAction] = []  # the window's actions on chosen records
        self.tabs = QTabWidget()
        self.empty = QLabel(
            self.tr("Choose an activity, or create one with New activity (Ctrl+N).")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.tabs)
        self.tabs.setVisible(False)
        self.activity_id: int | None = None
        self._focus: str | None = None
        # Ctrl+Tab is taken here, before any field sees it, so it only switches the tab and the
        # cursor lands in the first field of the tab shown (keys then go where the person looks).
        for keys, step in (("Ctrl+Tab", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+Backtab", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.switch_tab(step))

    @property
    def editor(self) -> ActivityEditor:
        if self._editor is None:
            self._editor = ActivityEditor(self._ctx, self.undo_stack)
            self._editor.loaded.connect(self._loaded)
            self.tabs.insertTab(0, self._editor, self.tr("&Details"))
        return self._editor

    @property
    def grid(self) -> LearnersGrid:
        if self._grid is None:
            self._grid = LearnersGrid(self._ctx)
            self._grid.record_actions = self.record_actions
            self.editor  # noqa: B018 - the Details tab comes first
            self.tabs.addTab(self._grid, self.tr("&Learners"))
        return self._grid

    def open(self, activity_id: int, field: str | None = None, learners: bool = False) -> None:
        """Show an activity; with ``field``, put the cursor there once it has loaded."""
        self.activity_id = activity_id
        self._focus = field
        self.empty.setVisible(False)
        self.tabs.setVisible(True)
        self.editor.load(activity_id)
        self.grid.grid.load(activity_id)
        self.tabs.setCurrentWidget(self.grid if learners else self.editor)

    def showing_learners(self) -> bool:
        """Whether an activity's learners grid is the tab on show."""
        return (
            self.tabs.isVisible()
            and self._grid is not None
            and self.tabs.currentWidget() is self._grid
        )

    def switch_tab(self, step: int) -> None:
        """Show the next (or previous) tab and put the cursor in it."""
        if not self.tabs.isVisible() or self.tabs.count() < 2:
            return
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        page = self.tabs.currentWidget()
        if page is self._editor and self._editor is not None:
            self._editor.title.setFocus(Qt.FocusReason.TabFocusReason)
        elif page is self._grid and self._grid is not None:
            grid = self._grid
            if not grid.currentIndex().isValid() and grid.grid.rowCount():
                # Ready to type a new learner: the entry row, first column.
                grid.setCurrentIndex(grid.grid.index(grid.grid.rowCount() - 1, 0))
            grid.setFocus(Qt.FocusReason.TabFocusReason)

    def _loaded(self, activity_id: int) -> None:
        if self._focus and activity_id == self.activity_id:
            self.editor.focus_field(self._focus)
        self._focus = None
