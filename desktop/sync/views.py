"""Plain results of sync-side queries, for the UI (no SQL, no XML here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.models.records import ActivityRecord


@dataclass(frozen=True)
class Overview:
    activities_by_status: dict[str, int]
    activities_by_sync: dict[str, int]
    completions_by_state: dict[str, int]
    pending_changes: int
    errors: list[dict[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Conflict:
    activity_id: int
    mine: ActivityRecord
    pars: ActivityRecord
    pars_version: int
