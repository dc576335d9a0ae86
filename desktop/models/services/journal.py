"""Writing the outbox and audit entries that accompany every change, in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from desktop.models.entities import AuditEntry, OutboxEntry
from desktop.models.sync_states import OutboxAction


def queue(
    session: Session, entity: str, entity_id: int, key: str, action: OutboxAction | str
) -> None:
    """Queue an activity's work for the sync; it survives crashes because it commits with the
    change. A plain string is taken too (and refused unless it is an ``OutboxAction``'s value).

    Completions have no outbox rows: a completion's state (queued, delete_queued) is its
    pending work, written in the same transaction as the change — a bulk import would
    otherwise write every row twice.
    """
    if entity != "activity":
        raise ValueError(f"no outbox entries for {entity!r}: its state is its pending work")
    session.add(
        OutboxEntry(entity=entity, entity_id=entity_id, key=key, action=OutboxAction(action).value)
    )


def audit(
    session: Session,
    entity: str,
    entity_id: int,
    action: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> int:
    """Record one audit row per field whose value changed; return how many were written.

    Create and delete actions always leave a row, even when no single field is named.
    """
    rows = [
        AuditEntry(
            entity=entity,
            entity_id=entity_id,
            action=action,
            field=name,
            old_value=_text(before.get(name)),
            new_value=_text(after.get(name)),
        )
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]
    if not rows and action in {"create", "delete"}:
        rows = [AuditEntry(entity=entity, entity_id=entity_id, action=action)]
    session.add_all(rows)
    return len(rows)


def fields_of(record: Any) -> dict[str, Any]:
    """A record's fields as a flat mapping for ``audit``."""
    assert is_dataclass(record) and not isinstance(record, type)
    return {k: v for k, v in record.__dict__.items()}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
