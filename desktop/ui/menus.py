"""The menu bar: every window action, with the shortcut it answers to, where a person looks.

The toolbar keeps the everyday few; the menus hold all of them, so nothing is found only by
knowing its key. The Keyboard shortcuts dialog is read off these menus, so it cannot go stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.ui.help_dialogs import AboutDialog, GettingStartedDialog, ShortcutsDialog

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def build_menus(w: MainWindow) -> dict[str, QMenu]:
    """File, Edit, Activity, Learners, Sync, View and Help, filled from the window's actions."""
    bar = w.menuBar()
    menus: dict[str, QMenu] = {}

    def menu(title: str, *actions: QAction | None) -> None:
        m = bar.addMenu(title)
        for action in actions:
            if action is None:
                m.addSeparator()
            else:
                m.addAction(action)
        menus[title.replace("&", "")] = m

    def action(
        text: str, keys: QKeySequence | QKeySequence.StandardKey | str | None, slot: object
    ) -> QAction:
        a = QAction(text, w)
        if keys is not None:
            a.setShortcut(QKeySequence(keys))
        a.triggered.connect(slot)
        w.addAction(a)  # the shortcut works even with the menu bar hidden
        return a

    w.undo_action.setProperty("lasting_name", w.tr("Undo"))
    w.redo_action.setProperty("lasting_name", w.tr("Redo"))
    if w.settings_action.shortcut().isEmpty():  # Linux has no standard Preferences key
        w.settings_action.setShortcut(QKeySequence("Ctrl+,"))
    w.quit_action = action(w.tr("Quit"), QKeySequence.StandardKey.Quit, w.close)
    if w.quit_action.shortcut().isEmpty():  # some platforms have no standard Quit key
        w.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    w.learners_tab_action = action(
        w.tr("Learners of this activity"), "Ctrl+L", lambda: w.show_activity_tab(learners=True)
    )
    w.details_tab_action = action(
        w.tr("Details of this activity"), None, lambda: w.show_activity_tab(learners=False)
    )
    w.getting_started_action = action(
        w.tr("Getting started"), QKeySequence.StandardKey.HelpContents, w.show_getting_started
    )
    w.shortcuts_action = action(w.tr("Keyboard shortcuts"), "Ctrl+/", w.show_shortcuts)
    w.about_action = action(w.tr("About PARS Desktop"), None, w.show_about)

    menu(
        w.tr("&File"),
        w.import_action,
        w.export_action,
        None,
        w.settings_action,
        None,
        w.quit_action,
    )
    menu(w.tr("&Edit"), w.undo_action, w.redo_action, None, w.find_action)
    menu(
        w.tr("&Activity"),
        w.new_action,
        w.copy_action,
        w.series_action,
        None,
        w.details_tab_action,
        w.learners_tab_action,
    )
    menu(
        w.tr("&Learners"),
        w.learners_tab_action,
        w.page_actions[2],
        None,
        w.split_action,
        w.merge_action,
        None,
        w.import_action,
    )
    menu(w.tr("&Sync"), w.sync_action, w.page_actions[3])
    menu(w.tr("&View"), *w.page_actions)
    menu(
        w.tr("&Help"),
        w.getting_started_action,
        w.shortcuts_action,
        None,
        w.about_action,
    )
    return menus


def menu_rows(menus: dict[str, QMenu]) -> list[tuple[str, QAction]]:
    """(menu title, action) for every action in the menus, each once, in menu order."""
    seen: set[int] = set()
    rows = []
    for title, m in menus.items():
        for a in m.actions():
            if a.isSeparator() or id(a) in seen:
                continue
            seen.add(id(a))
            rows.append((title, a))
    return rows


def show_help(w: MainWindow, which: str) -> GettingStartedDialog | ShortcutsDialog | AboutDialog:
    dialog: GettingStartedDialog | ShortcutsDialog | AboutDialog
    if which == "start":
        dialog = GettingStartedDialog(w)
    elif which == "keys":
        dialog = ShortcutsDialog(menu_rows(w.menus), w)
    else:
        dialog = AboutDialog(w.ctx.core.label, w.ctx.practice, w)
    dialog.open()
    return dialog
