"""Completions with their learner and activity: the Learners page and per-activity grids."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from desktop.models.entities import Activity, Completion, CompletionCredit, Learner
from desktop.models.mapping import search_key
from desktop.models.queries.rows import CompletionRow
from desktop.models.store import Store

HIDDEN_STATES = ("deleted",)


class CompletionList:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _where(self, name: str, activity_id: int | None) -> ColumnElement[bool]:
        successor = aliased(Completion)
        conditions: list[ColumnElement[bool]] = [
            Completion.state.not_in(HIDDEN_STATES),
            # The old half of a correction is shown through the new one, as one change.
            or_(
                Completion.state != "delete_queued",
                ~exists().where(successor.replaces_id == Completion.id),
            ),
        ]
        prefix = search_key(name, "").strip()
        if prefix:
            # A prefix range on the indexed key: "smi" finds "smith anna" without a scan.
            conditions.append(
                and_(Learner.search_key >= prefix, Learner.search_key < prefix + "\U0010ffff")
            )
        if activity_id is not None:
            conditions.append(Completion.activity_id == activity_id)
        return and_(*conditions)

    def count(self, name: str = "", activity_id: int | None = None) -> int:
        with self._store.reading() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(Completion)
                    .join(Learner, Learner.id == Completion.learner_id)
                    .where(self._where(name, activity_id))
                )
                or 0
            )

    def page(
        self, name: str = "", activity_id: int | None = None, *, offset: int = 0, limit: int = 200
    ) -> list[CompletionRow]:
        # By name, then person: one person's records together (two people of one name are
        # told apart, e.g. to split some off); the name index's order, so no sort step.
        order = (
            [Completion.id]
            if activity_id is not None
            else [Learner.search_key, Learner.id, Completion.id]
        )
        with self._store.reading() as s:
            rows = s.execute(
                select(
                    Completion.id,
                    Completion.learner_id,
                    Completion.activity_id,
                    Learner.first_name,
                    Learner.last_name,
                    Learner.birth_month,
                    Learner.birth_day,
                    Learner.license_state,
                    Learner.license_number,
                    Learner.npi,
                    Learner.board_ids,
                    Learner.consent_date,
                    Learner.match_status,
                    Activity.provider_activity_id,
                    Activity.title,
                    Completion.completion_date,
                    Completion.state,
                    Completion.state_reason,
                    Completion.sync_errors,
                    Completion.replaces_id,
                    Learner.consent,
                    Completion.cme_points,  # the CME credit, when on the row
                )
                .join(Learner, Learner.id == Completion.learner_id)
                .join(Activity, Activity.id == Completion.activity_id)
                .where(self._where(name, activity_id))
                .order_by(*order)
                .offset(offset)
                .limit(limit)
            ).all()
            credits: dict[int, dict[str, Decimal]] = {}
            kinds: dict[int, dict[str, str]] = {}
            if rows:
                for cid, board, points, kind in s.execute(
                    select(
                        CompletionCredit.completion_id,
                        CompletionCredit.board,
                        CompletionCredit.points,
                        CompletionCredit.credit_type,
                    ).where(CompletionCredit.completion_id.in_([r[0] for r in rows]))
                ):
                    credits.setdefault(cid, {})[board or "CME"] = points
                    if board and kind:
                        kinds.setdefault(cid, {})[board] = kind
        return [
            CompletionRow(
                *r[:10],
                dict(r[10] or {}),
                r[11],
                r[12],
                r[13],
                r[14],
                r[15],
                r[16],
                r[17],
                tuple(r[18] or ()),
                _with_row_credit(r.cme_points, credits.get(r[0], {})),
                r[19],
                r[20],
                kinds.get(r[0], {}),
            )
            for r in rows
        ]


def _with_row_credit(points: Decimal | None, others: dict[str, Decimal]) -> dict[str, Decimal]:
    """A record's credits by board ("CME" for ACCME's), the one on its row included."""
    return others if points is None else {"CME": points, **others}
