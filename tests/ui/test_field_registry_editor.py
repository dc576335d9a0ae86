"""The activity editor shows a widget for every field of the registry, labelled as it says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.models import fields as registry
from desktop.ui.context import AppContext
from desktop.ui.editor.field_binding import is_plain
from desktop.ui.editor.field_widgets import CheckList, Choice
from desktop.ui.fields import CountField, DateField, DecimalField
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity
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


def test_bound_fields_show_the_stored_record_and_save_what_is_typed(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    record = closable_activity(rems_type="Opioid Analgesic", rems_grant_id="EG-12", mips=True)
    activity_id, _ = ui.core.activities.create(record)
    window.open_activity(activity_id)
    editor = window.workspace.editor
    qtbot.waitUntil(lambda: editor.activity_id == activity_id)
    settle(qtbot, ui)
    bound = 0
    for f in registry.ACTIVITY_FIELDS:
        w = editor.field_widgets[f.key]
        if not is_plain(f, w):
            continue
        bound += 1
        stored = getattr(record, f.key)
        if isinstance(w, Choice):
            assert w.choice() == (stored if stored != "" else None), f.key
        elif isinstance(w, DateField):
            assert w.value() == stored, f.key
        elif isinstance(w, DecimalField):
            assert w.decimal() == stored, f.key
        elif isinstance(w, CountField):
            assert w.count() == stored, f.key
        elif isinstance(w, CheckList):
            assert w.checked() == stored, f.key
        else:
            assert isinstance(w, QCheckBox) and w.isChecked() == stored, f.key
    assert bound >= 15
    # Typed as a person does: the count saves through the registry's binding.
    editor.others.setFocus()
    QTest.keyClick(editor.others, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor.others, "7")
    QTest.keyClick(editor.others, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ui.core.activities.get(activity_id).other_learners == 7, timeout=5000)
    # A tick box too: Space on MIPS clears it in the store.
    editor.scroll_area.ensureWidgetVisible(editor.mips)
    editor.mips.setFocus()
    QTest.keyClick(editor.mips, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: ui.core.activities.get(activity_id).mips is False, timeout=5000)
