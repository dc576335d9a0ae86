"""Conversions between stored entities and the plain records the rules and the UI use."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import object_session, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from desktop.models.entities import (
    Activity,
    ActivityOutcome,
    Completion,
    CompletionCredit,
    EnduringCount,
    Learner,
    MocRegistrationRow,
    SupportSourceRow,
)
from desktop.models.fields import SCALAR_KEYS
from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    CreditRecord,
    EnduringCountRecord,
    LearnerRecord,
    MocRegistration,
    Outcome,
    Providership,
    SupportKind,
    SupportSource,
)
from desktop.models.rules.activity_status import rule_level

# Record fields stored as plain columns of the same name; the rest are child rows or lists.
_ACTIVITY_SCALARS = SCALAR_KEYS
_LEARNER_SCALARS = tuple(f.name for f in fields(LearnerRecord) if f.name != "board_ids")


def with_children() -> tuple[_AbstractLoad, ...]:
    """Load options for reading whole activities: every child collection in one query each."""
    return (
        selectinload(Activity.support_sources),
        selectinload(Activity.outcomes),
        selectinload(Activity.moc_registrations),
        selectinload(Activity.enduring_counts),
    )


def activity_record(a: Activity) -> ActivityRecord:
    values: dict[str, Any] = {name: getattr(a, name) for name in _ACTIVITY_SCALARS}
    return ActivityRecord(
        **values,
        providership=Providership(a.providership) if a.providership else None,
        delivery_methods=tuple(a.delivery_methods),
        joint_providers=tuple(a.joint_providers),
        commendation_tags=tuple(a.commendation_tags),
        support_sources=tuple(
            SupportSource(s.source, SupportKind(s.kind), s.amount) for s in a.support_sources
        ),
        outcomes=tuple(Outcome(o.measure, o.objective, o.subjective) for o in a.outcomes),
        moc=tuple(
            MocRegistration(
                board=m.board,
                attested=m.attested,
                points=m.points,
                credit_types=tuple(m.credit_types),
                practice_areas=tuple(m.practice_areas),
                content_area=m.content_area,
                internal_id=m.internal_id,
                fee=m.fee,
                registration=m.registration,
                url=m.url,
                credit_claim_date=m.credit_claim_date,
            )
            for m in a.moc_registrations
        ),
        enduring_counts=tuple(
            EnduringCountRecord(c.year, c.physician_learners, c.other_learners)
            for c in a.enduring_counts
        ),
    )


def write_activity(a: Activity, r: ActivityRecord) -> None:
    """Make the entity hold exactly ``r``; child rows are replaced only when they changed."""
    for name in _ACTIVITY_SCALARS:
        setattr(a, name, getattr(r, name))
    a.providership = r.providership.value if r.providership else None
    a.delivery_methods = list(r.delivery_methods)
    a.joint_providers = list(r.joint_providers)
    a.commendation_tags = list(r.commendation_tags)
    a.rule_level = rule_level(r)
    current = activity_record(a) if a.id is not None else None
    if current is not None:
        _drop_changed_children(a, current, r)
    if current is None or current.support_sources != r.support_sources:
        a.support_sources = [
            SupportSourceRow(position=i, source=s.source, kind=s.kind.value, amount=s.amount)
            for i, s in enumerate(r.support_sources)
        ]
    if current is None or current.outcomes != r.outcomes:
        a.outcomes = [
            ActivityOutcome(measure=o.measure, objective=o.objective, subjective=o.subjective)
            for o in r.outcomes
        ]
    if current is None or current.moc != r.moc:
        a.moc_registrations = [
            MocRegistrationRow(
                board=m.board,
                attested=m.attested,
                points=m.points,
                credit_types=list(m.credit_types),
                practice_areas=list(m.practice_areas),
                content_area=m.content_area,
                internal_id=m.internal_id,
                fee=m.fee,
                registration=m.registration,
                url=m.url,
                credit_claim_date=m.credit_claim_date,
            )
            for m in r.moc
        ]
    if current is None or current.enduring_counts != r.enduring_counts:
        a.enduring_counts = [
            EnduringCount(
                year=c.year,
                physician_learners=c.physician_learners,
                other_learners=c.other_learners,
            )
            for c in sorted(r.enduring_counts, key=lambda c: c.year)
        ]


def _drop_changed_children(a: Activity, current: ActivityRecord, r: ActivityRecord) -> None:
    """Delete child rows that are about to be replaced, before their replacements are inserted.

    Without the flush, SQLite would see the new (activity, board) row while the old one still
    exists and refuse it as a duplicate.
    """
    session = object_session(a)
    dropped = False
    for attr, old, new in (
        ("support_sources", current.support_sources, r.support_sources),
        ("outcomes", current.outcomes, r.outcomes),
        ("moc_registrations", current.moc, r.moc),
        ("enduring_counts", current.enduring_counts, r.enduring_counts),
    ):
        if old != new:
            getattr(a, attr).clear()
            dropped = True
    if dropped and session is not None:
        session.flush()


def learner_record(learner: Learner) -> LearnerRecord:
    values: dict[str, Any] = {name: getattr(learner, name) for name in _LEARNER_SCALARS}
    return LearnerRecord(**values, board_ids=dict(learner.board_ids))


def learner_from_row(row: Any) -> LearnerRecord:
    """A learner from a Core row of the learner table (the bulk paths read rows, not entities);
    consent is left empty when the row does not carry it."""
    return LearnerRecord(
        first_name=row.first_name,
        last_name=row.last_name,
        birth_month=row.birth_month,
        birth_day=row.birth_day,
        license_state=row.license_state,
        license_number=row.license_number,
        npi=row.npi,
        board_ids=dict(row.board_ids or {}),
        consent=getattr(row, "consent", None),
        consent_date=getattr(row, "consent_date", None),
        consent_source=getattr(row, "consent_source", ""),
    )


def write_learner(learner: Learner, r: LearnerRecord) -> None:
    for name in _LEARNER_SCALARS:
        setattr(learner, name, getattr(r, name))
    learner.board_ids = dict(r.board_ids)
    learner.search_key = search_key(r.last_name, r.first_name)


def search_key(last_name: str, first_name: str) -> str:
    """The form names are searched in: case-folded, single-spaced, last name first."""
    return " ".join(f"{last_name} {first_name}".split()).casefold()


def completion_record(c: Completion) -> CompletionRecord:
    return CompletionRecord(
        completion_date=c.completion_date,
        rems_type=c.rems_type,
        credits=row_credit(c.cme_points, c.cme_credit_id)
        + tuple(CreditRecord(k.board, k.points, k.credit_id, k.credit_type) for k in c.credits),
    )


def row_credit(points: Decimal | None, credit_id: str | None) -> tuple[CreditRecord, ...]:
    """The CME credit kept on a completion's row (none when it has no points there)."""
    return () if points is None else (CreditRecord(None, points, credit_id or ""),)


def on_row(r: CompletionRecord) -> bool:
    """Whether a record's first credit is kept on its completion's row: a CME credit."""
    return bool(r.credits) and r.credits[0].board is None and r.credits[0].credit_type is None


def store_credits(c: Completion, r: CompletionRecord, new_credit_id: Any) -> None:
    """Write a record's credits on a completion (its first, a CME credit, on the row; the
    others as rows); each gets a fresh Credit ID unless it has one."""
    credits = list(r.credits)
    c.cme_points = c.cme_credit_id = None
    if on_row(r):
        first = credits.pop(0)
        c.cme_points, c.cme_credit_id = first.points, first.credit_id or new_credit_id()
    c.credits = [
        CompletionCredit(
            board=k.board,
            points=k.points,
            credit_id=k.credit_id or new_credit_id(),
            credit_type=k.credit_type,
        )
        for k in credits
    ]
