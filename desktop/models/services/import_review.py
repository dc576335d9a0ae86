"""Reviewing what an import filled in (SPEC §7.1): each marker stays on its activity field until
the coordinator confirms the value or changes the field."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.models.entities import ImportMarker
from desktop.models.importing.assigned import FIELD_LABELS, Marker, ReviewMarker
from desktop.models.records import ActivityRecord
from desktop.models.services.errors import NotAllowed
from desktop.models.services.journal import audit


def markers_of(s: Session, activity_id: int) -> dict[str, ReviewMarker]:
    rows = s.scalars(
        select(ImportMarker)
        .where(ImportMarker.activity_id == activity_id)
        .order_by(ImportMarker.id)
    )
    return {m.field: ReviewMarker(m.field, Marker(m.kind), m.note) for m in rows}


def confirm(s: Session, activity_id: int, field: str) -> bool:
    """The coordinator accepts an assigned value as it is; False when nothing was marked.

    A field left to choose cannot be confirmed: it has no value to accept until one is chosen.
    """
    marker = s.scalar(
        select(ImportMarker).where(
            ImportMarker.activity_id == activity_id, ImportMarker.field == field
        )
    )
    if marker is None:
        return False
    if marker.kind == Marker.CHOOSE:
        raise NotAllowed("needs_choice", f"Choose a value first: {marker.note}.")
    audit(s, "activity", activity_id, "confirm_assigned", {field: marker.note}, {})
    s.delete(marker)
    return True


def drop_changed(
    s: Session, activity_id: int, before: ActivityRecord, after: ActivityRecord
) -> None:
    """A field the coordinator changed is reviewed: its marker goes."""
    changed = [name for name in FIELD_LABELS if getattr(before, name) != getattr(after, name)]
    if changed:
        s.execute(
            delete(ImportMarker).where(
                ImportMarker.activity_id == activity_id, ImportMarker.field.in_(changed)
            )
        )
