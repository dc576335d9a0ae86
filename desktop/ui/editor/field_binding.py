"""Connecting a registry field's plain widget to the record: what it says when edited, and how
it shows a stored value. Composite widgets (delivery, supporters, outcomes, MOC, yearly counts)
are wired by the editor itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from desktop.models.fields import ActivityField, Widget
from desktop.ui.editor.field_widgets import CheckList, Choice
from desktop.ui.fields import CountField, DateField, DecimalField

# The kinds bound here; a CHECKS field is bound when its widget is a CheckList.
PLAIN = frozenset(
    {Widget.CHOICE, Widget.YES_NO, Widget.DATE, Widget.DECIMAL, Widget.COUNT, Widget.CHECK}
)


def is_plain(field: ActivityField, widget: QWidget) -> bool:
    return field.widget in PLAIN or (
        field.widget is Widget.CHECKS and isinstance(widget, CheckList)
    )


def bind(widget: QWidget, empty: Any, edited: Callable[[Any], None]) -> None:
    """Call ``edited`` with the widget's value each time the person changes it; ``empty`` is the
    record's value for "nothing chosen" ("" for text codes such as the state)."""
    if isinstance(widget, Choice):
        widget.edited.connect(lambda: edited(_or(widget.choice(), empty)))
    elif isinstance(widget, DateField):
        widget.edited.connect(lambda: edited(widget.value()))
    elif isinstance(widget, DecimalField):
        widget.edited.connect(lambda: edited(widget.decimal()))
    elif isinstance(widget, CountField):
        widget.edited.connect(lambda: edited(widget.count()))
    elif isinstance(widget, CheckList):
        widget.edited.connect(lambda: edited(widget.checked()))
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(edited)
    else:
        raise TypeError(f"no binding for {type(widget).__name__}")


def show(widget: QWidget, value: Any) -> None:
    """Show a stored value (silently: the widgets' own ``edited`` is for the person's changes)."""
    if isinstance(widget, Choice):
        widget.set_choice(value if value != "" else None)
    elif isinstance(widget, DateField):
        widget.set_value(value)
    elif isinstance(widget, DecimalField):
        widget.set_decimal(value)
    elif isinstance(widget, CountField):
        widget.set_count(value)
    elif isinstance(widget, CheckList):
        widget.set_checked(value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    else:
        raise TypeError(f"no binding for {type(widget).__name__}")


def _or(value: Any, empty: Any) -> Any:
    return empty if value is None else value
