"""Bulk paths for imports and seeding: ``executemany`` inserts in one transaction.

Learners and completions go straight to the DB-API cursor with values in the store's text
forms (SQLAlchemy's per-value type handling cost more than SQLite's own work at 100,000 rows);
activities use Core. The journal promise still holds: an activity gets its outbox entry in the same
transaction, a completion is written with its pending state (its state is its outbox entry:
the sync sends what is queued), and each gets an audit entry (per record here, per import
batch on import).
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desktop.models.changes import Changes
from desktop.models.entities import (
    Activity,
    AuditEntry,
    Completion,
    Learner,
    OutboxEntry,
)
from desktop.models.entities.base import stored_timestamp, table_of, utcnow
from desktop.models.fields import SCALAR_KEYS
from desktop.models.mapping import on_row, search_key
from desktop.models.people import Directory, board_ids_json, fill_in, identity_changed
from desktop.models.records import ActivityRecord, CompletionRecord, LearnerRecord
from desktop.models.rules.activity_status import rule_level
from desktop.models.rules.moc_learner_rules import check_holds
from desktop.models.services.bulk_load import bulk_load, index_rebuild
from desktop.models.services.overlap import CHUNK, ChunkWriter, overlap_mode
from desktop.models.store import Store
from desktop.models.sync_states import OutboxAction, SyncState


class NewCompletion(NamedTuple):
    """One row of a bulk load: a learner (found in the directory or new) and their completion
    of an existing activity. A tuple: an import's checked rows are already in this shape, so
    a load of 100,000 does not build 100,000 more objects."""

    learner: LearnerRecord
    activity_id: int
    completion: CompletionRecord


def add_completions(
    store: Store, rows: Sequence[NewCompletion], import_batch_id: int | None = None
) -> Changes:
    """Insert learners, completions, credits and audit rows for ``rows`` at once."""
    if not rows:
        return Changes()
    with store.transaction() as s:
        changes = insert_completions(s, rows, import_batch_id)
        s.execute(
            insert(table_of(AuditEntry)),
            [
                {
                    "at": utcnow(),
                    "entity": "completion",
                    "entity_id": cid,
                    "action": "create",
                    "field": "",
                    "old_value": None,
                    "new_value": None,
                }
                for cid in sorted(changes.completions)
            ],
        )
        return changes


def insert_learners(
    s: Session, learners: Sequence[LearnerRecord], import_batch_id: int | None = None
) -> list[int]:
    """New learners (waiting to be matched), inside the caller's transaction."""
    if not learners:
        return []
    learner_ids = _next_ids(s, Learner, len(learners))
    _insert_learner_rows(s, list(zip(learner_ids, learners, strict=True)), import_batch_id)
    return learner_ids


def _insert_learner_rows(
    s: Session, rows: Sequence[tuple[int, LearnerRecord]], import_batch_id: int | None
) -> None:
    if rows:
        now = stored_timestamp(utcnow())
        _cursor(s).executemany(learner_insert(import_batch_id, now), _learner_tuples(rows))


# Explicit ids let every table go in one executemany; RETURNING with guaranteed order would
# make SQLAlchemy fall back to one statement per row on SQLite. What is the same for every
# row of a load (its batch, its time, a new learner's match state) is written into the
# statement, not bound row by row: binding was a fifth of SQLite's time.
def _literals(import_batch_id: int | None, now: str) -> str:
    """The load's batch id and timestamp as SQL literals (both ours: an int and a time)."""
    if not _STORED_TIME.fullmatch(now):
        raise ValueError(f"not a stored timestamp: {now!r}")
    batch = "NULL" if import_batch_id is None else str(int(import_batch_id))
    return f"{batch}, '{now}', '{now}'"


_STORED_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?")


def learner_insert(import_batch_id: int | None, now: str) -> str:
    return (
        "INSERT INTO learner (id, first_name, last_name, birth_month, birth_day, license_state,"
        " license_number, npi, search_key, board_ids, consent, consent_date, consent_source,"
        " match_status, match_detail, import_batch_id, created_at, updated_at)"
        f" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, 'not_checked', '{{}}', {_literals(import_batch_id, now)})"
    )


def completion_insert(import_batch_id: int | None, now: str) -> str:
    return (
        "INSERT INTO completion (id, learner_id, activity_id, completion_date, rems_type, state,"
        " state_reason, cme_points, cme_credit_id, sync_errors, replaces_id, import_batch_id,"
        f" created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?, '[]', NULL,"
        f" {_literals(import_batch_id, now)})"
    )


def _learner_tuples(
    rows: Sequence[tuple[int, LearnerRecord]], search_keys: Sequence[str] | None = None
) -> list[tuple[Any, ...]]:
    """Learner rows as ``learner_insert`` binds them; ``search_keys`` (row for row) when the
    caller has them already."""
    if search_keys is None:
        search_keys = [search_key(r.last_name, r.first_name) for _, r in rows]
    # A sheet's consents repeat: each (consent, date) pair is written out once.
    consents = {
        pair: (pair[0].value if pair[0] else None, pair[1].isoformat() if pair[1] else None)
        for pair in {(r.consent, r.consent_date) for _, r in rows}
    }
    return [
        (
            lid,
            r.first_name,
            r.last_name,
            r.birth_month,
            r.birth_day,
            r.license_state,
            r.license_number,
            r.npi,
            key,
            board_ids_json(r.board_ids) if r.board_ids else "{}",
            *consents[(r.consent, r.consent_date)],
            r.consent_source,
        )
        for (lid, r), key in zip(rows, search_keys, strict=True)
    ]


@dataclass
class People:
    """Who the rows of a load are: each row's person id, the new people (with their search
    keys) and what rows add to people already known."""

    ids: list[int]
    new: list[tuple[int, LearnerRecord]]
    new_search_keys: list[str]
    filled: dict[int, dict[str, Any]]


def resolve_people(s: Session, learners: Sequence[LearnerRecord]) -> People:
    """The person of each record: found in the directory (with what they lacked to fill in)
    or new, added once however many rows name them. Writes nothing."""
    keys = Directory.keys(learners)
    directory = Directory.load(s, keys)
    start = _next_ids(s, Learner, 1)[0]
    if directory.empty() and len(set(keys)) == len(keys):
        # Nobody stored has any row's key and no row repeats one (a first import): every
        # row is someone new, with nothing to look up row by row.
        fresh = list(range(start, start + len(learners)))
        return People(fresh, list(zip(fresh, learners, strict=True)), [k[0] for k in keys], {})
    ids: list[int] = []
    new: list[tuple[int, LearnerRecord]] = []
    new_keys: list[str] = []
    filled: dict[int, dict[str, Any]] = {}
    for r, key in zip(learners, keys, strict=True):
        known = directory.find(r, key) if key in directory else None
        if known is None:
            lid = start + len(new)
            new.append((lid, r))
            new_keys.append(key[0])
            directory.add(lid, r, key)
            ids.append(lid)
            continue
        change = fill_in(known, r)
        if change is not None:
            filled.setdefault(known.id, {}).update(change)
        ids.append(known.id)
    return People(ids, new, new_keys, filled)


def _fill_in_people(s: Session, filled: dict[int, dict[str, Any]]) -> None:
    """Write what rows added to people already known; a new identifier means PARS matches
    the person again (its refused records are judged again by the next sync's match)."""
    if not filled:
        return
    now = stored_timestamp(utcnow())
    cursor = _cursor(s)
    for lid, change in filled.items():
        values = dict(change)
        if "board_ids" in values:
            values["board_ids"] = json.dumps(values["board_ids"])
        if values.get("consent_date") is not None:
            values["consent_date"] = values["consent_date"].isoformat()
        if identity_changed(change):
            values.update(match_status="not_checked", match_checked_at=None, match_detail="{}")
        values["updated_at"] = now
        cursor.execute(
            f"UPDATE learner SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
            [*values.values(), lid],
        )


def insert_completions(
    s: Session, rows: Sequence[NewCompletion], import_batch_id: int | None = None
) -> Changes:
    """``add_completions`` inside the caller's transaction (an import's commit).

    Written on the DB-API cursor with values already in the store's text forms (what the
    column types would write): SQLAlchemy's per-value type processing cost more than SQLite's
    own work at 100,000 rows. ``tests/models/test_bulk.py`` reads the rows back through the
    ORM to hold the two paths equal.
    """
    if not rows:
        return Changes()
    with bulk_load(s):
        return _write_completions(s, rows, import_batch_id)


# The tables a completion load writes (their secondary indexes may be built at its end).
_LOADED = ("learner", "completion", "completion_credit")


def _write_completions(
    s: Session, rows: Sequence[NewCompletion], import_batch_id: int | None
) -> Changes:
    now = stored_timestamp(utcnow())
    people = resolve_people(s, [r[0] for r in rows])
    new = people.new
    completion_ids = _next_ids(s, Completion, len(rows))
    with index_rebuild(s, len(rows), _LOADED):  # after the directory used its index
        _fill_in_people(s, people.filled)
        # From here the connection is the writer's until it is closed (see overlap.py).
        writer = ChunkWriter(lambda: _cursor(s), overlap_mode(len(rows)))
        try:
            insert = learner_insert(import_batch_id, now)
            for i in range(0, len(new), CHUNK):
                keys = people.new_search_keys[i : i + CHUNK]
                writer.put(insert, _learner_tuples(new[i : i + CHUNK], keys))
            _insert_completion_rows(
                writer, rows, completion_ids, people.ids, completion_insert(import_batch_id, now)
            )
        finally:
            writer.close()
    touched = {lid for lid, _ in new} | set(people.filled)
    return Changes(learners=frozenset(touched), completions=frozenset(completion_ids), outbox=True)


def _insert_completion_rows(
    writer: ChunkWriter,
    rows: Sequence[NewCompletion],
    completion_ids: list[int],
    learner_ids: list[int],
    insert: str,
) -> None:
    """Completions and their credits, handed to ``writer`` chunk by chunk.

    The checker hands rows whose cells are alike one shared ``CompletionRecord``, and a
    sheet's learners share a handful of (consent, boards given an ID) shapes: each row is
    looked up once by both, and what they make of it — the row's columns after its ids, its
    CME credit on the row, its other credits — is worked out once per distinct pair."""
    next_credit_id = credit_id_sequence()
    shapes: dict[tuple[Any, ...], _Shape] = {}
    for at in range(0, len(rows), CHUNK):
        completions: list[tuple[Any, ...]] = []
        credits: list[tuple[Any, ...]] = []
        for i in range(at, min(at + CHUNK, len(rows))):
            learner, activity_id, c = rows[i]
            boards = learner.board_ids
            key = (
                id(c),  # every record lives through the load: its id stays its own
                learner.consent,
                learner.consent_date is not None,
                # The checker fills board IDs in its columns' order: no sorting for a key.
                tuple(b for b, v in boards.items() if v.strip()) if boards else (),
            )
            shape = shapes.get(key)
            if shape is None:
                shape = shapes[key] = _shape(learner, c)
            tail, on_row_credit, others = shape
            cid = completion_ids[i]
            if on_row_credit is None:
                completions.append((cid, learner_ids[i], activity_id, *tail, None, None))
            else:
                points, given = on_row_credit
                completions.append(
                    (cid, learner_ids[i], activity_id, *tail, points, given or next_credit_id())
                )
            for board, points, credit_id, credit_type in others:
                credits.append((cid, board, points, credit_id or next_credit_id(), credit_type))
        writer.put(insert, completions)
        writer.put(
            "INSERT INTO completion_credit (completion_id, board, points, credit_id, credit_type)"
            " VALUES (?,?,?,?,?)",
            credits,
        )


# The columns after a completion row's ids (date, REMS type, state, reason), its first
# credit when kept on the row (points, given Credit ID), its other credits as rows.
_Shape = tuple[tuple[Any, ...], tuple[str, str | None] | None, tuple[tuple[Any, ...], ...]]


def _shape(learner: LearnerRecord, c: CompletionRecord) -> _Shape:
    """What a row of ``c`` for a learner like ``learner`` writes. Its stored state is a
    draft with its reason when it must stay home (no consent, a refusal, MOC points without
    the board ID), as the sync and every view judge it — so an imported "N" reads "not
    sent" at once, not "waiting to send" until a sync."""
    problems = check_holds(learner, c)
    state, reason = ("draft", problems[0].message) if problems else ("queued", None)
    when = c.completion_date
    first = on_row(c)
    return (
        (when.isoformat() if when else None, c.rems_type, state, reason),
        (str(c.credits[0].points), c.credits[0].credit_id) if first else None,
        tuple(
            (k.board, str(k.points), k.credit_id, k.credit_type)
            for k in c.credits[1 if first else 0 :]
        ),
    )


def credit_id_sequence() -> Callable[[], str]:
    """Credit IDs for one bulk load: unique, stable, no personal data — and in increasing
    order, so the unique index grows at its end instead of taking random inserts.

    ACCME's ``ccid:x:y`` form around 32 hex digits like a UUID: the time in milliseconds,
    48 random bits, a counter.
    """
    prefix = f"ccid:pd:{int(time.time() * 1000):012X}{secrets.randbits(48):012X}"
    # A C iterator's own __next__: no Python frame per ID (a load asks 100,000 of them).
    return map(f"{prefix}{{:08X}}".format, itertools.count()).__next__


def _cursor(s: Session) -> Any:
    """The DB-API cursor of the session's own connection: same transaction, no ORM."""
    return s.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def add_activities(
    store: Store, records: Sequence[ActivityRecord], import_batch_id: int | None = None
) -> Changes:
    """Insert plain activities (no child rows: support, outcomes, MOC) at Core speed.

    Each gets its outbox "add" and audit "create" entry. Records with child rows go through
    ``ActivityService.create`` instead; this path is for imports and large test stores.
    """
    if not records:
        return Changes()
    if any(r.support_sources or r.outcomes or r.moc or r.enduring_counts for r in records):
        raise ValueError(
            "add_activities takes activities without support sources, outcomes, MOC or counts"
        )
    now = utcnow()
    with store.transaction() as s:
        start = (s.scalar(select(func.max(Activity.id))) or 0) + 1
        ids = list(range(start, start + len(records)))
        rows = []
        for aid, r in zip(ids, records, strict=True):
            row = {name: getattr(r, name) for name in _ACTIVITY_COLUMNS}
            row.update(
                id=aid,
                providership=r.providership.value if r.providership else None,
                delivery_methods=list(r.delivery_methods),
                joint_providers=list(r.joint_providers),
                commendation_tags=list(r.commendation_tags),
                rule_level=rule_level(r),
                series_id=None,
                import_batch_id=import_batch_id,
                created_at=now,
                updated_at=now,
                revision=1,
                synced_revision=None,
                sync_state=SyncState.NEVER_SYNCED,
                sync_error=None,
                last_synced_at=None,
                server_version=None,
                conflict_document=None,
                conflict_version=None,
                deleted_at=None,
            )
            rows.append(row)
        s.execute(insert(table_of(Activity)), rows)
        s.execute(
            insert(table_of(OutboxEntry)),
            [
                {
                    "entity": "activity",
                    "entity_id": aid,
                    "key": r.provider_activity_id,
                    "action": OutboxAction.ADD,
                    "created_at": now,
                    "attempts": 0,
                    "sent_at": None,
                    "last_error": None,
                }
                for aid, r in zip(ids, records, strict=True)
            ],
        )
        s.execute(
            insert(table_of(AuditEntry)),
            [
                {
                    "at": now,
                    "entity": "activity",
                    "entity_id": aid,
                    "action": "create",
                    "field": "",
                    "old_value": None,
                    "new_value": None,
                }
                for aid in ids
            ],
        )
    return Changes(activities=frozenset(ids), outbox=True)


# The activity columns written as the record holds them: the registry's plain columns.
_ACTIVITY_COLUMNS = SCALAR_KEYS


def _next_ids(s: Session, model: type[Learner] | type[Completion], n: int) -> list[int]:
    start = (s.scalar(select(func.max(model.id))) or 0) + 1
    return list(range(start, start + n))
