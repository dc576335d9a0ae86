"""What an export reads: activities and learner completions of a year, as plain records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, select

from desktop.models.entities import Activity, Completion, CompletionCredit, Learner
from desktop.models.entities.base import table_of
from desktop.models.mapping import activity_record, row_credit, with_children
from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    Consent,
    CreditRecord,
    LearnerRecord,
)
from desktop.models.store import Store

PAGE = 5000


@dataclass(frozen=True)
class CompletionRow:
    learner: LearnerRecord
    completion: CompletionRecord
    provider_activity_id: str
    accme_activity_id: str | None
    activity_title: str
    state: str
    pars_level: int | None = None  # the status PARS holds the activity at (rules.Status)


def activities(store: Store, year: int | None = None) -> list[ActivityRecord]:
    with store.reading() as s:
        query = select(Activity).where(Activity.deleted_at.is_(None)).options(*with_children())
        if year is not None:
            query = query.where(Activity.start_date.between(date(year, 1, 1), date(year, 12, 31)))
        return [
            activity_record(a) for a in s.scalars(query.order_by(Activity.provider_activity_id))
        ]


def completions(store: Store, year: int | None = None) -> Iterator[CompletionRow]:
    """Every live completion, page by page (a deadline export can hold 100,000 of them)."""
    last = 0
    learner = table_of(Learner).c
    while True:
        with store.reading() as s:
            conditions = [
                Completion.id > last,
                Completion.state.not_in(("deleted", "delete_queued")),
            ]
            if year is not None:
                conditions.append(
                    Completion.completion_date.between(date(year, 1, 1), date(year, 12, 31))
                )
            rows = s.execute(
                select(
                    Completion.id,
                    Completion.completion_date,
                    Completion.rems_type,
                    Completion.state,
                    learner.first_name,
                    learner.last_name,
                    learner.birth_month,
                    learner.birth_day,
                    learner.license_state,
                    learner.license_number,
                    learner.npi,
                    learner.board_ids,
                    learner.consent,
                    learner.consent_date,
                    learner.consent_source,
                    Activity.provider_activity_id,
                    Activity.accme_activity_id,
                    Activity.title,
                    Activity.pars_level,
                    Completion.cme_points,  # the first credit, when on the row
                    Completion.cme_credit_id,
                )
                .join(Learner, Learner.id == Completion.learner_id)
                .join(Activity, Activity.id == Completion.activity_id)
                .where(and_(*conditions))
                .order_by(Completion.id)
                .limit(PAGE)
            ).all()
            if not rows:
                return
            credits: dict[int, list[CreditRecord]] = {}
            for cid, board, points, credit_id, credit_type in s.execute(
                select(
                    CompletionCredit.completion_id,
                    CompletionCredit.board,
                    CompletionCredit.points,
                    CompletionCredit.credit_id,
                    CompletionCredit.credit_type,
                )
                .where(CompletionCredit.completion_id.between(rows[0][0], rows[-1][0]))
                .order_by(CompletionCredit.id)
            ):
                credits.setdefault(cid, []).append(
                    CreditRecord(board, Decimal(points), credit_id, credit_type)
                )
        for r in rows:
            yield CompletionRow(
                LearnerRecord(
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    r[8],
                    r[9],
                    r[10],
                    dict(r[11] or {}),
                    Consent(r[12]) if r[12] else None,
                    r[13],
                    r[14],
                ),
                CompletionRecord(
                    r[1],
                    row_credit(r.cme_points, r.cme_credit_id) + tuple(credits.get(r[0], ())),
                    r[2],
                ),
                r[15],
                r[16],
                r[17],
                r[3],
                r[18],
            )
        last = rows[-1][0]
