"""The window's word for a store that cannot be used: a dialog, then the app closes.

The same ``StoreProblem`` the command line prints in one line; here with the backups the
user can restore listed one per line.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.models.store_problem import StoreProblem


def refusal_box(problem: StoreProblem, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(box.tr("PARS Desktop cannot use this store"))
    box.setText(problem.message())
    if problem.backups:
        box.setInformativeText(
            box.tr("Backups you can restore (newest first):")
            + "\n"
            + "\n".join(str(p) for p in problem.backups[:10])
        )
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def show_refusal(problem: StoreProblem, parent: QWidget | None = None) -> None:
    """The one modal seam tests replace."""
    refusal_box(problem, parent).exec()
