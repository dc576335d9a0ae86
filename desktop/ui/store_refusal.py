"""The window's word for a store that cannot be used: a dialog, then the app closes.

The same ``StoreProblem`` the command line prints in one line, worded for someone who
started the app from a desktop icon and never typed a ``--store`` path: which file, what is
wrong, what to do, and the backups they can restore listed one per line.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.models.store_problem import RESTORABLE, StoreProblem


def _tr(text: str) -> str:
    return QCoreApplication.translate("StoreRefusal", text)


# What a desktop user can do, per kind (the CLI's advice names --store; this names the file).
_WINDOW_ADVICE = {
    "corrupted": "Close PARS Desktop, move this file aside (keep it, do not delete it), copy "
    "a backup in its place under the same name, and start PARS Desktop again.",
    "half_migrated": "Close PARS Desktop, move this file aside (keep it, do not delete it), "
    "copy a backup in its place under the same name, and start PARS Desktop again.",
    "newer": "Open it with the newer PARS Desktop that last saved it. Nothing was changed.",
    "not_sqlite": "This file is not a PARS Desktop store. Nothing was changed. Move it "
    "elsewhere; PARS Desktop then starts with a new, empty store at this place.",
    "not_a_store": "This file is not a PARS Desktop store. Nothing was changed. Move it "
    "elsewhere; PARS Desktop then starts with a new, empty store at this place.",
    "not_a_file": "Something other than a file (a folder?) is at this place. Move it "
    "elsewhere and start PARS Desktop again.",
    "read_only": "Make the file writable (in its Properties or permissions), or ask your IT "
    "staff to. Nothing was changed.",
    "foreign": "It belongs to another user account. Sign in as that user, or ask them for a "
    "copy. Nothing was changed.",
    "disk_full": "Free some disk space, then start PARS Desktop again. Nothing was changed.",
}
_FALLBACK = "Close other programs that may be using it and start PARS Desktop again."


def window_text(problem: StoreProblem) -> tuple[str, str]:
    """(what is wrong with which file, what to do) — no command-line options."""
    text = _tr("PARS Desktop keeps your activities and learners in this file:") + (
        f"\n{problem.path}\n\n" + _tr("It cannot be used: %s.") % problem.reason
    )
    advice = _tr(_WINDOW_ADVICE.get(problem.kind, _FALLBACK))
    if problem.kind in RESTORABLE and not problem.backups:
        advice += " " + _tr("No backup of it was found next to it.")
    return text, advice


def refusal_box(problem: StoreProblem, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(box.tr("PARS Desktop cannot use this store"))
    text, advice = window_text(problem)
    box.setText(text)
    if problem.backups:
        advice += (
            "\n\n"
            + box.tr("Backups you can restore (newest first):")
            + "\n"
            + "\n".join(str(p) for p in problem.backups[:10])
        )
    box.setInformativeText(advice)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def show_refusal(problem: StoreProblem, parent: QWidget | None = None) -> None:
    """The one modal seam tests replace."""
    refusal_box(problem, parent).exec()
