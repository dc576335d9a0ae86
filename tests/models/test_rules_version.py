"""A change to the rules recomputes the stored ``rule_level`` on open (issue 16, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from desktop.models.entities import Activity
from desktop.models.records import ActivityRecord
from desktop.models.rules import version
from desktop.models.rules.activity_status import rule_level
from desktop.models.rules.problems import Status
from desktop.models.services import ActivityService
from desktop.models.store import open_store
from tests.factories import closable_activity


def _levels(path: Path) -> dict[str, int | None]:
    store = open_store(path)
    try:
        with store.reading() as s:
            rows = s.execute(select(Activity.provider_activity_id, Activity.rule_level)).all()
            return {pai: level for pai, level in rows}
    finally:
        store.close()


def test_a_rules_version_bump_recomputes_every_level_on_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite3"
    store = open_store(path)
    ActivityService(store).create(closable_activity(provider_activity_id="A-1"))
    ActivityService(store).create(ActivityRecord(provider_activity_id="A-2", title="Half"))
    with store.transaction() as s:
        # What older rules had judged: levels this version's rules do not give.
        s.execute(update(Activity).values(rule_level=int(Status.DRAFT)))
        assert s.execute(text("PRAGMA user_version")).scalar() == version.RULES_VERSION
    store.close()
    assert _levels(path) == {"A-1": int(Status.DRAFT), "A-2": int(Status.DRAFT)}  # same rules
    monkeypatch.setattr(version, "RULES_VERSION", version.RULES_VERSION + 1)
    assert _levels(path) == {
        "A-1": rule_level(closable_activity(provider_activity_id="A-1")),
        "A-2": rule_level(ActivityRecord(provider_activity_id="A-2", title="Half")),
    }
    assert _levels(path)["A-1"] != int(Status.DRAFT)
    store = open_store(path)
    with store.reading() as s:
        assert s.execute(text("PRAGMA user_version")).scalar() == version.RULES_VERSION
    store.close()
