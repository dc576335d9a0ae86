"""Phase 4: ask PARS how boards decided on MOC credits still pending."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from desktop.models.entities import Completion, CompletionCredit
from desktop.models.entities.base import utcnow
from desktop.models.store import Store
from desktop.models.sync_states import CompletionState as CS
from desktop.sync.client import ParsClient
from desktop.sync.contract.results_document import CreditState
from desktop.sync.report import Progress, RecordProblem, SyncReport


def pending_credit_ids(store: Store) -> list[str]:
    with store.reading() as s:
        return list(
            s.scalars(
                select(CompletionCredit.credit_id)
                .join(Completion, Completion.id == CompletionCredit.completion_id)
                .where(
                    Completion.state == CS.PENDING_BOARD,
                    CompletionCredit.board_status == "pending_board",
                )
                .order_by(CompletionCredit.id)
            )
        )


def poll(
    store: Store,
    client: ParsClient,
    credit_ids: list[str],
    size: int,
    report: SyncReport,
    progress: Progress,
    done: int,
    total: int,
) -> int:
    for start in range(0, len(credit_ids), size):
        chunk = credit_ids[start : start + size]
        statuses = {st.credit_id: st for st in client.credit_statuses(chunk)}
        with store.transaction() as s:
            credits = s.scalars(
                select(CompletionCredit).where(CompletionCredit.credit_id.in_(chunk))
            ).all()
            touched: set[int] = set()
            for credit in credits:
                st = statuses.get(credit.credit_id)
                if st is None or st.state in (CreditState.PENDING_BOARD, CreditState.NOT_FOUND):
                    continue
                credit.board_status = st.state.value
                credit.board_reason = st.reason or None
                touched.add(credit.completion_id)
                report.statuses_updated += 1
            for completion in s.scalars(select(Completion).where(Completion.id.in_(touched))):
                _settle(
                    completion,
                    s.scalars(
                        select(CompletionCredit).where(
                            CompletionCredit.completion_id == completion.id
                        )
                    ).all(),
                    report,
                )
        done += len(chunk)
        progress(done, total, "board decisions")
    return done


def _settle(
    completion: Completion, credits: Sequence[CompletionCredit], report: SyncReport
) -> None:
    board = [c for c in credits if c.board]
    rejected = [c for c in board if c.board_status == CreditState.BOARD_REJECTED.value]
    if rejected:
        completion.state = CS.REJECTED
        completion.state_reason = "; ".join(
            f"{c.board}: {c.board_reason or 'rejected by the board'}" for c in rejected
        )
        completion.sync_errors = [
            {"field": f"moc.{c.board}", "code": "board_rejected", "message": c.board_reason or ""}
            for c in rejected
        ]
        for c in rejected:
            report.problems.append(
                RecordProblem(
                    "completion",
                    completion.id,
                    c.credit_id,
                    f"moc.{c.board}",
                    c.board_reason or "Rejected by the board.",
                )
            )
    elif all(c.board_status == CreditState.BOARD_ACCEPTED.value for c in board):
        completion.state = CS.BOARD_ACCEPTED
        completion.state_reason = None
    completion.updated_at = utcnow()
