"""A large load's own settings: a big cache and memory temp store for its transaction only,
secondary indexes built once at its end — and everything as before after it, or after a
failure."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import text

from desktop.models.records import CreditRecord
from desktop.models.services import ActivityService
from desktop.models.services import bulk_load as bulk_load_module
from desktop.models.services.bulk import NewCompletion, add_completions, insert_completions
from desktop.models.store import Store
from tests.factories import closable_activity, completion, learner


def _indexes(store: Store) -> dict[str, str]:
    with store.reading() as s:
        return dict(
            s.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            ).all()
        )


def _rows(aid: int, n: int) -> list[NewCompletion]:
    return [NewCompletion(learner(last_name=f"Load{i:04d}"), aid, completion()) for i in range(n)]


def test_indexes_dropped_for_a_large_load_are_built_again_at_its_end(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_load_module, "LARGE", 10)
    aid, _ = ActivityService(store).create(closable_activity())
    before = _indexes(store)
    seen: list[set[str]] = []
    real = bulk_load_module._drop_secondary_indexes

    def spy(cursor: object, rows: int, tables: object) -> list[str]:
        dropped = real(cursor, rows, tables)  # type: ignore[arg-type]
        seen.append({re.search(r'INDEX\s+"?(\w+)', sql)[1] for sql in dropped})  # type: ignore[index]
        return dropped

    monkeypatch.setattr(bulk_load_module, "_drop_secondary_indexes", spy)
    add_completions(store, _rows(aid, 50))
    assert (
        seen
        and {"ix_completion_activity", "ix_learner_search", "uq_completion_cme_credit"} <= (seen[0])
    )
    assert _indexes(store) == before
    with store.reading() as s:
        plan = s.execute(
            text("EXPLAIN QUERY PLAN SELECT id FROM completion WHERE activity_id = :a"), {"a": aid}
        ).all()
    assert "ix_completion_activity" in str(plan)


def test_a_failed_large_load_leaves_every_index_and_no_row(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_load_module, "LARGE", 10)
    before = _indexes(store)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        add_completions(store, _rows(12345, 50))  # no such activity
    assert _indexes(store) == before
    with store.reading() as s:
        assert s.scalar(text("SELECT count(*) FROM learner")) == 0


def test_a_unique_index_built_at_the_end_still_refuses_a_repeated_credit_id(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CME Credit ID's unique index is dropped for the load too: building it again over
    a repeated ID fails, and nothing of the load stays."""
    monkeypatch.setattr(bulk_load_module, "LARGE", 10)
    aid, _ = ActivityService(store).create(closable_activity())
    before = _indexes(store)
    assert "uq_completion_cme_credit" in before
    rows = _rows(aid, 50)
    twice = completion(credits=(CreditRecord(None, Decimal("1.5"), "ccid:test:same"),))
    rows[7] = rows[7]._replace(completion=twice)
    rows[41] = rows[41]._replace(completion=twice)
    with pytest.raises(Exception, match="UNIQUE"):
        add_completions(store, rows)
    assert _indexes(store) == before
    with store.reading() as s:
        assert s.scalar(text("SELECT count(*) FROM completion")) == 0
        assert s.scalar(text("SELECT count(*) FROM learner")) == 0


def test_the_load_settings_hold_for_its_transaction_only(store: Store) -> None:
    aid, _ = ActivityService(store).create(closable_activity())
    with store.reading() as s:
        cache = s.scalar(text("PRAGMA cache_size"))
    inside: list[object] = []
    with store.transaction(bulk=True) as s:
        assert s.scalar(text("PRAGMA temp_store")) == 2  # MEMORY
        original = bulk_load_module.bulk_load
        with original(s):
            inside.append(s.scalar(text("PRAGMA cache_size")))
        insert_completions(s, _rows(aid, 3))
        assert s.scalar(text("PRAGMA cache_size")) == cache
    assert inside == [-bulk_load_module.CACHE_KIB]
    with store.transaction() as s:
        assert s.scalar(text("PRAGMA temp_store")) == 0  # DEFAULT again
        assert s.scalar(text("PRAGMA cache_size")) == cache
