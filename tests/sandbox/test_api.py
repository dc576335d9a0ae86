"""Every sandbox endpoint over real HTTP on 127.0.0.1, with a plain requests client."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal

import requests

from desktop.models.records import ActivityRecord, CreditRecord
from desktop.sync.contract.activity_document import (
    ActivityEnvelope,
    RecordAction,
    build_activities,
    parse_activities,
)
from desktop.sync.contract.learner_document import ReportAction
from desktop.sync.contract.match_document import (
    MatchQuery,
    MatchStatus,
    build_match_request,
    parse_match_answers,
)
from desktop.sync.contract.results_document import (
    CreditState,
    ResultStatus,
    parse_errors,
    parse_statuses,
)
from desktop.sync.contract.unwired import keep_local
from pars_sandbox.server import SandboxServer
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import (
    AUTH,
    PROVIDER,
    TIMEOUT,
    counts,
    edit_on_server,
    people,
    post,
    report,
    send_activities,
    send_reports,
    unique_people,
)


def test_authentication(sandbox: SandboxServer) -> None:
    for auth in (None, ("sandbox", "wrong"), ("nobody", "sandbox")):
        r = requests.get(sandbox.url + "/activities/123456789", auth=auth, timeout=TIMEOUT)
        assert r.status_code == 401
        assert r.headers["WWW-Authenticate"].startswith("Basic")
        assert parse_errors(r.content)[0].code == "unauthorized"


def test_add_assigns_nine_digit_id_and_update_never_duplicates(sandbox: SandboxServer) -> None:
    [first] = send_activities(sandbox, closable_activity())
    assert first.status is ResultStatus.ACCEPTED and first.accme_activity_id is not None
    assert len(first.accme_activity_id) == 9 and first.accme_activity_id.isdigit()
    assert first.version == 1
    [again] = send_activities(sandbox, closable_activity())
    assert (again.accme_activity_id, again.version) == (
        first.accme_activity_id,
        1,
    )  # same record: no change
    [updated] = send_activities(
        sandbox, closable_activity(title="Sepsis 2026"), action=RecordAction.UPDATE
    )
    assert (updated.accme_activity_id, updated.version) == (first.accme_activity_id, 2)
    assert counts(sandbox)["activities"] == 1
    by_provider = requests.get(
        sandbox.url + "/activities",
        params={"providerActivityId": "T-0001"},
        auth=AUTH,
        timeout=TIMEOUT,
    )
    [env] = parse_activities(by_provider.content)
    expected = closable_activity(title="Sepsis 2026", accme_activity_id=first.accme_activity_id)
    assert keep_local(expected, env.record) == expected
    assert by_provider.headers["ETag"] == '"2"'  # PARS's version (schemas/README.md, 12)
    by_id = requests.get(
        f"{sandbox.url}/activities/{first.accme_activity_id}", auth=AUTH, timeout=TIMEOUT
    )
    assert parse_activities(by_id.content) == [env]
    missing = requests.get(
        sandbox.url + "/activities",
        params={"providerActivityId": "NOPE"},
        auth=AUTH,
        timeout=TIMEOUT,
    )
    assert missing.status_code == 404
    assert parse_errors(missing.content)[0].code == "not_found"


def test_validation_answers_per_record(sandbox: SandboxServer) -> None:
    results = send_activities(
        sandbox,
        closable_activity(provider_activity_id="BAD-1", country="", city=""),
        closable_activity(provider_activity_id="BAD-2", outcomes=()),
        closable_activity(provider_activity_id="OK-1"),
        replace(
            closable_activity(provider_activity_id="OK-2", close_requested=False),
            end_date=date(2026, 12, 1),
        ),
    )
    assert [r.status for r in results] == [
        ResultStatus.REJECTED,
        ResultStatus.REJECTED,
        ResultStatus.ACCEPTED,
        ResultStatus.ACCEPTED,
    ]
    edu = "/ACCMEActivities/MedicalEducationMetrics/0/healthcareMetadata/healthcareEducation"
    assert {(e.field, e.code) for e in results[0].errors} == {
        (f"{edu}/activityLocation/city", "required"),
        (f"{edu}/activityLocation/country", "country"),
    }
    assert [(e.field, e.code) for e in results[1].errors] == [
        ("/ACCMEActivities/MedicalEducationMetrics/1/XtensibleInfo/MeasuredOutcomes", "required")
    ]
    assert counts(sandbox)["activities"] == 2


def test_a_document_that_breaks_accmes_schema_is_refused_whole(sandbox: SandboxServer) -> None:
    """No dates, no credits: the client's rules call this a (held) Draft; the schema refuses."""
    body = build_activities(
        [
            ActivityEnvelope(
                ActivityRecord(provider_activity_id="BAD", title="t", format="course")
            ),
            ActivityEnvelope(closable_activity(provider_activity_id="OK")),
        ],
        PROVIDER,
    )
    r = post(sandbox, "/activities", body)
    assert r.status_code == 400
    edu = "/ACCMEActivities/MedicalEducationMetrics/0/healthcareMetadata/healthcareEducation"
    assert {(e.code, e.field) for e in parse_errors(r.content)} == {
        ("schema", f"{edu}/startDateTime"),
        ("schema", f"{edu}/endDateTime"),
        ("schema", f"{edu}/activitySponsorship"),
        ("schema", f"{edu}/credits/numberOfCredits"),
    }
    assert counts(sandbox)["activities"] == 0  # nothing of a refused body is kept


def test_delete_activity(sandbox: SandboxServer) -> None:
    send_activities(sandbox, closable_activity())
    [deleted] = send_activities(sandbox, closable_activity(), action=RecordAction.DELETE)
    assert deleted.status is ResultStatus.DELETED
    assert counts(sandbox)["activities"] == 0
    [unknown] = send_activities(
        sandbox, closable_activity(provider_activity_id="NEVER"), action=RecordAction.DELETE
    )
    assert unknown.errors[0].code == "not_found"


def test_malformed_and_hostile_documents_get_400(sandbox: SandboxServer) -> None:
    for body in (b"", b"{", b'{"ACCMEActivities": NaN}', b"\xff\xfe", b"[1, 2"):
        r = post(sandbox, "/activities", body)
        assert r.status_code == 400, body
        assert parse_errors(r.content)[0].code == "malformed"
    for body in (b"[]", b'"text"', b'{"ACCMEActivities": []}'):
        r = post(sandbox, "/activities", body)
        assert r.status_code == 400, body
        assert parse_errors(r.content)[0].code == "schema"
    for body in (b"<not-closed", b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', b"<Foo/>"):
        assert post(sandbox, "/activities", body).status_code == 400, body
    assert counts(sandbox)["activities"] == 0


def _active(sandbox: SandboxServer) -> str:
    [r] = send_activities(sandbox, closable_activity())
    assert r.accme_activity_id
    return r.accme_activity_id


def test_learner_records_rules_matching_and_idempotency(sandbox: SandboxServer) -> None:
    accme = _active(sandbox)
    [draft] = send_activities(  # no CME Passport answer: a Draft in PARS
        sandbox,
        closable_activity(
            provider_activity_id="DRAFT",
            close_requested=False,
            passport=None,
            passport_fee=None,
            passport_registration=None,
        ),
    )
    assert draft.status is ResultStatus.ACCEPTED
    doctor = as_learner(unique_people()[0])
    cme = completion(credits=(CreditRecord(None, Decimal("1.5"), "ccid:t:C-1"),))
    results = send_reports(
        sandbox,
        report(doctor, accme, cme),
        report(
            doctor,
            "999999999",
            replace(cme, credits=(CreditRecord(None, Decimal(1), "ccid:t:C-2"),)),
        ),
        report(
            doctor,
            draft.accme_activity_id or "",
            replace(cme, credits=(CreditRecord(None, Decimal(1), "ccid:t:C-3"),)),
        ),
        report(
            replace(doctor, last_name="Nobody"),
            accme,
            replace(cme, credits=(CreditRecord(None, Decimal(1), "ccid:t:C-4"),)),
        ),
        report(
            replace(doctor, birth_month=2, birth_day=30),
            accme,
            replace(cme, credits=(CreditRecord(None, Decimal(1), "ccid:t:C-5"),)),
        ),
    )
    assert [r.key for r in results] == [
        "ccid:t:C-1",
        "ccid:t:C-2",
        "ccid:t:C-3",
        "ccid:t:C-4",
        "ccid:t:C-5",
    ]
    assert results[0].status is ResultStatus.ACCEPTED
    assert [r.errors[0].code for r in results[1:]] == [
        "unknown_activity",
        "activity_draft",
        "learner_not_found",
        "invalid",
    ]
    # The same Credit ID again is the same record; changed content under it is refused.
    [retry] = send_reports(sandbox, report(doctor, accme, cme))
    assert retry.status is ResultStatus.ACCEPTED
    [edit] = send_reports(
        sandbox,
        report(
            doctor,
            accme,
            replace(cme, credits=(CreditRecord(None, Decimal("1.25"), "ccid:t:C-1"),)),
        ),
    )
    assert edit.errors[0].code == "immutable"
    assert counts(sandbox)["learner_records"] == 1


def test_near_duplicates_need_a_licence_number(sandbox: SandboxServer) -> None:
    accme = _active(sandbox)
    identities = Counter(
        (p.first_name, p.last_name, p.birth_month, p.birth_day, p.license_state) for p in people()
    )
    twins = [
        p
        for p in people()
        if identities[(p.first_name, p.last_name, p.birth_month, p.birth_day, p.license_state)] > 1
    ]
    assert len(twins) >= 20  # the directory really has near-duplicates
    twin = twins[0]
    c = completion(credits=(CreditRecord(None, Decimal(1), "ccid:t:T-1"),))
    [ambiguous] = send_reports(sandbox, report(as_learner(twin), accme, c))
    assert ambiguous.errors[0].code == "learner_ambiguous"
    [ok] = send_reports(
        sandbox, report(as_learner(twin, license_number=twin.license_number), accme, c)
    )
    assert ok.status is ResultStatus.ACCEPTED
    answers = parse_match_answers(
        post(
            sandbox,
            "/learner-match",
            build_match_request(
                [
                    MatchQuery("a", as_learner(twin)),
                    MatchQuery("b", as_learner(twin, npi=twin.npi)),
                    MatchQuery("c", as_learner(twin, last_name="Unknown")),
                ]
            ),
        ).content
    )
    assert [(a.ref, a.status) for a in answers] == [
        ("a", MatchStatus.MULTIPLE),
        ("b", MatchStatus.MATCHED),
        ("c", MatchStatus.NOT_FOUND),
    ]
    assert answers[1].candidates[0].npi == twin.npi


def test_moc_goes_pending_then_board_decides(sandbox: SandboxServer) -> None:
    accme = _active(sandbox)
    certified = next(p for p in unique_people() if "ABIM" in p.boards)
    uncertified = next(p for p in unique_people() if "ABIM" not in p.boards)

    def credits(n: int) -> tuple[CreditRecord, ...]:
        return (
            CreditRecord(None, Decimal("1.5"), f"ccid:t:CME-{n}"),
            CreditRecord("ABIM", Decimal("1.5"), f"ccid:t:MOC-{n}"),
        )

    send_reports(
        sandbox,
        report(as_learner(certified), accme, completion(credits=credits(1))),
        report(as_learner(uncertified), accme, completion(credits=credits(2))),
    )

    def poll() -> dict[str, tuple[CreditState, str]]:
        r = requests.get(
            sandbox.url + "/learner-activities/status",
            params={"CreditId": [f"ccid:t:{c}" for c in ("CME-1", "MOC-1", "MOC-2", "NOPE")]},
            auth=AUTH,
            timeout=TIMEOUT,
        )
        return {
            s.credit_id.removeprefix("ccid:t:"): (s.state, s.reason)
            for s in parse_statuses(r.content)
        }

    first = poll()
    assert first == {
        "CME-1": (CreditState.ACCEPTED, ""),
        "MOC-1": (CreditState.PENDING_BOARD, ""),
        "MOC-2": (CreditState.PENDING_BOARD, ""),
        "NOPE": (CreditState.NOT_FOUND, ""),
    }
    second = poll()
    assert second["MOC-1"] == (CreditState.BOARD_ACCEPTED, "")
    assert second["MOC-2"] == (CreditState.BOARD_REJECTED, "Not a diplomate of ABIM")
    assert poll() == second  # decisions are final


def test_delete_learner_record(sandbox: SandboxServer) -> None:
    accme = _active(sandbox)
    doctor = as_learner(unique_people()[1])
    c = completion(
        credits=(
            CreditRecord(None, Decimal(1), "ccid:t:D-1"),
            CreditRecord("ABIM", Decimal(1), "ccid:t:D-2"),
        )
    )
    send_reports(sandbox, report(doctor, accme, c))
    r = requests.delete(sandbox.url + "/learner-activities/ccid:t:D-2", auth=AUTH, timeout=TIMEOUT)
    assert r.status_code == 204
    assert counts(sandbox)["learner_records"] == 0
    again = requests.delete(sandbox.url + "/learner-activities/UNKNOWN", auth=AUTH, timeout=TIMEOUT)
    assert again.status_code == 404
    # A delete sent in a document works too, and the Credit ID cannot be reused for new content.
    send_reports(
        sandbox,
        report(doctor, accme, replace(c, credits=(CreditRecord(None, Decimal(1), "ccid:t:E-1"),))),
    )
    [deleted] = send_reports(
        sandbox,
        report(
            doctor,
            accme,
            replace(c, credits=(CreditRecord(None, Decimal(1), "ccid:t:E-1"),)),
            ReportAction.DELETE,
        ),
    )
    assert deleted.status is ResultStatus.DELETED
    [reuse] = send_reports(
        sandbox,
        report(doctor, accme, replace(c, credits=(CreditRecord(None, Decimal(1), "ccid:t:E-1"),))),
    )
    assert reuse.errors[0].code == "credit_id_deleted"
    # An activity with live learner records cannot be deleted.
    send_reports(
        sandbox,
        report(doctor, accme, replace(c, credits=(CreditRecord(None, Decimal(1), "ccid:t:F-1"),))),
    )
    [refused] = send_activities(sandbox, closable_activity(), action=RecordAction.DELETE)
    assert refused.errors[0].code == "has_learners"


def test_server_side_edit_bumps_the_version(sandbox: SandboxServer) -> None:
    accme = _active(sandbox)
    body = build_activities([ActivityEnvelope(closable_activity(title="Edited in PARS"))])
    r = edit_on_server(sandbox, accme, body)
    assert r.text == "2"
    got = requests.get(f"{sandbox.url}/activities/{accme}", auth=AUTH, timeout=TIMEOUT)
    assert parse_activities(got.content)[0].record.title == "Edited in PARS"
    assert got.headers["ETag"] == '"2"'


def test_status_needs_an_id(sandbox: SandboxServer) -> None:
    r = requests.get(sandbox.url + "/learner-activities/status", auth=AUTH, timeout=TIMEOUT)
    assert r.status_code == 400
