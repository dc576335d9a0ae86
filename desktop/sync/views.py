"""Plain results of sync-side queries, for the UI (no SQL, no XML here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.models.records import ActivityRecord


@dataclass(frozen=True)
class Overview:
    activities_by_status: dict[str, int]
    activities_by_sync: dict[str, int]
    completions_by_state: dict[str, int]  # by the one vocabulary's label (record_state)
    pending_changes: int  # records waiting to send, not edits: five edits of one are one
    errors: list[dict[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    # Records kept home until fixed: {"record": "completion 12", "state": "Held: …"}.
    held: list[dict[str, str]] = field(default_factory=list)
    held_total: int = 0


@dataclass(frozen=True)
class Conflict:
    activity_id: int
    mine: ActivityRecord
    pars: ActivityRecord
    pars_version: int
