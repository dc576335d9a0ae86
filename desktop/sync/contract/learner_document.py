"""Learner documents: ``ACCMELearnerReports`` → ``ActivityReports`` → ``ActivityReport``.

One report is one learner's completion of one activity, with one ``CreditCertificate`` per credit
(CME, and each board's MOC). The tree built here is named exactly as
``schemas/accme-pars-learner-reports``; ``encoding`` writes it as JSON or as Activity Report v2
XML. Readings the drafts leave open are numbered in ``schemas/README.md`` (6–9, 15).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from desktop.models.records import CompletionRecord, CreditRecord, LearnerRecord
from desktop.sync.contract import encoding
from desktop.sync.contract.names import (
    ProviderIdentity,
    board_from_wire,
    board_to_wire,
    credit_id_from_wire,
    credit_id_to_wire,
)
from desktop.sync.contract.tree import (
    ContractError,
    as_date,
    as_decimal,
    as_list,
    as_obj,
    as_text,
    date_time,
    number,
)

Tree = dict[str, Any]
AMA = "AMA PRA Category 1"
NPI = "NPI"
POINT = "Point"
# Reading 6: PARS never takes a birth year; a leap year makes every month/day a valid date.
PLACEHOLDER_YEAR = 1904


class ReportAction(StrEnum):
    ADD = "add"
    DELETE = "delete"


@dataclass(frozen=True)
class LearnerReport:
    """One learner's completion of one activity, as PARS receives it."""

    learner: LearnerRecord
    accme_activity_id: str
    completion: CompletionRecord
    activity_title: str = ""
    action: ReportAction = ReportAction.ADD

    @property
    def key(self) -> str:
        """The idempotency key: the first credit's Credit ID (as stored locally)."""
        return self.completion.credits[0].credit_id if self.completion.credits else ""


def build_learner_reports(
    reports: Iterable[LearnerReport],
    provider: ProviderIdentity | None = None,
    fmt: encoding.WireFormat = encoding.WireFormat.JSON,
) -> bytes:
    return encoding.encode_learners(reports_tree(reports, provider), fmt)


def parse_learner_reports(data: bytes) -> list[LearnerReport]:
    return reports_from_tree(encoding.decode_learners(data))


def reports_tree(
    reports: Iterable[LearnerReport], provider: ProviderIdentity | None = None
) -> Tree:
    provider = provider or ProviderIdentity()
    created = datetime.now().replace(microsecond=0).isoformat()
    return {
        "ACCMELearnerReports": {
            "ActivityReports": {
                "DateTimeCreated": created,
                "ActivityReport": [report_tree(r, provider) for r in reports],
            }
        }
    }


def report_tree(r: LearnerReport, provider: ProviderIdentity) -> Tree:
    lr = r.learner
    member: Tree = {"Name": {"GivenName": lr.first_name, "FamilyName": lr.last_name}}
    if lr.birth_month is not None and lr.birth_day is not None:
        member["PersonalInfo"] = {
            "BirthDate": f"{PLACEHOLDER_YEAR}-{lr.birth_month:02d}-{lr.birth_day:02d}"
        }
    module: Tree = {
        "ModuleName": {
            "value": r.activity_title or r.accme_activity_id,
            "moduleID": r.accme_activity_id,
        },
        "Status": "Completed",
    }
    if r.completion.completion_date is not None:
        module["CompletedDateTime"] = date_time(r.completion.completion_date)
    module["CreditCertificate"] = [_certificate(c, lr) for c in r.completion.credits]
    return {
        "ReportingOrganization": provider.name or "PARS Desktop provider",
        "Member": member,
        "Activity": {"ProviderOrganization": provider.accme_id, "Module": module},
        "XtensibleInfo": {"ProviderID": provider.accme_id, "LearnerRecordAction": r.action.value},
    }


def unique_id(credit: CreditRecord, lr: LearnerRecord) -> Tree:
    """The one identifier a certificate carries (reading 7): the board ID for that board's MOC,
    else the NPI, else the state licence (domain: the state code)."""
    if credit.board and lr.board_ids.get(credit.board):
        return {"value": lr.board_ids[credit.board], "domain": board_to_wire(credit.board)}
    if lr.npi:
        return {"value": lr.npi, "domain": NPI}
    return {"value": lr.license_number, "domain": lr.license_state}


def moc_credit_type(credit: CreditRecord) -> str:
    """The learner's MOC credit type when the record carries one (reading 8)."""
    return credit.credit_type or ""


def _certificate(c: CreditRecord, lr: LearnerRecord) -> Tree:
    received: Tree = {
        "activityCertification": board_to_wire(c.board) if c.board else AMA,
        "creditUnit": POINT,
        "numberOfCredits": number(c.points),
    }
    if c.board and moc_credit_type(c):
        received["MOCCreditType"] = moc_credit_type(c)
    return {
        "UniqueID": unique_id(c, lr),
        "CreditReceived": received,
        "CreditID": credit_id_to_wire(c.credit_id),
    }


# --- reading a tree back --------------------------------------------------------------------


def reports_from_tree(doc: object) -> list[LearnerReport]:
    root = as_obj(as_obj(doc, "document").get("ACCMELearnerReports"), "ACCMELearnerReports")
    reports = as_obj(root.get("ActivityReports"), "ActivityReports")
    return [
        report_from_tree(r, f"report {i}")
        for i, r in enumerate(as_list(reports.get("ActivityReport"), "ActivityReport"), 1)
    ]


def report_from_tree(item: object, where: str) -> LearnerReport:
    rep = as_obj(item, where)
    if "Member" not in rep:
        raise ContractError("the report has no Member", where)
    member = as_obj(rep.get("Member"), where)
    name = as_obj(member.get("Name"), where)
    birth = as_date(as_obj(member.get("PersonalInfo"), where).get("BirthDate"), where)
    module = as_obj(as_obj(rep.get("Activity"), where).get("Module"), where)
    module_name = as_obj(module.get("ModuleName"), where)
    ids: dict[str, str] = {}
    credits: list[CreditRecord] = []
    for cert in (as_obj(c, where) for c in as_list(module.get("CreditCertificate"), where)):
        for u in (as_obj(u_, where) for u_ in as_list(cert.get("UniqueID"), where)):
            ids[as_text(u.get("domain"), where)] = as_text(u.get("value"), where)
        received = as_obj(cert.get("CreditReceived"), where)
        certification = as_text(received.get("activityCertification"), where)
        points = as_decimal(received.get("numberOfCredits"), where)
        if points is None:
            raise ContractError("a credit certificate has no number of credits", where)
        board = None if certification in {"", AMA} else board_from_wire(certification)
        credits.append(
            CreditRecord(
                board,
                points,
                credit_id_from_wire(as_text(cert.get("CreditID"), where)),
                (as_text(received.get("MOCCreditType"), where) or None) if board else None,
            )
        )
    states = {d: v for d, v in ids.items() if len(d) == 2 and d.isalpha() and d.isupper()}
    learner = LearnerRecord(
        first_name=as_text(name.get("GivenName"), where),
        last_name=as_text(name.get("FamilyName"), where),
        birth_month=birth.month if birth else None,
        birth_day=birth.day if birth else None,
        license_state=next(iter(states), ""),
        license_number=next(iter(states.values()), ""),
        npi=ids.get(NPI, ""),
        board_ids={
            board_from_wire(d): v for d, v in ids.items() if d != NPI and d not in states and d
        },
    )
    x = as_obj(rep.get("XtensibleInfo"), where)
    action_text = as_text(x.get("LearnerRecordAction"), where) or ReportAction.ADD.value
    try:
        action = ReportAction(action_text)
    except ValueError:
        raise ContractError(
            f"“{action_text}” is not a report action (add, delete)", where
        ) from None
    return LearnerReport(
        learner=learner,
        accme_activity_id=as_text(module_name.get("moduleID"), where),
        activity_title=as_text(module_name.get("value"), where),
        completion=CompletionRecord(
            completion_date=as_date(module.get("CompletedDateTime"), where),
            credits=tuple(credits),
        ),
        action=action,
    )
