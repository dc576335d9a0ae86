"""Named column mappings: saved once, reused with the next file from the same source. A saved
mapping keeps headings, not positions, and says when a heading is missing from the new file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from desktop.models.entities import ImportMapping
from desktop.models.importing.columns import Kind, norm
from desktop.models.services.errors import NotAllowed
from desktop.models.store import Store


def save_mapping(
    store: Store, name: str, kind: Kind, headings: Sequence[Any], mapping: dict[str, int]
) -> None:
    name = " ".join(name.split())
    if not name:
        raise NotAllowed("name", "Name the mapping.")
    columns = {key: str(headings[i]) for key, i in mapping.items() if i < len(headings)}
    with store.transaction() as s:
        row = s.scalar(select(ImportMapping).where(ImportMapping.name == name))
        if row is None:
            row = ImportMapping(name=name, kind=kind.value)
            s.add(row)
        row.kind, row.columns = kind.value, columns


def mapping_names(store: Store, kind: Kind) -> list[str]:
    with store.reading() as s:
        return list(
            s.scalars(
                select(ImportMapping.name)
                .where(ImportMapping.kind == kind.value)
                .order_by(ImportMapping.name)
            )
        )


def load_mapping(
    store: Store, name: str, headings: Sequence[Any]
) -> tuple[Kind, dict[str, int], list[str]]:
    """The saved mapping applied to this file's headings, and a warning per missing column."""
    with store.reading() as s:
        row = s.scalar(select(ImportMapping).where(ImportMapping.name == name))
        if row is None:
            raise NotAllowed("mapping", f"There is no saved mapping “{name}”.")
        kind, columns = Kind(row.kind), dict(row.columns)
    where = {norm(h): i for i, h in reversed(list(enumerate(headings))) if norm(h)}
    mapping: dict[str, int] = {}
    missing: list[str] = []
    for key, heading in columns.items():
        i = where.get(norm(heading))
        if i is None:
            missing.append(
                f"The saved mapping “{name}” uses a column “{heading}” that this file does not have."
            )
        else:
            mapping[key] = i
    return kind, mapping, missing
