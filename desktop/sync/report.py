"""What a sync run did, record by record, for the results panel and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

Progress = Callable[[int, int, str], None]


class FieldErrorLike(Protocol):
    @property
    def field(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...


def no_progress(_done: int, _total: int, _message: str) -> None:
    return None


@dataclass(frozen=True)
class RecordProblem:
    """One record that did not go through (or was held back), and why, on which field."""

    entity: str  # "activity" | "completion"
    entity_id: int
    key: str
    field: str
    message: str
    held: bool = False  # not sent at all (incomplete, waiting, conflict) vs. refused by PARS
    label: str = ""  # what a coordinator calls the record: "2026-0001 Sepsis Update", a name
    state: str = ""  # the record's stored state once held ("draft" | "held"), for its wording


@dataclass
class SyncReport:
    activities_sent: int = 0
    activities_accepted: int = 0
    activities_deleted: int = 0
    completions_sent: int = 0
    completions_accepted: int = 0
    completions_deleted: int = 0
    statuses_updated: int = 0
    learners_checked: int = 0
    learners_unmatched: int = 0  # of those checked: not found, or more than one candidate
    pulled: int = 0
    conflicts: int = 0
    problems: list[RecordProblem] = field(default_factory=list)
    warnings: list[RecordProblem] = field(default_factory=list)
    error: str | None = None
    error_kind: str | None = None  # "auth" | "address" | "network" | "refused" | "cancelled"
    cancelled: bool = False
    requests: int = 0
    retries: int = 0
    dry_run: bool = False

    @property
    def rejected(self) -> list[RecordProblem]:
        return [p for p in self.problems if not p.held]

    @property
    def held(self) -> list[RecordProblem]:
        return [p for p in self.problems if p.held]

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled and not self.problems


def error_dicts(errors: Sequence[FieldErrorLike], fallback: str) -> list[dict[str, str]]:
    """PARS's per-field errors as stored on a record; ``fallback`` when PARS gave none."""
    out = [{"field": e.field, "code": e.code, "message": e.message} for e in errors]
    return out or [{"field": "", "code": "refused", "message": fallback}]
