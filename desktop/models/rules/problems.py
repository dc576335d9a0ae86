"""What the rules return: a status and the problems that block the next one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Status(IntEnum):
    """Activity status, ordered: each level includes every requirement of the ones below.

    ``INCOMPLETE`` is local only: the record lacks what PARS needs even for a Draft.
    """

    INCOMPLETE = 0
    DRAFT = 1
    ACTIVE = 2
    READY_TO_CLOSE = 3
    CLOSED = 4

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field: a stable code for programs, plain words for people."""

    field: str
    code: str
    message: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class Assessment:
    """The status a record reaches and what stands between it and the next status."""

    status: Status
    blockers: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def next_status(self) -> Status | None:
        if self.status is Status.CLOSED:
            return None
        if self.status is Status.DRAFT:
            # Draft goes on to Active or Ready to Close depending on the end date.
            return Status.ACTIVE
        return Status(self.status + 1)
