"""The activity editor shows a widget for every field of the registry, labelled as it says."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.models import fields as registry
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle


def test_the_editor_has_a_widget_for_every_registry_field(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    window.new_activity()
    editor = window.workspace.editor
    qtbot.waitUntil(lambda: editor.activity_id is not None)
    settle(qtbot, ui)
    seen: dict[int, str] = {}
    for f in registry.ACTIVITY_FIELDS:
        assert f.key in editor.field_widgets, f"{f.key} has no widget in the editor"
        w = editor.widget_for(f.key)
        assert isinstance(w, QWidget)
        assert editor.isAncestorOf(w), f.key
        assert id(w) not in seen, (f.key, seen.get(id(w)))  # one widget per field
        seen[id(w)] = f.key
    # The form's row labels are the registry's.
    shown: set[str] = set()
    for form in editor.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                shown.add(label.text())
    for key in ("provider_activity_id", "passport_fee", "rems_grant_id", "physician_learners"):
        assert registry.BY_KEY[key].row_label in shown, (key, shown)
    assert editor.mips.text() == registry.BY_KEY["mips"].row_label
