"""Consent against the real sandbox: a refusal is imported, shown and never sent (issue 15)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from desktop.models.entities import Completion, CompletionCredit, Learner
from desktop.models.importing.commit import commit_import
from desktop.models.importing.session import plan, prepare
from desktop.models.queries.attention import attention
from desktop.models.queries.completion_list import CompletionList
from desktop.models.services import ActivityService
from desktop.models.store import Store
from desktop.sync.client import ParsClient
from desktop.sync.contract.results_document import CreditState
from desktop.sync.overview import changes_waiting
from desktop.sync.settings import Endpoint
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import closable_activity
from tests.sandbox.helpers import counts, unique_people
from tests.sync.seeding import FAST, engine


def _credit_ids(store: Store) -> dict[str, list[str]]:
    with store.reading() as s:
        out: dict[str, list[str]] = {}
        for last, credit_id in s.execute(  # the first (CME) on the completion's row
            select(Learner.last_name, Completion.cme_credit_id)
            .join(Completion, Completion.learner_id == Learner.id)
            .where(Completion.cme_credit_id.is_not(None))
        ):
            out.setdefault(last, []).append(str(credit_id))
        for last, credit_id in s.execute(
            select(Learner.last_name, CompletionCredit.credit_id)
            .join(Completion, Completion.learner_id == Learner.id)
            .join(CompletionCredit, CompletionCredit.completion_id == Completion.id)
            .order_by(CompletionCredit.id)
        ):
            out.setdefault(last, []).append(credit_id)
        return out


def test_a_consent_n_row_is_imported_shown_and_never_sent(
    store: Store, sandbox: SandboxServer, tmp_path: Path
) -> None:
    ActivityService(store, lambda: TODAY).create(closable_activity())  # T-0001
    yes, no, blank = unique_people()[:3]
    lines = [
        "First Name,Last Name,Birth Month,Birth Day,License State,Consent (Y/N),Date,Credits,Activity ID"
    ]
    for p, answer in ((yes, "Y"), (no, "N"), (blank, "")):
        lines.append(
            f"{p.first_name},{p.last_name},{p.birth_month},{p.birth_day},{p.license_state},"
            f"{answer},03/02/2026,1.5,T-0001"
        )
    path = tmp_path / "sign-in.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = plan(store, prepare(store, path), TODAY)
    assert len(result.valid) == 3  # CME-only rows, all imported
    commit_import(store, result, TODAY)

    # Shown: the refusal is on the learner's row as it was written.
    rows = {r.last_name: r for r in CompletionList(store).page(limit=10)}
    assert (rows[yes.last_name].consent, rows[no.last_name].consent) == ("given", "refused")
    assert rows[blank.last_name].consent is None
    # Kept home from the moment it is imported, not "waiting to send" until a sync judges it.
    assert (rows[no.last_name].state, rows[blank.last_name].state) == ("draft", "draft")
    assert rows[yes.last_name].state == "queued"
    with store.reading() as s:
        assert changes_waiting(s) == 2  # the activity and the consenting learner's record

    report = engine(store, sandbox).run()
    assert report.completions_accepted == 1
    held = {p.entity_id: (p.field, p.message) for p in report.held}
    with store.reading() as s:
        by_name = dict(
            s.execute(
                select(Learner.last_name, Completion.id).join(
                    Completion, Completion.learner_id == Learner.id
                )
            ).all()
        )
        states = dict(
            s.execute(
                select(Learner.last_name, Completion.state).join(
                    Completion, Completion.learner_id == Learner.id
                )
            ).all()
        )
    assert held[by_name[no.last_name]][0] == "consent"
    assert "refused" in held[by_name[no.last_name]][1]
    assert "consent" in held[by_name[blank.last_name]][1]
    assert by_name[yes.last_name] not in held
    # Kept home as drafts with the reason (one vocabulary: record_state).
    assert states[no.last_name] == states[blank.last_name] == "draft"
    # Missing consent is a task in Needs attention; a refusal is an answer, not a task.
    assert attention(store, TODAY).counts["consent"] == 1

    # Never sent: PARS (the sandbox) holds exactly the consenting learner's credit.
    credit_ids = _credit_ids(store)
    with ParsClient(Endpoint(sandbox.url, "sandbox", "sandbox"), FAST) as client:
        statuses = {
            s.credit_id: s.state
            for s in client.credit_statuses([c for ids in credit_ids.values() for c in ids])
        }
    assert statuses[credit_ids[yes.last_name][0]] is CreditState.ACCEPTED
    assert statuses[credit_ids[no.last_name][0]] is CreditState.NOT_FOUND
    assert statuses[credit_ids[blank.last_name][0]] is CreditState.NOT_FOUND
    assert counts(sandbox)["learner_records"] == 1

    # Another sync still sends nothing for the refusal.
    engine(store, sandbox).run()
    assert counts(sandbox)["learner_records"] == 1
