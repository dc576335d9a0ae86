"""The reporting year at a glance (SPEC M11, §2.6): the five yearly steps with their progress,
what keeps each open, and the figures the dashboard charts and the year-end report print.

Every figure is one SQL aggregate over the store; only the short lists of blocking activities
load records, to say in plain words what each still needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.models.entities import (
    Activity,
    Completion,
    Contact,
    EnduringCount,
    Provider,
)
from desktop.models.mapping import activity_record, with_children
from desktop.models.queries.activity_list import status_expression
from desktop.models.reference import load_reference
from desktop.models.reporting_year import cycle_start, deadline_for
from desktop.models.rules import Status, assess_activity
from desktop.models.services.annual import AnnualService
from desktop.models.store import Store
from desktop.models.sync_states import SyncState

BLOCKER_LIMIT = 200
TOP_REASONS = 8
STEP_TITLES = {
    "agreement": "Annual agreement accepted",
    "activities": "Activities entered and closed",
    "enduring": "Enduring materials: Dec 31 cumulative counts",
    "program_summary": "Program summary submitted",
    "contacts": "Contacts reviewed",
}


@dataclass(frozen=True)
class Part:
    label: str
    done: int
    total: int


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    parts: tuple[Part, ...]
    complete: bool
    detail: str
    pars_page: str = ""
    # Nothing to report yet (no activity in the year): neither done nor open, and never
    # counted as done — an empty store is not "2 of 5 done".
    empty: bool = False


@dataclass(frozen=True)
class Blocker:
    """An activity that keeps a step open, and what it still needs."""

    activity_id: int
    provider_activity_id: str
    title: str
    needs: str


@dataclass(frozen=True)
class YearOverview:
    year: int
    deadline: Any  # aware datetime, US Central
    steps: tuple[Step, ...]
    not_entered: list[Blocker] = field(default_factory=list)
    not_closed: list[Blocker] = field(default_factory=list)
    enduring_without_count: list[Blocker] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    by_format: dict[str, int] = field(default_factory=dict)
    completions_by_month: tuple[int, ...] = (0,) * 12
    rejections_by_reason: dict[str, int] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)

    @property
    def steps_complete(self) -> int:
        return sum(s.complete for s in self.steps)


def _between(column: Any, year: int) -> ColumnElement[bool]:
    return and_(column >= date(year, 1, 1), column <= date(year, 12, 31))


def _live() -> ColumnElement[bool]:
    return Activity.deleted_at.is_(None)


def _in_pars() -> ColumnElement[bool]:
    """PARS has the activity as it is here: it has an ACCME ID and no unsent edit."""
    return and_(
        Activity.accme_activity_id.is_not(None), Activity.synced_revision == Activity.revision
    )


def _enduring_in(year: int) -> ColumnElement[bool]:
    codes = [f.code for f in load_reference().formats if f.enduring]
    return and_(
        _live(),
        Activity.format.in_(codes),
        Activity.start_date <= date(year, 12, 31),
        or_(Activity.end_date.is_(None), Activity.end_date >= date(year, 1, 1)),
    )


def _count(s: Session, *conditions: ColumnElement[bool]) -> int:
    return s.scalar(select(func.count()).select_from(Activity).where(*conditions)) or 0


def year_overview(store: Store, year: int, today: date) -> YearOverview:
    ref = load_reference()
    annual = AnnualService(store)
    summary = annual.program_summary(year)
    agreement = annual.agreement(year)
    support = annual.commercial_support_total(year)
    status = status_expression(today)
    with store.reading() as s:
        provider = s.scalar(select(Provider).order_by(Provider.id).limit(1))
        month = provider.deadline_month if provider else None
        day = provider.deadline_day if provider else None
        started = _between(Activity.start_date, year)
        ended = _between(Activity.end_date, year)
        closed = status == int(Status.CLOSED)
        started_total = _count(s, _live(), started)
        started_in_pars = _count(s, _live(), started, _in_pars())
        ended_total = _count(s, _live(), ended)
        ended_closed = _count(s, _live(), ended, closed, _in_pars())
        has_count = (
            select(EnduringCount.id)
            .where(EnduringCount.activity_id == Activity.id, EnduringCount.year == year)
            .exists()
        )
        enduring_total = _count(s, _enduring_in(year))
        enduring_counted = _count(s, _enduring_in(year), has_count)
        since = cycle_start(year, month, day)
        contacts_total = s.scalar(select(func.count()).select_from(Contact)) or 0
        contacts_reviewed = (
            s.scalar(select(func.count()).select_from(Contact).where(Contact.reviewed_on >= since))
            or 0
        )
        not_entered = _blockers(s, and_(_live(), started, ~_in_pars()), today)
        not_closed = _blockers(s, and_(_live(), ended, ~and_(closed, _in_pars())), today)
        enduring_missing = [
            Blocker(a, pai, title, f"Enter the cumulative learners as of Dec 31, {year}.")
            for a, pai, title in s.execute(
                select(Activity.id, Activity.provider_activity_id, Activity.title)
                .where(_enduring_in(year), ~has_count)
                .order_by(Activity.provider_activity_id)
                .limit(BLOCKER_LIMIT)
            )
        ]
        by_status = {
            Status(level).label: n
            for level, n in s.execute(
                select(status, func.count()).where(_live(), started).group_by(status)
            ).all()
        }
        by_format: dict[str, int] = {}
        for code, n in s.execute(
            select(Activity.format, func.count()).where(_live(), started).group_by(Activity.format)
        ).all():
            fmt = ref.format(code)
            name = fmt.name if fmt else "No format yet"
            by_format[name] = by_format.get(name, 0) + n
        live_completion = Completion.state.not_in(("deleted", "delete_queued"))
        months = [0] * 12
        for month_text, n in s.execute(
            select(func.strftime("%m", Completion.completion_date), func.count())
            .where(live_completion, _between(Completion.completion_date, year))
            .group_by(func.strftime("%m", Completion.completion_date))
        ).all():
            months[int(month_text) - 1] = n
        reasons = _rejections(s, year)
        learners = s.execute(
            select(
                func.coalesce(func.sum(Activity.physician_learners), 0),
                func.coalesce(func.sum(Activity.other_learners), 0),
            ).where(_live(), started)
        ).one()
        completions_total = sum(months)
    pages = ref.pars_pages
    answered = sum(
        v is not None
        for v in (
            summary.advertising_exhibit_income,
            summary.registration_fees,
            summary.government_grants,
            summary.private_donations,
        )
    )
    steps = (
        Step(
            "agreement",
            STEP_TITLES["agreement"],
            (Part("accepted", int(agreement is not None), 1),),
            agreement is not None,
            f"Accepted on {agreement.accepted_on:%m/%d/%Y} by {agreement.accepted_by}."
            if agreement
            else "Accept the agreement in PARS, then record it here.",
            pages.get("agreement", ""),
        ),
        Step(
            "activities",
            STEP_TITLES["activities"],
            (
                Part(f"started in {year} and in PARS", started_in_pars, started_total),
                Part(f"ended in {year} and closed", ended_closed, ended_total),
            ),
            bool(started_total or ended_total)
            and started_in_pars == started_total
            and ended_closed == ended_total,
            f"{started_total - started_in_pars} to enter or send, "
            f"{ended_total - ended_closed} to close."
            if started_total or ended_total
            else f"Nothing to report yet: no activity started or ended in {year}.",
            pages.get("activities", ""),
            empty=not (started_total or ended_total),
        ),
        Step(
            "enduring",
            STEP_TITLES["enduring"],
            (Part("counted", enduring_counted, enduring_total),),
            bool(enduring_total) and enduring_counted == enduring_total,
            _plural(
                enduring_total - enduring_counted,
                "enduring material needs its count.",
                "enduring materials need their count.",
            )
            if enduring_total > enduring_counted
            else "Every enduring material has its count."
            if enduring_total
            else f"Nothing to report yet: no enduring materials ran in {year}.",
            empty=not enduring_total,
        ),
        Step(
            "program_summary",
            STEP_TITLES["program_summary"],
            (
                Part("figures answered", answered, 4),
                Part("submitted in PARS", int(summary.submitted_on is not None), 1),
            ),
            summary.complete and summary.submitted_on is not None,
            f"Submitted on {summary.submitted_on:%m/%d/%Y}."
            if summary.submitted_on
            else f"Commercial support from the activities: ${support:,}.",
            pages.get("program_summary", ""),
        ),
        Step(
            "contacts",
            STEP_TITLES["contacts"],
            (Part(f"reviewed since {since:%m/%d/%Y}", contacts_reviewed, contacts_total),),
            contacts_total > 0 and contacts_reviewed == contacts_total,
            "Add your contacts."
            if not contacts_total
            else "Review them in PARS, then mark them reviewed.",
            pages.get("contacts", ""),
        ),
    )
    return YearOverview(
        year=year,
        deadline=deadline_for(year, month, day),
        steps=steps,
        not_entered=not_entered,
        not_closed=not_closed,
        enduring_without_count=enduring_missing,
        by_status=by_status,
        by_format=by_format,
        completions_by_month=tuple(months),
        rejections_by_reason=reasons,
        figures={
            "activities_started": started_total,
            "activities_in_pars": started_in_pars,
            "activities_ended": ended_total,
            "activities_closed": ended_closed,
            "enduring": enduring_total,
            "enduring_counted": enduring_counted,
            "physician_learners": int(learners[0] or 0),
            "other_learners": int(learners[1] or 0),
            "completions": completions_total,
            "commercial_support": support,
            "contacts": contacts_total,
            "contacts_reviewed": contacts_reviewed,
        },
    )


def _blockers(s: Session, condition: ColumnElement[bool], today: date) -> list[Blocker]:
    rows = s.scalars(
        select(Activity)
        .where(condition)
        .options(*with_children())
        .order_by(Activity.start_date, Activity.provider_activity_id)
        .limit(BLOCKER_LIMIT)
    ).all()
    out = []
    for a in rows:
        assessment = assess_activity(activity_record(a), today)
        if a.sync_state == SyncState.REJECTED:
            errors = json.loads(a.sync_error or "[]")
            needs = "PARS refused it: " + (errors[0].get("message", "") if errors else "see Sync")
        elif assessment.blockers:
            needs = f"{assessment.status.label}: {assessment.blockers[0].message}"
            if len(assessment.blockers) > 1:
                needs += f" (+{len(assessment.blockers) - 1} more)"
        elif a.accme_activity_id is None or a.synced_revision != a.revision:
            needs = f"{assessment.status.label}: ready — sync to send it to PARS."
        else:
            needs = assessment.status.label
        out.append(Blocker(a.id, a.provider_activity_id, a.title, needs))
    return out


def _rejections(s: Session, year: int) -> dict[str, int]:
    """Why records of the year were refused: first reason of each, most frequent first."""
    reason = func.coalesce(func.json_extract(Completion.sync_errors, "$[0].message"), "Refused")
    counts: dict[str, int] = {}
    for text, n in s.execute(
        select(reason, func.count())
        .where(Completion.state == "rejected", _between(Completion.completion_date, year))
        .group_by(reason)
    ).all():
        counts[str(text)] = counts.get(str(text), 0) + n
    activity_reason = func.coalesce(
        func.json_extract(Activity.sync_error, "$[0].message"), "Refused"
    )
    for text, n in s.execute(
        select(activity_reason, func.count())
        .where(
            _live(), Activity.sync_state == SyncState.REJECTED, _between(Activity.start_date, year)
        )
        .group_by(activity_reason)
    ).all():
        key = f"Activity: {text}"
        counts[key] = counts.get(key, 0) + n
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = dict(ranked[:TOP_REASONS])
    rest = sum(n for _, n in ranked[TOP_REASONS:])
    if rest:
        top["Other reasons"] = rest
    return top


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
