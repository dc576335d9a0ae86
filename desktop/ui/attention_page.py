"""Needs attention (SPEC M7): every learner record that will be, or was, turned away — with the
reason in plain words — one double-click from the cell that fixes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.changes import Changes
from desktop.ui.context import AppContext
from desktop.ui.people_undo import KeepApart, MergePeople
from desktop.ui.tasks import Pool

if TYPE_CHECKING:
    from desktop.models.queries.attention import Attention, AttentionItem

GROUPS = (
    ("unmatched", "Learners PARS does not recognise — fix before sending"),
    ("held", "Kept here until fixed — PARS would refuse them"),
    ("rejected", "Rejected by ACCME or a board"),
    ("moc_at_risk", "MOC deadlines at risk"),
    ("consent", "Credits waiting for the learner's consent"),
    ("possibly_same", "Possibly the same person — merge or keep apart"),
)
COLUMNS = ("Learner", "Activity", "Completed", "What to do")


class AttentionPage(QWidget):
    open_item = Signal(object)  # AttentionItem: open its activity's learners at the field
    counted = Signal(int)  # the total, for the navigation label

    def __init__(self, ctx: AppContext, undo_stack: QUndoStack | None = None) -> None:
        super().__init__()
        self._ctx = ctx
        # Merging and keeping apart are undone with the window's Undo (Ctrl+Z).
        self.undo_stack = undo_stack or QUndoStack(self)
        self.summary = QLabel(self.tr("Looking for records that need attention…"))
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([self.tr(c) for c in COLUMNS])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 200)
        self.tree.setColumnWidth(1, 260)
        self.tree.setColumnWidth(2, 100)
        self.tree.itemActivated.connect(self._activated)
        self.merge_button = QPushButton(self.tr("&Merge into one person"))
        self.apart_button = QPushButton(self.tr("&Keep apart"))
        self.merge_button.clicked.connect(self._merge)
        self.apart_button.clicked.connect(self._keep_apart)
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        self._enable()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.apart_button)
        col = QVBoxLayout(self)
        col.addWidget(self.summary)
        col.addWidget(self.tree, 1)
        col.addLayout(buttons)
        # Many saves in a row (a paste, a sync) refresh the list once.
        self.refresh_later = QTimer(self, singleShot=True, interval=300)
        self.refresh_later.timeout.connect(self.refresh)
        ctx.bus.data_changed.connect(self._changed)
        self.attention: Attention | None = None

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if changes.learners or changes.completions or changes.everything:
            self.refresh_later.start()

    def refresh(self) -> None:
        self._ctx.tasks.op(
            lambda: self._ctx.core.attention(), owner=self, pool=Pool.READ, publish=False
        ).done(self._show)

    def _show(self, found: Attention) -> None:
        self.attention = found
        groups = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        shown_before = {g.data(0, Qt.ItemDataRole.UserRole) for g in groups if g}
        expanded = {g.data(0, Qt.ItemDataRole.UserRole) for g in groups if g and g.isExpanded()}
        self.tree.clear()
        for key, title in GROUPS:
            items: list[AttentionItem] = getattr(found, key)
            total = found.counts.get(key, 0)
            if not total:
                continue
            shown = f" ({total})" if total == len(items) else f" ({len(items)} of {total})"
            group = QTreeWidgetItem([self.tr(title) + shown])
            group.setData(0, Qt.ItemDataRole.UserRole, key)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for item in items:
                row = QTreeWidgetItem(
                    [
                        item.learner,
                        item.activity,
                        item.when.strftime("%m/%d/%Y") if item.when else "",
                        item.reason,
                    ]
                )
                row.setToolTip(3, item.reason)
                row.setData(0, Qt.ItemDataRole.UserRole, item)
                group.addChild(row)
            # A group the coordinator folded stays folded; one that just appeared opens.
            group.setExpanded(key in expanded or key not in shown_before)
        if found.total:
            noun = self.tr("record needs") if found.total == 1 else self.tr("records need")
            self.summary.setText(
                f"{found.total} {noun} "
                + self.tr("attention. Double-click one to open it at the field to fix.")
            )
        else:
            self.summary.setText(
                self.tr("Nothing needs attention: every learner record is on track.")
            )
        self.counted.emit(found.total)

    def _pair(self) -> tuple[int, int] | None:
        row = self.tree.currentItem()
        item = row.data(0, Qt.ItemDataRole.UserRole) if row is not None else None
        other = getattr(item, "other_learner_id", None)
        if item is None or getattr(item, "kind", "") != "possibly_same" or other is None:
            return None
        return int(item.learner_id), int(other)

    def _enable(self) -> None:
        pair = self._pair() is not None
        self.merge_button.setEnabled(pair)
        self.apart_button.setEnabled(pair)

    def _merge(self) -> None:
        pair = self._pair()
        if pair is not None:
            self.undo_stack.push(MergePeople(self._ctx, *pair, self._refused))

    def _keep_apart(self) -> None:
        pair = self._pair()
        if pair is not None:
            self.undo_stack.push(KeepApart(self._ctx, *pair, self._refused))

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Not changed"), message)

    def _activated(self, row: QTreeWidgetItem, _column: int) -> None:
        item = row.data(0, Qt.ItemDataRole.UserRole)
        if not isinstance(item, str) and item is not None:
            self.open_item.emit(item)
