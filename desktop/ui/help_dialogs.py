"""Help: getting started, the keyboard shortcuts (read off the menus) and About."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__

GETTING_STARTED = """
<h2>Getting started</h2>
<p>PARS Desktop keeps your activities and learner completions on this computer and sends
them to ACCME's PARS when you sync. Everything you type is saved as you go; Ctrl+Z undoes it.</p>
<h3>The five yearly steps</h3>
<p>The Dashboard (Ctrl+1) follows the reporting year's five steps, with the countdown to the
deadline:</p>
<ol>
<li><b>Annual agreement accepted</b> — accept it in PARS, then record who and when.</li>
<li><b>Activities entered and closed</b> — every activity that started in the year is in PARS;
every one that ended is closed.</li>
<li><b>Enduring materials: Dec 31 cumulative counts</b> — one count per running material.</li>
<li><b>Program summary submitted</b> — the year's income figures, submitted in PARS.</li>
<li><b>Contacts reviewed</b> — your organisation's contacts in PARS are current.</li>
</ol>
<h3>Practice mode</h3>
<p>Until a PARS web-services account is set up (Settings, Ctrl+,), records go to a PARS
sandbox on this computer, never to ACCME — a yellow band says so. Try anything there.</p>
<h3>Entering by hand</h3>
<p>New activity (Ctrl+N), then type: Tab moves to the next field, Shift+Tab back.
Type dates as MM/DD/YYYY (3/4/26 works too) or press F4 for a calendar. Ctrl+Tab switches
between an activity's Details and Learners; in the learners grid, Tab and Enter move on.</p>
<h3>One person, many records</h3>
<p>A learner is kept once, however many activities they complete. Records of someone else
under a person's name: choose them (in Learners, Ctrl+3, or an activity's learners) and
press Ctrl+Shift+P, <i>Not the same person</i>; correct the new person's identity in the
grid. Ctrl+Shift+M, <i>Same person</i>, merges the two people whose records are chosen. Needs
attention offers to merge two people who may be one, or to keep them apart.</p>
<h3>Importing</h3>
<p>Import (Ctrl+I) takes the spreadsheets you already have — .xlsx, .xls, .csv or PARS's
tab-delimited templates — checks every row against PARS's rules and shows what is wrong
before anything is saved.</p>
<h3>Sync</h3>
<p>Sync (F5) sends everything waiting. Records PARS refuses are listed on the Sync page
(Ctrl+5) and open at the field to fix; Needs attention (Ctrl+4) lists what to fix before
sending.</p>
"""


def _closing(dialog: QDialog, layout: QVBoxLayout) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)


class GettingStartedDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Getting started"))
        self.text = QTextBrowser()
        self.text.setHtml(self.tr(GETTING_STARTED))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        _closing(self, layout)
        self.resize(620, 560)


class ShortcutsDialog(QDialog):
    """Every menu action that has a shortcut, as the menus show it."""

    def __init__(self, rows: Sequence[tuple[str, QAction]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        extra = [
            (self.tr("Next field / previous field"), "Tab / Shift+Tab"),
            (self.tr("An activity's Details and Learners tabs"), "Ctrl+Tab / Ctrl+Shift+Tab"),
            (self.tr("Calendar in a date field"), "F4 or Alt+Down"),
            (self.tr("Clear a date"), "Delete"),
            (self.tr("Learners grid: save the learner, start the next"), "Tab at row end / Enter"),
            (self.tr("Learners grid: change a cell (typing replaces it)"), "F2"),
            (self.tr("Choose more records in a list or the learners grid"), "Shift+arrows"),
            (self.tr("The menu of the chosen records"), "Menu key / Shift+F10"),
        ]
        listed = [
            (f"{menu} → {action_name(action)}", shortcut_text(action))
            for menu, action in rows
            if not action.shortcut().isEmpty()
        ] + extra
        self.table = QTableWidget(len(listed), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (name, keys) in enumerate(listed):
            self.table.setItem(i, 0, QTableWidgetItem(name))
            self.table.setItem(i, 1, QTableWidgetItem(keys))
        self.table.resizeColumnToContents(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        _closing(self, layout)
        self.resize(520, 600)


class AboutDialog(QDialog):
    def __init__(self, store_path: str, practice: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About PARS Desktop"))
        mode = (
            self.tr("Practice mode: records go to the PARS sandbox on this computer.")
            if practice
            else self.tr("Live: records go to ACCME's PARS.")
        )
        self.text = QLabel(
            "<h3>PARS Desktop</h3>"
            + self.tr("<p>Version %1</p>").replace("%1", __version__)
            + self.tr("<p>Store: %1</p>").replace("%1", html.escape(store_path))
            + f"<p>{mode}</p>"
        )
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        _closing(self, layout)


def action_name(action: QAction) -> str:
    """The action's lasting name: Undo's text changes with what it would undo."""
    name = action.property("lasting_name")
    return str(name) if name else action.text().replace("&", "")


def shortcut_text(action: QAction) -> str:
    return " or ".join(
        k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
    )
