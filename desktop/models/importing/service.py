"""The import as the UI asks for it: every step a call on one object that holds the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from desktop.models.changes import Changes
from desktop.models.importing import commit, mappings, reading, session
from desktop.models.importing.columns import Kind
from desktop.models.importing.plan import Cancel, ImportPlan, Progress
from desktop.models.store import Store


class ImportService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def prepare(
        self, path: Path, kind: Kind | None, sheet: str | None, header_row: int | None
    ) -> tuple[session.Prepared, list[str]]:
        return session.prepare(
            self._store, path, kind, sheet, header_row=header_row
        ), reading.sheet_names(path)

    def rehead(self, prepared: session.Prepared, header_row: int) -> session.Prepared:
        """The same sheet with another header row: the cells are not read again."""
        return session.prepare(
            self._store, prepared.path, prepared.kind, header_row=header_row, table=prepared.table
        )

    def plan(
        self,
        prepared: session.Prepared,
        today: date,
        activity_id: int | None,
        progress: Progress,
        cancel: Cancel,
    ) -> ImportPlan:
        return session.plan(self._store, prepared, today, activity_id, progress, cancel)

    def commit(self, plan: ImportPlan, today: date) -> tuple[int, Changes]:
        return commit.commit_import(self._store, plan, today)

    def remove(self, batch_id: int) -> Changes:
        return commit.remove_import(self._store, batch_id)

    def mapping_names(self, kind: Kind) -> list[str]:
        return mappings.mapping_names(self._store, kind)

    def save_mapping(
        self, name: str, kind: Kind, headings: Sequence[Any], mapping: dict[str, int]
    ) -> None:
        mappings.save_mapping(self._store, name, kind, headings, mapping)

    def load_mapping(
        self, name: str, headings: Sequence[Any]
    ) -> tuple[Kind, dict[str, int], list[str]]:
        return mappings.load_mapping(self._store, name, headings)
