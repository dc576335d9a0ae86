"""What the import wizard's pages share: the kinds offered, preview limits, cell colours."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

if TYPE_CHECKING:
    pass

KINDS = (
    ("Recognise from the columns", None),
    ("Learner completions", "completions"),
    ("Learners (to check with PARS)", "learners"),
    ("Activities", "activities"),
)
PREVIEW_ROWS = 1000
BAD = QColor("#fde7e9")
NOTE = QColor("#fff4ce")


def page_button(text: str) -> QPushButton:
    """A button on a page that never takes Enter: in a dialog a focused button would press
    itself ("Cancel checking", "Export failed rows…"), so Enter would never reach Next/Finish."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button


def shown(value: Any) -> str:
    """A cell as the coordinator typed it: 1234567893.0 is 1234567893, a date is MM/DD/YYYY."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date | datetime):
        return value.strftime("%m/%d/%Y")
    return str(value)
