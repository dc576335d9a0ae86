"""What needs the coordinator's attention (SPEC M7, §2.5): who PARS will not recognise, what
ACCME or a board rejected and why, and MOC completions whose deadline is near or past.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.models.entities import Activity, Completion, CompletionCredit, Learner
from desktop.models.match_states import UNMATCHED
from desktop.models.people import possibly_same, possibly_same_count
from desktop.models.record_state import completion_state
from desktop.models.rules.consent_rules import CONSENT_MISSING
from desktop.models.store import Store

# Boards expect MOC within 30 days of completion; three weeks on, a record not yet accepted
# is at risk. In December every open MOC record of the year is: the year closes on Dec 31.
MOC_RISK_AFTER = timedelta(days=21)
MOC_WINDOW = timedelta(days=30)
YEAR_END_WARNING = timedelta(days=31)
# Not yet submitted to PARS: once PARS has a record it was reported in time, and what the
# board makes of it is its own state (pending board, accepted, rejected).
MOC_OPEN = ("draft", "held", "queued")
LIST_LIMIT = 500


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # "unmatched" | "held" | "rejected" | "moc_at_risk" | "consent"
    learner_id: int
    learner: str  # "Last, First"
    activity_id: int | None
    activity: str  # "PAI — title"
    completion_id: int | None
    field: str  # the grid column that fixes it
    reason: str
    when: date | None = None
    other_learner_id: int | None = None  # "possibly_same": the other person of the pair


@dataclass(frozen=True)
class Attention:
    unmatched: list[AttentionItem] = field(default_factory=list)
    held: list[AttentionItem] = field(default_factory=list)
    rejected: list[AttentionItem] = field(default_factory=list)
    moc_at_risk: list[AttentionItem] = field(default_factory=list)
    consent: list[AttentionItem] = field(default_factory=list)
    possibly_same: list[AttentionItem] = field(default_factory=list)
    # Totals, which may exceed the lists (they stop at LIST_LIMIT each).
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _name(last: str, first: str) -> str:
    return f"{last}, {first}".strip(", ")


def _activity(pai: str, title: str) -> str:
    return f"{pai} — {title}" if title else pai


def attention(store: Store, today: date, limit: int = LIST_LIMIT) -> Attention:
    with store.reading() as s:
        return Attention(
            unmatched=_unmatched(s, limit),
            held=_held(s, limit),
            rejected=_rejected(s, limit),
            moc_at_risk=_moc_at_risk(s, today, limit),
            consent=_consent(s, limit),
            possibly_same=_possibly_same(s, limit),
            counts=_counts(s, today),
        )


def attention_counts(store: Store, today: date) -> dict[str, int]:
    with store.reading() as s:
        return _counts(s, today)


def _counts(s: Session, today: date) -> dict[str, int]:
    return {
        "unmatched": _count(s, _unmatched_query()),
        "held": _count(s, _held_query()),
        "rejected": _count(s, _rejected_query()),
        "moc_at_risk": _count(s, _moc_at_risk_query(today)),
        "consent": _count(s, _consent_query()),
        "possibly_same": possibly_same_count(s),
    }


def _count(s: Session, query: Select[int]) -> int:
    return s.scalar(select(func.count()).select_from(query.subquery())) or 0


def _live() -> ColumnElement[bool]:
    return Completion.state.not_in(("deleted", "delete_queued"))


def _has_board_credit() -> ColumnElement[bool]:
    return exists().where(
        CompletionCredit.completion_id == Completion.id, CompletionCredit.board.is_not(None)
    )


# --- learners PARS does not recognise ------------------------------------------------------------


def _unmatched_query() -> Select[int]:
    return select(Learner.id).where(
        Learner.match_status.in_(tuple(UNMATCHED)),
        exists().where(Completion.learner_id == Learner.id, _live()),
    )


def _unmatched(s: Session, limit: int) -> list[AttentionItem]:
    inner = aliased(Completion)
    last_completion = (
        select(func.max(inner.id))
        .where(inner.learner_id == Learner.id, inner.state.not_in(("deleted", "delete_queued")))
        .correlate(Learner)
        .scalar_subquery()
    )
    rows = s.execute(
        select(
            Learner.id,
            Learner.last_name,
            Learner.first_name,
            Learner.match_status,
            Completion.id,
            Completion.activity_id,
            Activity.provider_activity_id,
            Activity.title,
            Completion.completion_date,
        )
        .select_from(Learner)
        .join(Completion, Completion.id == last_completion)
        .join(Activity, Activity.id == Completion.activity_id)
        .where(Learner.match_status.in_(tuple(UNMATCHED)))
        .order_by(Learner.search_key, Learner.id)
        .limit(limit)
    ).all()
    return [
        AttentionItem(
            "unmatched",
            r[0],
            _name(r[1], r[2]),
            r[5],
            _activity(r[6], r[7]),
            r[4],
            "license_number" if r[3] == "multiple" else "last_name",
            UNMATCHED[r[3]],
            r[8],
        )
        for r in rows
    ]


# --- records kept here because they fail a local rule -------------------------------------------


def _held_condition() -> ColumnElement[bool]:
    """Drafts and held records, except those the consent and unmatched groups already list."""
    return and_(
        Completion.state.in_(("draft", "held")),
        ~_consent_condition(),
        Learner.match_status.not_in(tuple(UNMATCHED)),
    )


def _held_query() -> Select[int]:
    return (
        select(Completion.id)
        .join(Learner, Learner.id == Completion.learner_id)
        .where(_held_condition())
    )


def _held(s: Session, limit: int) -> list[AttentionItem]:
    rows = _completion_rows(s, _held_condition(), limit)
    return [
        _completion_item("held", r, "state", completion_state(r.state, r.state_reason).text)
        for r in rows
    ]


# --- completions ACCME or a board rejected -------------------------------------------------------


def _rejected_query() -> Select[int]:
    return select(Completion.id).where(Completion.state == "rejected")


def _rejected(s: Session, limit: int) -> list[AttentionItem]:
    rows = _completion_rows(s, Completion.state == "rejected", limit)
    out = []
    for r in rows:
        errors: Sequence[dict[str, str]] = r.sync_errors or ()
        state = completion_state(
            "rejected", r.state_reason or "PARS refused this record.", errors=errors
        )
        out.append(
            _completion_item(
                "rejected", r, errors[0].get("field", "") if errors else "", state.text
            )
        )
    return out


# --- MOC deadlines -------------------------------------------------------------------------------


def _moc_at_risk_condition(today: date) -> ColumnElement[bool]:
    due: list[ColumnElement[bool]] = [Completion.completion_date <= today - MOC_RISK_AFTER]
    if today >= date(today.year, 12, 31) - YEAR_END_WARNING:
        due.append(Completion.completion_date >= date(today.year, 1, 1))
    return and_(
        Completion.state.in_(MOC_OPEN),
        Completion.completion_date.is_not(None),
        _has_board_credit(),
        or_(*due),
    )


def _moc_at_risk_query(today: date) -> Select[int]:
    return select(Completion.id).where(_moc_at_risk_condition(today))


def _moc_at_risk(s: Session, today: date, limit: int) -> list[AttentionItem]:
    rows = _completion_rows(s, _moc_at_risk_condition(today), limit)
    return [
        _completion_item("moc_at_risk", r, "state", moc_risk_reason(r.completion_date, today))
        for r in rows
    ]


def moc_risk_reason(completed: date, today: date) -> str:
    due = completed + MOC_WINDOW
    year_end = date(completed.year, 12, 31)
    if completed.year < today.year:
        return f"Not yet reported to PARS, and the Dec 31 cut-off for {completed.year}'s MOC has passed."
    if today > due:
        return f"Completed {(today - completed).days} days ago: boards expect MOC within 30 days (by {due:%m/%d/%Y})."
    deadline = min(due, year_end)
    what = "the Dec 31 cut-off" if deadline == year_end else "the 30-day MOC deadline"
    days = (deadline - today).days
    return f"Not yet reported to PARS; {what} is in {days} day{'s' if days != 1 else ''} ({deadline:%m/%d/%Y})."


# --- credits without consent ---------------------------------------------------------------------


def _consent_condition() -> ColumnElement[bool]:
    # Consent covers every credit (SPEC §2.5). A refusal is an answer, not a task: those
    # records are shown as "not sent" on the learners page, not listed here.
    return and_(Completion.state.in_(("draft", "held", "queued")), Learner.consent.is_(None))


def _consent_query() -> Select[int]:
    return (
        select(Completion.id)
        .join(Learner, Learner.id == Completion.learner_id)
        .where(_consent_condition())
    )


def _consent(s: Session, limit: int) -> list[AttentionItem]:
    rows = _completion_rows(s, _consent_condition(), limit)
    return [
        _completion_item(
            "consent",
            r,
            CONSENT_MISSING.field,
            completion_state(r.state, r.state_reason or CONSENT_MISSING.message).text,
        )
        for r in rows
    ]


# --- two people who may be one ------------------------------------------------------------------


def _possibly_same(s: Session, limit: int) -> list[AttentionItem]:
    return [
        AttentionItem(
            "possibly_same",
            p.first_id,
            p.name,
            None,
            f"{p.first_state or '—'} and {p.second_state or '—'}",
            None,
            "license_state",
            f"Same name and birthday, licensed in {p.first_state or '—'} and in "
            f"{p.second_state or '—'} ({p.records} records): one person (Merge) or two "
            "(Keep apart)?",
            other_learner_id=p.second_id,
        )
        for p in possibly_same(s, limit)
    ]


def _completion_item(kind: str, r: Any, field: str, reason: str) -> AttentionItem:
    """An entry about one completion, from a row of ``_completion_rows``."""
    return AttentionItem(
        kind,
        r.learner_id,
        _name(r.last_name, r.first_name),
        r.activity_id,
        _activity(r.provider_activity_id, r.title),
        r.id,
        field,
        reason,
        r.completion_date,
    )


def _completion_rows(s: Session, condition: ColumnElement[bool], limit: int) -> Sequence[Any]:
    return s.execute(
        select(
            Completion.id,
            Completion.learner_id,
            Completion.activity_id,
            Completion.completion_date,
            Completion.state,
            Completion.state_reason,
            Completion.sync_errors,
            Learner.last_name,
            Learner.first_name,
            Activity.provider_activity_id,
            Activity.title,
        )
        .join(Learner, Learner.id == Completion.learner_id)
        .join(Activity, Activity.id == Completion.activity_id)
        .where(condition)
        .order_by(Completion.completion_date, Completion.id)
        .limit(limit)
    ).all()
