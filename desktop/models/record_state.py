"""One vocabulary for where a learner record stands (SPEC §2.5).

Every view — the learners grid, the Learners page, the Sync page, Needs attention, the status
bar — and the CLI name a record's state through ``completion_state``, so one record never reads
three different ways. The same module decides which records stay home: ``local_problems`` is
every error-level local rule, and the services and the sync both ask it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.models.match_states import UNMATCHED
from desktop.models.records import ActivityRecord, CompletionRecord, LearnerRecord
from desktop.models.rules import Problem, Severity, check_completion, check_holds, check_learner

# Stored states (Completion.state) PARS has never been sent, so the record may still change.
# "draft": saved with local problems from the start; "held": was ready, but now fails a local
# rule or the sync held it back (the reason is in state_reason).
UNSENT_STATES = ("draft", "held", "queued")


class StateCode(StrEnum):
    DRAFT = "draft"
    HELD = "held"
    WAITING = "waiting"
    CORRECTION = "correction"
    SENDING = "sending"
    ACCEPTED = "accepted"
    PENDING_BOARD = "pending_board"
    BOARD_ACCEPTED = "board_accepted"
    REJECTED = "rejected"
    BOARD_REJECTED = "board_rejected"
    DELETE_WAITING = "delete_waiting"
    DELETED = "deleted"


LABELS = {
    StateCode.DRAFT: "Draft (not sent)",
    StateCode.HELD: "Held",
    StateCode.WAITING: "Waiting to send",
    StateCode.CORRECTION: "Correction waiting to send",
    StateCode.SENDING: "Sent, waiting for PARS",
    StateCode.ACCEPTED: "Accepted by ACCME",
    StateCode.PENDING_BOARD: "Waiting for the board",
    StateCode.BOARD_ACCEPTED: "Accepted by the board",
    StateCode.REJECTED: "Rejected by ACCME",
    StateCode.BOARD_REJECTED: "Rejected by the board",
    StateCode.DELETE_WAITING: "Delete waiting to send",
    StateCode.DELETED: "Deleted in PARS",
}
_BY_STORED = {
    "submitted": StateCode.SENDING,
    "accepted": StateCode.ACCEPTED,
    "pending_board": StateCode.PENDING_BOARD,
    "board_accepted": StateCode.BOARD_ACCEPTED,
    "delete_queued": StateCode.DELETE_WAITING,
    "deleted": StateCode.DELETED,
}


@dataclass(frozen=True)
class RecordState:
    """A record's state, and the reason when there is one (why held, why rejected)."""

    code: StateCode
    reason: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def text(self) -> str:
        return f"{self.label}: {self.reason}" if self.reason else self.label

    @property
    def waiting_to_send(self) -> bool:
        return self.code in (StateCode.WAITING, StateCode.CORRECTION)

    @property
    def stays_home(self) -> bool:
        """Not going to PARS until something is fixed."""
        return self.code in (StateCode.DRAFT, StateCode.HELD)


def rejected_by_board(errors: Sequence[Mapping[str, str]]) -> bool:
    """Whether a rejection came from a board (after ACCME took the record) — from its errors."""
    return any(e.get("code") == "board_rejected" for e in errors)


def local_problems(
    learner: LearnerRecord, completion: CompletionRecord, activity: ActivityRecord, today: date
) -> tuple[Problem, ...]:
    """Every error-level local rule the record fails: any one keeps it from PARS."""
    found = (
        check_learner(learner)
        + check_completion(completion, activity, today)
        # Consent (every credit) and the learner's board ID for MOC credit (SPEC §2.5).
        + check_holds(learner, completion)
    )
    return tuple(p for p in found if p.severity is Severity.ERROR)


def unsent_state_after_check(stored: str, problems: Sequence[Problem]) -> str:
    """The stored state of a record PARS does not have, once its rules are checked again."""
    if not problems:
        return "queued"
    return "draft" if stored == "draft" else "held"


def completion_state(
    stored: str,
    reason: str | None = None,
    *,
    replaces_id: int | None = None,
    match_status: str = "",
    hold_unmatched: bool = True,
    problems: Sequence[Problem] = (),
    errors: Sequence[Mapping[str, str]] = (),
) -> RecordState:
    """Name a completion's state from what the store holds about it.

    ``problems`` are the local rules' verdict where a view has it at hand (the grid checks
    every row as it is typed); without it the stored reason is used. ``errors`` are PARS's
    stored errors of a rejected record: they tell a board's rejection from ACCME's.
    """
    if stored in _BY_STORED:
        return RecordState(_BY_STORED[stored])
    if stored == "rejected":
        code = StateCode.BOARD_REJECTED if rejected_by_board(errors) else StateCode.REJECTED
        return RecordState(code, reason or "")
    failing = [p for p in problems if p.severity is Severity.ERROR]
    if stored == "draft":
        return RecordState(StateCode.DRAFT, failing[0].message if failing else reason or "")
    if failing:
        return RecordState(StateCode.HELD, failing[0].message)
    if stored == "held":
        return RecordState(StateCode.HELD, reason or "")
    if hold_unmatched and match_status in UNMATCHED:
        return RecordState(StateCode.HELD, UNMATCHED[match_status])
    if replaces_id is not None:
        return RecordState(StateCode.CORRECTION, "replaces the record PARS has")
    return RecordState(StateCode.WAITING)
