"""Phases 2 and 3: send learner completions (adds, then deletes) in batches.

Loading, building and storing go through Core queries and ``executemany``: this is the path
that carries tens of thousands of records at the deadline.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, bindparam, func, select, update

from desktop.models.entities import Activity, Completion, CompletionCredit, Learner
from desktop.models.entities.base import table_of, utcnow
from desktop.models.mapping import activity_record, learner_from_row, row_credit
from desktop.models.match_states import UNMATCHED
from desktop.models.record_state import local_problems
from desktop.models.records import ActivityRecord, CompletionRecord, CreditRecord, LearnerRecord
from desktop.models.rules.problems import Status
from desktop.models.store import Store
from desktop.models.sync_states import READY_TO_ADD
from desktop.models.sync_states import CompletionState as CS
from desktop.sync.client import ParsClient
from desktop.sync.contract.fields import localized
from desktop.sync.contract.learner_document import LearnerReport, ReportAction
from desktop.sync.contract.names import ProviderIdentity
from desktop.sync.contract.results_document import FieldError, RecordResult, ResultStatus
from desktop.sync.errors import DocumentRefused
from desktop.sync.halving import send_in_halves
from desktop.sync.report import Progress, RecordProblem, SyncReport, error_dicts

# What the add phase looks at: drafts and held records are judged again on every run (the
# activity may have reached PARS, or its dates changed), and go only when every rule passes.
TO_SEND = (CS.DRAFT, CS.HELD, CS.QUEUED, CS.SUBMITTED)


@dataclass(frozen=True)
class OutgoingCompletion:
    completion_id: int
    report: LearnerReport
    has_board_credits: bool


def count_pending(store: Store) -> tuple[int, int]:
    with store.reading() as s:
        adds = (
            s.scalar(
                select(func.count())
                .select_from(Completion)
                .where(Completion.state.in_(READY_TO_ADD))
            )
            or 0
        )
        deletes = (
            s.scalar(
                select(func.count())
                .select_from(Completion)
                .where(Completion.state == CS.DELETE_QUEUED)
            )
            or 0
        )
    return adds, deletes


def batches(
    store: Store,
    states: Sequence[str],
    size: int,
    report: SyncReport,
    hold_unmatched: bool,
    action: ReportAction,
    today: date | None = None,
    *,
    dry_run: bool = False,
    arriving: frozenset[int] = frozenset(),
) -> Iterator[list[OutgoingCompletion]]:
    """Pages of completions ready for PARS; those that cannot go yet are held, with the
    reason stored on the record and reported.

    ``dry_run``: report the holds, store nothing. ``arriving``: activities this run sends
    first and PARS will then hold as Active, so their completions are not waiting for them.
    """
    today = today or date.today()
    last_id = 0
    activities: dict[int, ActivityRecord] = {}
    while True:
        with store.reading() as s:
            rows = s.execute(
                select(
                    Completion.id,
                    Completion.learner_id,
                    Completion.activity_id,
                    Completion.state,
                    Completion.state_reason,
                    Completion.completion_date,
                    Completion.rems_type,
                    Activity.accme_activity_id,
                    Activity.title,
                    Activity.synced_revision,
                    Activity.pars_level,
                    Completion.cme_points,
                    Completion.cme_credit_id,
                )
                .join(Activity, Activity.id == Completion.activity_id)
                .where(Completion.state.in_(states), Completion.id > last_id)
                .order_by(Completion.id)
                .limit(size)
            ).all()
            if not rows:
                return
            last_id = rows[-1].id
            ids = [r.id for r in rows]
            learners = {
                row.id: row
                for row in s.execute(
                    select(table_of(Learner)).where(Learner.id.in_({r.learner_id for r in rows}))
                )
            }
            credits: dict[int, list[CreditRecord]] = {}
            for c in s.execute(
                select(
                    CompletionCredit.completion_id,
                    CompletionCredit.board,
                    CompletionCredit.points,
                    CompletionCredit.credit_id,
                    CompletionCredit.credit_type,
                )
                .where(CompletionCredit.completion_id.in_(ids))
                .order_by(CompletionCredit.id)
            ):
                credits.setdefault(c.completion_id, []).append(
                    CreditRecord(c.board, c.points, c.credit_id, c.credit_type)
                )
            if action is ReportAction.ADD:
                wanted = {r.activity_id for r in rows} - activities.keys()
                for a in s.scalars(select(Activity).where(Activity.id.in_(wanted))):
                    activities[a.id] = activity_record(a)
        out: list[OutgoingCompletion] = []
        holds: list[dict[str, object]] = []
        for r in rows:
            person = learners[r.learner_id]
            own = row_credit(r.cme_points, r.cme_credit_id) + tuple(credits.get(r.id, ()))
            first_credit = own[0].credit_id if own else f"completion-{r.id}"
            learner = learner_from_row(person)
            if action is ReportAction.ADD:
                completion = CompletionRecord(r.completion_date, own, r.rems_type)
                held = _held_back(
                    learner,
                    completion,
                    activities[r.activity_id],
                    person.match_status,
                    hold_unmatched,
                    today,
                )
                in_pars = r.activity_id in arriving or (
                    bool(r.accme_activity_id) and r.synced_revision is not None
                )
                if held is None and not in_pars:
                    held = "activity", "Waiting for the activity to reach PARS first."
                if (
                    held is None
                    and r.activity_id not in arriving
                    and (r.pars_level is None or r.pars_level < Status.ACTIVE)
                ):
                    # PARS refuses learners for an activity it holds as a Draft (SPEC §2.5).
                    held = (
                        "activity",
                        "Waiting for the activity to be Active in PARS (complete it first).",
                    )
                if held is not None:
                    field, message = held
                    # A draft stays a draft; anything else is now held, with the reason.
                    state = CS.DRAFT if r.state == CS.DRAFT else CS.HELD
                    report.problems.append(
                        RecordProblem(
                            "completion",
                            r.id,
                            first_credit,
                            field,
                            message,
                            held=True,
                            state=state,
                        )
                    )
                    # PARS not recognising the learner is read from the learner's match
                    # status by every view (it changes in the background), so not stored.
                    if (
                        r.state != CS.SUBMITTED
                        and field != "learner"
                        and (state, message) != (r.state, r.state_reason)
                    ):
                        holds.append({"cid": r.id, "state": state, "reason": message})
                    continue
            out.append(
                OutgoingCompletion(
                    r.id,
                    LearnerReport(
                        learner,
                        r.accme_activity_id or "",
                        CompletionRecord(r.completion_date, own, r.rems_type),
                        r.title,
                        action,
                    ),
                    any(c.board for c in own),
                )
            )
        if holds and not dry_run:
            _hold(store, holds)
        if out:
            yield out


def _held_back(
    learner: LearnerRecord,
    completion: CompletionRecord,
    activity: ActivityRecord,
    match_status: str,
    hold_unmatched: bool,
    today: date,
) -> tuple[str, str] | None:
    """Why a completion must stay home (field, message), or None when it may go: any local
    rule it fails, or PARS not recognising the learner (a setting)."""
    problems = local_problems(learner, completion, activity, today)
    if problems:
        return problems[0].field, problems[0].message
    if hold_unmatched and match_status in UNMATCHED:
        return "learner", UNMATCHED[match_status]
    return None


def _hold(store: Store, holds: list[dict[str, object]]) -> None:
    c = table_of(Completion).c
    with store.transaction() as s:
        s.execute(
            table_of(Completion)
            .update()
            .where(c.id == bindparam("cid"))
            .values(state=bindparam("state"), state_reason=bindparam("reason"), updated_at=utcnow())
            .execution_options(synchronize_session=False),
            holds,
        )


def push(
    store: Store,
    client: ParsClient,
    provider: ProviderIdentity,
    batch: Sequence[OutgoingCompletion],
    report: SyncReport,
    progress: Progress,
    done: int,
    total: int,
) -> int:
    """Send ``batch``; a document PARS refuses whole is split until the bad record is alone."""
    if not batch:
        return done
    adding = batch[0].report.action is ReportAction.ADD

    def send(part: Sequence[OutgoingCompletion]) -> list[RecordResult]:
        ids = [o.completion_id for o in part]
        if adding:
            _set_state(store, ids, CS.SUBMITTED, only_from=(CS.DRAFT, CS.HELD, CS.QUEUED))
        try:
            return list(client.post_learner_reports([o.report for o in part], provider))
        except DocumentRefused:
            raise  # answered: the part is split, or its one record refused
        except BaseException:
            if adding:  # nothing is known to have reached PARS: back to the queue, resent next time
                _set_state(store, ids, CS.QUEUED, only_from=(CS.SUBMITTED,))
            raise

    def refused(o: OutgoingCompletion, e: DocumentRefused) -> None:
        errors = tuple(FieldError(x.code, x.field, x.message) for x in e.errors)
        results = [RecordResult(o.report.key, ResultStatus.REJECTED, errors=errors)]
        _store(store, [o], results, report, refusal=str(e))

    return send_in_halves(
        batch,
        send,
        lambda part, results: _store(store, part, results, report),
        refused,
        lambda n: progress(n, total, "learner completions"),
        done,
    )


def _set_state(store: Store, ids: list[int], state: str, only_from: tuple[str, ...]) -> None:
    with store.transaction() as s:
        s.execute(
            update(Completion)
            .where(Completion.id.in_(ids), Completion.state.in_(only_from))
            .values(state=state, state_reason=None, updated_at=utcnow())
        )


def _store(
    store: Store,
    batch: Sequence[OutgoingCompletion],
    results: Sequence[RecordResult],
    report: SyncReport,
    refusal: str = "",
) -> None:
    by_key = {r.key: r for r in results}
    now = utcnow()
    state_rows: list[dict[str, object]] = []
    pending_board: list[dict[str, object]] = []
    for o in batch:
        result = by_key.get(o.report.key)
        if result is None:
            continue
        if result.status is ResultStatus.DELETED or (
            o.report.action is ReportAction.DELETE
            and any(e.code == "not_found" for e in result.errors)
        ):
            state_rows.append(
                {"cid": o.completion_id, "state": CS.DELETED.value, "reason": None, "errors": []}
            )
            report.completions_deleted += 1
        elif result.status is ResultStatus.ACCEPTED:
            state = CS.PENDING_BOARD if o.has_board_credits else CS.ACCEPTED
            state_rows.append(
                {"cid": o.completion_id, "state": state, "reason": None, "errors": []}
            )
            if o.has_board_credits:
                pending_board.append({"cid": o.completion_id})
            report.completions_accepted += 1
        else:
            errors = error_dicts(localized(result.errors), refusal or "PARS refused this record.")
            reason = "; ".join(e["message"] for e in errors)
            state_rows.append(
                {
                    "cid": o.completion_id,
                    "state": CS.REJECTED.value,
                    "reason": reason,
                    "errors": errors,
                }
            )
            for e in errors:
                report.problems.append(
                    RecordProblem(
                        "completion", o.completion_id, o.report.key, e["field"], e["message"]
                    )
                )
    report.completions_sent += len(batch)
    c = table_of(Completion).c
    with store.transaction() as s:
        if state_rows:
            s.execute(
                table_of(Completion)
                .update()
                .where(c.id == bindparam("cid"))
                .values(
                    state=bindparam("state"),
                    state_reason=bindparam("reason"),
                    sync_errors=bindparam("errors"),
                    updated_at=now,
                ),
                state_rows,
            )
        if pending_board:
            k = table_of(CompletionCredit).c
            s.execute(
                table_of(CompletionCredit)
                .update()
                .where(and_(k.completion_id == bindparam("cid"), k.board.is_not(None)))
                .values(board_status="pending_board"),
                pending_board,
            )
