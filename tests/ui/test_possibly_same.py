"""Needs attention lists two people who may be one; Merge and Keep apart, each undone by
Ctrl+Z."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.entities import Completion, Learner
from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity, completion, learner
from tests.ui.conftest import settle

GROUP = "Possibly the same person"


def _group(window: MainWindow) -> list[str]:
    tree = window.attention.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top is not None and top.text(0).startswith(GROUP):
            return [top.child(j).text(0) for j in range(top.childCount())]  # type: ignore[union-attr]
    return []


def _select_pair(window: MainWindow) -> None:
    tree = window.attention.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top is not None and top.text(0).startswith(GROUP):
            first = top.child(0)
            assert first is not None
            tree.setCurrentItem(first)


def _owners(store: Store) -> list[tuple[int, str]]:
    with store.reading() as s:
        return [
            (cid, state)
            for cid, state in s.execute(
                select(Completion.id, Learner.license_state)
                .join(Learner, Learner.id == Completion.learner_id)
                .order_by(Completion.id)
            )
        ]


def _near_miss(ui: AppContext) -> None:
    activity_id, _ = ui.core.activities.create(closable_activity())
    _, changes = ui.core.learners.enter_completions(
        activity_id,
        [(learner(), completion()), (learner(license_state="WI", npi=""), completion())],
    )
    ui.bus.publish(changes, None)


def test_possibly_the_same_person_is_merged_and_the_merge_undone(
    window: MainWindow, ui: AppContext, store: Store, qtbot: QtBot
) -> None:
    _near_miss(ui)
    window.nav.setCurrentRow(3)
    qtbot.waitUntil(lambda: _group(window) == ["Testperson, Avery"], timeout=10_000)
    before = _owners(store)
    assert [state for _, state in before] == ["IL", "WI"]
    assert not window.attention.merge_button.isEnabled()
    _select_pair(window)
    assert window.attention.merge_button.isEnabled()
    qtbot.mouseClick(window.attention.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [s for _, s in _owners(store)] == ["IL", "IL"])
    qtbot.waitUntil(lambda: _group(window) == [], timeout=10_000)

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _owners(store) == before)
    qtbot.waitUntil(lambda: _group(window) == ["Testperson, Avery"], timeout=10_000)
    settle(qtbot, ui)


def test_two_people_kept_apart_leave_the_list_until_undone(
    window: MainWindow, ui: AppContext, store: Store, qtbot: QtBot
) -> None:
    _near_miss(ui)
    window.nav.setCurrentRow(3)
    qtbot.waitUntil(lambda: _group(window) == ["Testperson, Avery"], timeout=10_000)
    _select_pair(window)
    qtbot.mouseClick(window.attention.apart_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _group(window) == [], timeout=10_000)
    assert [s for _, s in _owners(store)] == ["IL", "WI"]  # two people still
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _group(window) == ["Testperson, Avery"], timeout=10_000)
    settle(qtbot, ui)


def test_a_split_is_one_undo_step(ui: AppContext, store: Store, qtbot: QtBot) -> None:
    from PySide6.QtGui import QUndoStack

    from desktop.ui.people_undo import SplitPerson

    first, _ = ui.core.activities.create(closable_activity(provider_activity_id="GR-1"))
    second, _ = ui.core.activities.create(closable_activity(provider_activity_id="GR-2"))
    ui.core.learners.enter_completions(first, [(learner(), completion())])
    (moved,), _ = ui.core.learners.enter_completions(second, [(learner(), completion())])
    with store.reading() as s:
        (person,) = s.scalars(select(Learner.id)).all()
    stack = QUndoStack()
    command = SplitPerson(ui, person, [moved], lambda e: pytest.fail(e))
    stack.push(command)
    qtbot.waitUntil(lambda: command.new_person is not None)

    def owner() -> int | None:
        with store.reading() as s:
            return s.scalar(select(Completion.learner_id).where(Completion.id == moved))

    qtbot.waitUntil(lambda: owner() == command.new_person)
    stack.undo()
    qtbot.waitUntil(lambda: owner() == person)
    with store.reading() as s:
        assert s.scalars(select(Learner.id)).all() == [person]
