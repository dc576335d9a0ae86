"""Activity documents: ``ACCMEActivities`` → ``MedicalEducationMetrics`` (MEMS v2 + LOM).

Standard parts: ReportDescription, ActivityDescription (monetary commercial support),
ParticipationMetrics (learner counts), ``lom:lom/general`` (identifiers, title, description) and
``hx:healthcareMetadata/healthcareEducation`` (credits, joint providers, location, dates,
sponsorship, format, commercial support). Everything else is an ACCME extension in
``XtensibleInfo``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from desktop.models.records import (
    ActivityRecord,
    EnduringCountRecord,
    MocRegistration,
    Outcome,
    Providership,
    SupportKind,
    SupportSource,
)
from desktop.models.reference import ReferenceData, load_reference
from desktop.sync.contract.safe_xml import parse_untrusted
from desktop.sync.contract.wire import (
    ACCME,
    ADDRESS,
    HX,
    LOM,
    MEMS,
    NSMAP,
    ContractError,
    date_time,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    q,
    serialize,
    sub,
    sub_if,
    text_of,
    yes_no,
)

NS = {"m": MEMS, "lom": LOM, "hx": HX, "a": ADDRESS, "acc": ACCME}
PROVIDER_ID = "Provider Activity ID"
ACCME_ID = "ACCME Activity ID"
URL = "URL"
AMA = "AMA PRA Category 1"


class RecordAction(StrEnum):
    ADD = "Add"
    UPDATE = "Update"
    DELETE = "Delete"


@dataclass(frozen=True)
class ActivityEnvelope:
    """One activity on the wire: the record, what to do with it, and PARS's version of it."""

    record: ActivityRecord
    action: RecordAction = RecordAction.ADD
    version: int | None = None


def build_activities(
    envelopes: Iterable[ActivityEnvelope], ref: ReferenceData | None = None
) -> bytes:
    ref = ref or load_reference()
    root = etree.Element(q(ACCME, "ACCMEActivities"), nsmap=NSMAP)
    for env in envelopes:
        root.append(activity_element(env, ref))
    return serialize(root)


def activity_element(env: ActivityEnvelope, ref: ReferenceData) -> etree._Element:
    r = env.record
    mem = etree.Element(q(MEMS, "MedicalEducationMetrics"), nsmap=NSMAP)
    report = sub(mem, MEMS, "ReportDescription")
    sub_if(report, MEMS, "ReportingStartDate", r.start_date.isoformat() if r.start_date else None)
    sub_if(report, MEMS, "ReportingEndDate", r.end_date.isoformat() if r.end_date else None)
    description = sub(mem, MEMS, "ActivityDescription")
    lom = _lom(description, r)
    _healthcare(lom, r, ref)
    for s in r.support_sources:
        if s.kind is SupportKind.MONETARY:
            amount = sub(description, MEMS, "CommercialSupportAmount")
            amount.set("currency", "USD")
            amount.set("supportSource", s.source)
            if s.amount is not None:
                amount.text = str(s.amount)
    metrics = sub(mem, MEMS, "ParticipationMetrics")
    for category, number in (("physician", r.physician_learners), ("other", r.other_learners)):
        if number is not None:
            by = sub(metrics, MEMS, "ParticipantsByCategory")
            sub(by, MEMS, "CategoryName", category)
            sub(by, MEMS, "Number", str(number))
    _xtensible(sub(mem, MEMS, "XtensibleInfo"), env, ref)
    return mem


def _lom(description: etree._Element, r: ActivityRecord) -> etree._Element:
    lom = sub(description, LOM, "lom")
    general = sub(lom, LOM, "general")
    for catalog, entry in (
        (PROVIDER_ID, r.provider_activity_id),
        (ACCME_ID, r.accme_activity_id),
        (URL, r.activity_url),
    ):
        if entry:
            identifier = sub(general, LOM, "identifier")
            sub(identifier, LOM, "catalog", catalog)
            sub(identifier, LOM, "entry", entry)
    for tag, value in (("title", r.title), ("description", r.description)):
        if value:
            sub(sub(general, LOM, tag), LOM, "string", value).set("language", "en")
    return lom


def _healthcare(lom: etree._Element, r: ActivityRecord, ref: ReferenceData) -> None:
    edu = sub(sub(lom, HX, "healthcareMetadata"), HX, "healthcareEducation")
    credits = sub(edu, HX, "credits")
    sub(credits, HX, "activityCertification", AMA)
    for name in r.joint_providers:
        sub(credits, HX, "nonAccreditedProvider", name)
    if r.ama_credits is not None:
        sub(credits, HX, "numberOfCredits", str(r.ama_credits))
    if r.city or r.state or r.country:
        where = sub(edu, HX, "activityLocation")
        sub_if(where, ADDRESS, "City", r.city)
        sub_if(where, ADDRESS, "StateOrProvince", r.state)
        country = sub(where, ADDRESS, "Country")
        sub_if(country, ADDRESS, "CountryCode", r.country)
    sub_if(edu, HX, "startDateTime", date_time(r.start_date))
    sub_if(edu, HX, "endDateTime", date_time(r.end_date))
    if r.providership is not None:
        sub(edu, HX, "activitySponsorship", r.providership.value)
    fmt = ref.format(r.format)
    if r.format:
        sub(sub(edu, HX, "activityFormat"), LOM, "string", fmt.name if fmt else r.format).set(
            "language", "en"
        )
    if r.commercial_support is not None:
        sub(edu, HX, "commercialSupport", "yes" if r.commercial_support else "no")


def _xtensible(x: etree._Element, env: ActivityEnvelope, ref: ReferenceData) -> None:
    r = env.record
    sub(x, ACCME, "RecordAction", env.action.value)
    sub(x, ACCME, "CloseActivity", yes_no(r.close_requested))
    if env.version is not None:
        sub(x, ACCME, "Version", str(env.version))
    if r.delivery_methods:
        methods = sub(x, ACCME, "DeliveryMethods")
        names = {d.code: d.name for d in ref.delivery_methods}
        for method in r.delivery_methods:
            sub(methods, ACCME, "DeliveryMethod", names.get(method, method))
    if r.outcomes:
        outcomes = sub(x, ACCME, "MeasuredOutcomes")
        for o in r.outcomes:
            el = sub(outcomes, ACCME, "MeasuredOutcome")
            el.set("measure", o.measure)
            if o.objective:
                sub(el, ACCME, "MeasurementType", "Objective")
            if o.subjective:
                sub(el, ACCME, "MeasurementType", "Subjective")
    if r.commendation_tags:
        tags = sub(x, ACCME, "CommendationTags")
        names = {t.code: t.name for t in ref.commendation_tags}
        for t in r.commendation_tags:
            sub(tags, ACCME, "CommendationTag", names.get(t, t))
    in_kind = [s for s in r.support_sources if s.kind is SupportKind.IN_KIND]
    if in_kind:
        supports = sub(x, ACCME, "InKindSupports")
        for s in in_kind:
            sub(sub(supports, ACCME, "InKindSupport"), ACCME, "source", s.source)
    if r.moc:
        regs = sub(x, ACCME, "MOCRegistrations")
        for m in r.moc:
            _moc(sub(regs, ACCME, "MOCRegistration"), m)
    if r.passport is not None:
        sub(x, ACCME, "ForPublicList", yes_no(r.passport))
    sub_if(x, ACCME, "FeeForParticipation", r.passport_fee)
    sub_if(x, ACCME, "ActivityRegistration", r.passport_registration)
    sub(x, ACCME, "IsMeritBasedIncentivePaymentSystem", yes_no(r.mips))
    if r.rems_type or r.rems_grant_id:
        rems = sub(x, ACCME, "REMS")
        sub_if(rems, ACCME, "REMSType", r.rems_type)
        sub_if(rems, ACCME, "REMSRelatedIdentifier", r.rems_grant_id)
    sub_if(x, ACCME, "InternalID", r.internal_id)
    sub_if(x, ACCME, "ActivityFormatCode", r.format)
    if r.enduring_counts:
        # An enduring material's yearly cumulative learners as of Dec 31 (SPEC M5).
        history = sub(x, ACCME, "CumulativeLearnerCounts")
        for c in r.enduring_counts:
            el = sub(history, ACCME, "AsOfDecember31")
            el.set("year", str(c.year))
            sub(el, ACCME, "Physicians", str(c.physician_learners))
            sub(el, ACCME, "OtherLearners", str(c.other_learners))


def _parse_count(el: etree._Element, where: str) -> EnduringCountRecord:
    year = parse_int(el.get("year", ""), where)
    physicians = parse_int(text_of(el, "acc:Physicians", NS), where)
    others = parse_int(text_of(el, "acc:OtherLearners", NS), where)
    if year is None or physicians is None or others is None:
        raise ContractError("a cumulative learner count needs its year and both counts", where)
    return EnduringCountRecord(year, physicians, others)


def _moc(el: etree._Element, m: MocRegistration) -> None:
    sub(el, ACCME, "boardName", m.board)
    sub(el, ACCME, "Attestation", yes_no(m.attested))
    if m.points is not None:
        sub(el, ACCME, "mocPoints", str(m.points))
    for t in m.credit_types:
        sub(el, ACCME, "MOCCreditType", t)
    for p in m.practice_areas:
        sub(el, ACCME, "PracticeArea", p)
    sub_if(el, ACCME, "ContentArea", m.content_area)
    sub_if(el, ACCME, "InternalID", m.internal_id)
    sub_if(el, ACCME, "FeeForParticipation", m.fee)
    sub_if(el, ACCME, "ActivityRegistration", m.registration)
    sub_if(el, ACCME, "URL", m.url)
    sub_if(
        el,
        ACCME,
        "CreditClaimDate",
        m.credit_claim_date.isoformat() if m.credit_claim_date else None,
    )


# --- parsing -------------------------------------------------------------------------------


def parse_activities(data: bytes, ref: ReferenceData | None = None) -> list[ActivityEnvelope]:
    """Parse an ``ACCMEActivities`` document; a ``ContractError`` names the failing record."""
    ref = ref or load_reference()
    root = parse_untrusted(data, "activity document")
    if root.tag != q(ACCME, "ACCMEActivities"):
        raise ContractError(f"expected ACCMEActivities, found {etree.QName(root).localname}")
    return [
        parse_activity_element(mem, ref, where=f"activity {i}")
        for i, mem in enumerate(root.iterfind("m:MedicalEducationMetrics", NS), start=1)
    ]


def parse_activity_element(mem: etree._Element, ref: ReferenceData, where: str) -> ActivityEnvelope:
    ids = {
        text_of(i, "lom:catalog", NS): text_of(i, "lom:entry", NS)
        for i in mem.iterfind("m:ActivityDescription/lom:lom/lom:general/lom:identifier", NS)
    }
    where = f"{where} ({ids.get(PROVIDER_ID, 'no Provider Activity ID')})"
    edu = mem.find("m:ActivityDescription/lom:lom/hx:healthcareMetadata/hx:healthcareEducation", NS)
    x = mem.find("m:XtensibleInfo", NS)
    if edu is None:
        edu = etree.Element(q(HX, "healthcareEducation"))
    if x is None:
        x = etree.Element(q(MEMS, "XtensibleInfo"))

    def t(el: etree._Element, path: str) -> str:
        return text_of(el, path, NS)

    action_text = t(x, "acc:RecordAction") or RecordAction.ADD.value
    try:
        action = RecordAction(action_text)
    except ValueError:
        raise ContractError(
            f"“{action_text}” is not a record action (Add, Update, Delete)", where
        ) from None
    sponsorship = t(edu, "hx:activitySponsorship")
    if sponsorship and sponsorship not in {"direct", "joint"}:
        raise ContractError(f"“{sponsorship}” is not direct or joint", where)
    counts = {
        t(by, "m:CategoryName"): parse_int(t(by, "m:Number"), where)
        for by in mem.iterfind("m:ParticipationMetrics/m:ParticipantsByCategory", NS)
    }
    method_codes = {d.name: d.code for d in ref.delivery_methods}
    tag_codes = {c.name: c.code for c in ref.commendation_tags}
    support = [
        SupportSource(
            el.get("supportSource", ""),
            SupportKind.MONETARY,
            parse_int((el.text or "").strip(), where),
        )
        for el in mem.iterfind("m:ActivityDescription/m:CommercialSupportAmount", NS)
    ] + [
        SupportSource(t(el, "acc:source"), SupportKind.IN_KIND)
        for el in x.iterfind("acc:InKindSupports/acc:InKindSupport", NS)
    ]
    fmt_code = t(x, "acc:ActivityFormatCode") or _format_code(
        t(edu, "hx:activityFormat/lom:string"), ref
    )
    support_text = t(edu, "hx:commercialSupport")
    record = ActivityRecord(
        provider_activity_id=ids.get(PROVIDER_ID, ""),
        accme_activity_id=ids.get(ACCME_ID) or None,
        title=t(mem, "m:ActivityDescription/lom:lom/lom:general/lom:title/lom:string"),
        description=t(mem, "m:ActivityDescription/lom:lom/lom:general/lom:description/lom:string"),
        format=fmt_code or None,
        delivery_methods=tuple(
            method_codes.get(e.text or "", e.text or "")
            for e in x.iterfind("acc:DeliveryMethods/acc:DeliveryMethod", NS)
        ),
        start_date=parse_date(t(mem, "m:ReportDescription/m:ReportingStartDate"), where),
        end_date=parse_date(t(mem, "m:ReportDescription/m:ReportingEndDate"), where),
        city=t(edu, "hx:activityLocation/a:City"),
        state=t(edu, "hx:activityLocation/a:StateOrProvince"),
        country=t(edu, "hx:activityLocation/a:Country/a:CountryCode"),
        providership=Providership(sponsorship) if sponsorship else None,
        joint_providers=tuple(
            (e.text or "").strip() for e in edu.iterfind("hx:credits/hx:nonAccreditedProvider", NS)
        ),
        ama_credits=parse_decimal(t(edu, "hx:credits/hx:numberOfCredits"), where),
        passport=parse_bool(t(x, "acc:ForPublicList"), where),
        activity_url=ids.get(URL, ""),
        passport_fee=t(x, "acc:FeeForParticipation") or None,
        passport_registration=t(x, "acc:ActivityRegistration") or None,
        commercial_support=None if not support_text else support_text == "yes",
        support_sources=tuple(support),
        physician_learners=counts.get("physician"),
        other_learners=counts.get("other"),
        outcomes=tuple(
            Outcome(
                e.get("measure", ""),
                objective="Objective" in {m.text for m in e.iterfind("acc:MeasurementType", NS)},
                subjective="Subjective" in {m.text for m in e.iterfind("acc:MeasurementType", NS)},
            )
            for e in x.iterfind("acc:MeasuredOutcomes/acc:MeasuredOutcome", NS)
        ),
        commendation_tags=tuple(
            tag_codes.get(e.text or "", e.text or "")
            for e in x.iterfind("acc:CommendationTags/acc:CommendationTag", NS)
        ),
        moc=tuple(
            _parse_moc(e, where) for e in x.iterfind("acc:MOCRegistrations/acc:MOCRegistration", NS)
        ),
        rems_type=t(x, "acc:REMS/acc:REMSType") or None,
        rems_grant_id=t(x, "acc:REMS/acc:REMSRelatedIdentifier"),
        mips=bool(parse_bool(t(x, "acc:IsMeritBasedIncentivePaymentSystem"), where)),
        internal_id=t(x, "acc:InternalID"),
        close_requested=bool(parse_bool(t(x, "acc:CloseActivity"), where)),
        enduring_counts=tuple(
            _parse_count(e, where)
            for e in x.iterfind("acc:CumulativeLearnerCounts/acc:AsOfDecember31", NS)
        ),
    )
    return ActivityEnvelope(record, action, parse_int(t(x, "acc:Version"), where))


def _format_code(name: str, ref: ReferenceData) -> str:
    if not name:
        return ""
    return next((f.code for f in ref.formats if f.name == name), name)


def _parse_moc(el: etree._Element, where: str) -> MocRegistration:
    def t(path: str) -> str:
        return text_of(el, path, NS)

    board = t("acc:boardName")
    where = f"{where}, {board or 'unnamed'} MOC"
    return MocRegistration(
        board=board,
        attested=bool(parse_bool(t("acc:Attestation"), where)),
        points=parse_decimal(t("acc:mocPoints"), where),
        credit_types=tuple((e.text or "").strip() for e in el.iterfind("acc:MOCCreditType", NS)),
        practice_areas=tuple((e.text or "").strip() for e in el.iterfind("acc:PracticeArea", NS)),
        content_area=t("acc:ContentArea"),
        internal_id=t("acc:InternalID"),
        fee=t("acc:FeeForParticipation") or None,
        registration=t("acc:ActivityRegistration") or None,
        url=t("acc:URL"),
        credit_claim_date=parse_date(t("acc:CreditClaimDate"), where),
    )
