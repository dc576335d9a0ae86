"""Learner documents: ``ActivityReports`` → ``ActivityReport`` (MedBiquitous Activity Report v2).

One report is one learner's completion of one activity, with one ``CreditCertificate`` per credit
(CME, and each board's MOC). Standard parts: the Member (name, NPI and board IDs as UniqueIDs,
licence), the Activity with its ACCME Activity ID, status Completed, completion date and the
certificates. ACCME extensions (``XtensibleInfo``): the record action, the birth month/day as
``--MM-DD`` (the standard's BirthDate needs a year, which PARS never takes), consent and REMS.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lxml import etree

from desktop.models.records import CompletionRecord, CreditRecord, LearnerRecord
from desktop.sync.contract.safe_xml import parse_untrusted
from desktop.sync.contract.wire import (
    ACCME,
    AR,
    AR_NSMAP,
    HX,
    MEMBER,
    NAME,
    ContractError,
    date_time,
    now_text,
    parse_date,
    parse_decimal,
    q,
    serialize,
    sub,
    sub_if,
)

NS = {"r": AR, "m": MEMBER, "n": NAME, "hx": HX, "acc": ACCME}
NPI_DOMAIN = "idd:cms.hhs.gov:npi"
ACTIVITY_DOMAIN = "idd:accme.org:activity"
CME_BODY = "ACCME"


def board_domain(board: str) -> str:
    return f"idd:{board.lower()}.org:id"


class ReportAction(StrEnum):
    ADD = "Add"
    DELETE = "Delete"


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
        """The idempotency key: the first credit's Credit ID."""
        return self.completion.credits[0].credit_id if self.completion.credits else ""


def build_learner_reports(
    reports: Iterable[LearnerReport], provider_name: str, period: tuple[date, date] | None = None
) -> bytes:
    items = list(reports)
    root = etree.Element(q(AR, "ActivityReports"), nsmap=AR_NSMAP)
    sub(root, AR, "DateTimeCreated", now_text())
    dates = [r.completion.completion_date for r in items if r.completion.completion_date]
    start, end = period or ((min(dates), max(dates)) if dates else (date.today(), date.today()))
    sub(root, AR, "ReportingStartDate", start.isoformat())
    sub(root, AR, "ReportingEndDate", end.isoformat())
    organization = provider_name or "Unnamed provider"
    for r in items:
        root.append(_report(r, organization))
    return serialize(root)


def _report(r: LearnerReport, organization: str) -> etree._Element:
    rep = etree.Element(q(AR, "ActivityReport"))
    sub(rep, AR, "ReportingOrganization", organization)
    _member(sub(rep, AR, "Member"), r.learner)
    activity = sub(rep, AR, "Activity")
    sub(activity, AR, "ProviderOrganization", organization)
    sub(activity, AR, "ActivityName", r.activity_title or r.accme_activity_id)
    sub(activity, AR, "ActivityInstanceID", r.accme_activity_id).set("domain", ACTIVITY_DOMAIN)
    sub(activity, AR, "Status", "Completed")
    module = sub(activity, AR, "Module")
    sub(module, AR, "ModuleName", r.activity_title or r.accme_activity_id)
    sub(module, AR, "Status", "Completed")
    sub_if(module, AR, "CompletedDateTime", date_time(r.completion.completion_date))
    for c in r.completion.credits:
        _certificate(sub(module, AR, "CreditCertificate"), c)
    x = sub(rep, AR, "XtensibleInfo")
    sub(x, ACCME, "RecordAction", r.action.value)
    lr = r.learner
    if lr.birth_month is not None and lr.birth_day is not None:
        sub(x, ACCME, "BirthMonthDay", f"--{lr.birth_month:02d}-{lr.birth_day:02d}")
    if lr.consent_date is not None or lr.consent_source:
        consent = sub(x, ACCME, "Consent")
        sub_if(consent, ACCME, "Date", lr.consent_date.isoformat() if lr.consent_date else None)
        sub_if(consent, ACCME, "Source", lr.consent_source)
    sub_if(x, ACCME, "REMSType", r.completion.rems_type)
    return rep


def _member(m: etree._Element, lr: LearnerRecord) -> None:
    if lr.npi:
        sub(m, MEMBER, "UniqueID", lr.npi).set("domain", NPI_DOMAIN)
    for board, ident in sorted(lr.board_ids.items()):
        sub(m, MEMBER, "UniqueID", ident).set("domain", board_domain(board))
    name = sub(m, MEMBER, "Name")
    sub_if(name, NAME, "GivenName", lr.first_name)
    sub_if(name, NAME, "FamilyName", lr.last_name)
    if lr.license_state or lr.license_number:
        lic = sub(sub(m, MEMBER, "LicenseInfo"), MEMBER, "License")
        entity = sub(lic, MEMBER, "LicensureEntity")
        entity.set("code", lr.license_state)
        sub(entity, MEMBER, "LicensureEntityName", f"{lr.license_state} medical board")
        sub(
            lic,
            MEMBER,
            "LicenseNumberAvailability",
            "Available" if lr.license_number else "Unknown",
        )
        sub_if(lic, MEMBER, "LicenseNumber", lr.license_number)
        juris = sub(lic, MEMBER, "Jurisdiction")
        sub(sub(juris, MEMBER, "Country"), "http://ns.medbiq.org/address/v2/", "CountryCode", "USA")
        sub_if(juris, MEMBER, "StateOrProvince", lr.license_state)


def _certificate(cert: etree._Element, c: CreditRecord) -> None:
    received = sub(cert, AR, "CreditReceived")
    sub(received, HX, "accreditingBody", c.board or CME_BODY)
    sub(received, HX, "activityCertification", "MOC" if c.board else "AMA PRA Category 1")
    sub(received, HX, "creditType", "CME")
    sub(received, HX, "creditUnit", "Point" if c.board else "Credit")
    sub(received, HX, "numberOfCredits", str(c.points))
    sub(cert, AR, "CreditID", c.credit_id)


# --- parsing -------------------------------------------------------------------------------


def parse_learner_reports(data: bytes) -> list[LearnerReport]:
    root = parse_untrusted(data, "learner document")
    if root.tag != q(AR, "ActivityReports"):
        raise ContractError(f"expected ActivityReports, found {etree.QName(root).localname}")
    return [
        parse_report_element(rep, f"report {i}")
        for i, rep in enumerate(root.iterfind("r:ActivityReport", NS), start=1)
    ]


_UNIQUE_ID = q(MEMBER, "UniqueID")
_LICENSURE_ENTITY = q(MEMBER, "LicensureEntity")
_CERTIFICATE = q(AR, "CreditCertificate")
_BODY = q(HX, "accreditingBody")
_CREDITS = q(HX, "numberOfCredits")
_CREDIT_ID = q(AR, "CreditID")


def parse_report_element(rep: etree._Element, where: str) -> LearnerReport:
    """One pass over the report's elements: this runs for every learner record PARS receives."""
    texts: dict[str, str] = {}
    ids: dict[str, str] = {}
    license_state = ""
    credits: list[CreditRecord] = []
    has_member = False
    for el in rep.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == _UNIQUE_ID:
            ids[el.get("domain", "")] = (el.text or "").strip()
        elif tag == _LICENSURE_ENTITY:
            license_state = el.get("code", "")
        elif tag == _CERTIFICATE:
            credits.append(_parse_certificate(el, where))
        elif el.text is not None and tag not in texts:
            texts[tag] = el.text.strip()
        has_member = has_member or tag == _MEMBER
    if not has_member:
        raise ContractError("the report has no Member", where)

    def t(ns: str, tag: str) -> str:
        return texts.get(q(ns, tag), "")

    birth = t(ACCME, "BirthMonthDay")
    month, day = _month_day(birth, where) if birth else (None, None)
    learner = LearnerRecord(
        first_name=t(NAME, "GivenName"),
        last_name=t(NAME, "FamilyName"),
        birth_month=month,
        birth_day=day,
        license_state=license_state,
        license_number=t(MEMBER, "LicenseNumber"),
        npi=ids.get(NPI_DOMAIN, ""),
        board_ids={
            _board_code(d.removeprefix("idd:").removesuffix(".org:id").upper()): v
            for d, v in ids.items()
            if d.endswith(".org:id")
        },
        consent_date=parse_date(t(ACCME, "Date"), where),
        consent_source=t(ACCME, "Source"),
    )
    action_text = t(ACCME, "RecordAction") or "Add"
    try:
        action = ReportAction(action_text)
    except ValueError:
        raise ContractError(
            f"“{action_text}” is not a report action (Add, Delete)", where
        ) from None
    return LearnerReport(
        learner=learner,
        accme_activity_id=t(AR, "ActivityInstanceID"),
        activity_title=t(AR, "ActivityName"),
        completion=CompletionRecord(
            completion_date=parse_date(t(AR, "CompletedDateTime"), where),
            credits=tuple(credits),
            rems_type=t(ACCME, "REMSType") or None,
        ),
        action=action,
    )


_MEMBER = q(AR, "Member")


def _parse_certificate(cert: etree._Element, where: str) -> CreditRecord:
    body, points_text, credit_id = "", "", ""
    for el in cert.iter(_BODY, _CREDITS, _CREDIT_ID):
        text = (el.text or "").strip()
        if el.tag == _BODY:
            body = text
        elif el.tag == _CREDITS:
            points_text = text
        else:
            credit_id = text
    points = parse_decimal(points_text, where)
    if points is None:
        raise ContractError("a credit certificate has no number of credits", where)
    return CreditRecord(None if body in {"", CME_BODY} else body, points, credit_id)


_BOARD_SPELLING = {"ABPATH": "ABPath"}


def _board_code(upper: str) -> str:
    return _BOARD_SPELLING.get(upper, upper)


def _month_day(text: str, where: str) -> tuple[int, int]:
    if len(text) != 7 or not text.startswith("--") or text[4] != "-":
        raise ContractError(f"“{text}” is not a birth month/day (--MM-DD)", where)
    try:
        return int(text[2:4]), int(text[5:7])
    except ValueError:
        raise ContractError(f"“{text}” is not a birth month/day (--MM-DD)", where) from None
