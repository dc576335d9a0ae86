"""Activity documents: ``ACCMEActivities`` → ``MedicalEducationMetrics``, as ACCME's draft names it.

The tree built here (plain dicts and lists, named exactly as ``schemas/accme-pars-activity``) is
the one model of an activity on the wire; ``encoding`` writes it as JSON or as MEMS XML. Every
reading the drafts left open is numbered in ``schemas/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop.models.records import (
    ActivityRecord,
    MocRegistration,
    Outcome,
    Providership,
    SupportKind,
    SupportSource,
)
from desktop.models.reference import ReferenceData, load_reference
from desktop.sync.contract import encoding
from desktop.sync.contract.names import (
    ProviderIdentity,
    board_from_wire,
    board_to_wire,
    fee_from_wire,
    fee_to_wire,
)
from desktop.sync.contract.tree import (
    ContractError,
    as_bool,
    as_date,
    as_decimal,
    as_int,
    as_list,
    as_obj,
    as_text,
    date_time,
    number,
)

PROVIDER_ID = "Provider Activity ID"
ACCME_ID = "ACCME Activity ID"
URL = "URL"
AMA = "AMA PRA Category 1"
ABA_OUTLINE = "01_ABAMCO"  # reading 11: ABA's content area as a Lom keyword
Tree = dict[str, Any]


class RecordAction(StrEnum):
    ADD = "Add"
    UPDATE = "Update"
    DELETE = "Delete"


@dataclass(frozen=True)
class ActivityEnvelope:
    """One activity on the wire: the record, what to do with it, and PARS's version of it.

    The version never travels in the body (reading 12): it comes from the HTTP exchange.
    """

    record: ActivityRecord
    action: RecordAction = RecordAction.ADD
    version: int | None = None


def build_activities(
    envelopes: Iterable[ActivityEnvelope],
    provider: ProviderIdentity | None = None,
    fmt: encoding.WireFormat = encoding.WireFormat.JSON,
    ref: ReferenceData | None = None,
) -> bytes:
    return encoding.encode_activities(activities_tree(envelopes, provider, ref), fmt)


def parse_activities(data: bytes, ref: ReferenceData | None = None) -> list[ActivityEnvelope]:
    """Parse an ``ACCMEActivities`` document in either encoding; errors name the record."""
    return envelopes_from_tree(encoding.decode_activities(data), ref)


def activities_tree(
    envelopes: Iterable[ActivityEnvelope],
    provider: ProviderIdentity | None = None,
    ref: ReferenceData | None = None,
) -> Tree:
    ref = ref or load_reference()
    provider = provider or ProviderIdentity()
    items = [activity_tree(env, provider, ref) for env in envelopes]
    return {"ACCMEActivities": {"MedicalEducationMetrics": items}}


def activity_tree(env: ActivityEnvelope, provider: ProviderIdentity, ref: ReferenceData) -> Tree:
    r = env.record
    item: Tree = {}
    if r.start_date or r.end_date:
        # Reading 1: the reporting dates are the activity's own (their years align).
        item["ReportDescription"] = _drop_none(
            {
                "ReportingStartDate": r.start_date.isoformat() if r.start_date else None,
                "ReportingEndDate": r.end_date.isoformat() if r.end_date else None,
            }
        )
    monetary = [s for s in r.support_sources if s.kind is SupportKind.MONETARY]
    item["ActivityDescription"] = (
        {
            "commercialSupportAmount": [
                {"currency": "USD", "supportSource": s.source, "value": s.amount or 0}
                for s in monetary
            ]
        }
        if monetary
        else {}
    )
    item["Lom"] = {"general": _general(r)}
    item["healthcareMetadata"] = {"healthcareEducation": _education(r, ref)}
    counts = [
        {"category": category, "numberOfParticipants": n}
        for category, n in (("physician", r.physician_learners), ("other", r.other_learners))
        if n is not None
    ]
    if counts:
        item["ParticipationMetrics"] = {"participantsByCategory": counts}
    item["XtensibleInfo"] = _xtensible(env, provider, ref)
    return item


def _general(r: ActivityRecord) -> Tree:
    general: Tree = {
        "identifier": [
            {"catalog": catalog, "entry": entry}
            for catalog, entry in (
                (PROVIDER_ID, r.provider_activity_id),
                (ACCME_ID, r.accme_activity_id),
                (URL, r.activity_url),
            )
            if entry
        ],
        "title": r.title,
        "description": r.description,
    }
    keywords = [
        {"id": "Free Text", "source": ABA_OUTLINE, "string": m.content_area}
        for m in r.moc
        if m.board == "ABA" and m.content_area
    ]
    if keywords:
        general["keyword"] = keywords
    return general


def _education(r: ActivityRecord, ref: ReferenceData) -> Tree:
    credits: Tree = {"activityCertification": AMA}
    if r.ama_credits is not None:
        credits["numberOfCredits"] = number(r.ama_credits)
    if r.joint_providers:
        credits["nonAccreditedProvider"] = list(r.joint_providers)
    edu: Tree = {"credits": credits}
    if r.city or r.state or r.country:
        edu["activityLocation"] = {
            k: v
            for k, v in (("city", r.city), ("stateOrProvince", r.state), ("country", r.country))
            if v
        }
    for key, value in (("startDateTime", r.start_date), ("endDateTime", r.end_date)):
        if value is not None:
            edu[key] = date_time(value)
    if r.providership is not None:
        edu["activitySponsorship"] = r.providership.value
    if r.format:
        fmt = ref.format(r.format)
        edu["activityFormat"] = fmt.name if fmt else r.format
    if r.commercial_support is not None:
        edu["commercialSupport"] = r.commercial_support
    areas = list(dict.fromkeys(p for m in r.moc for p in m.practice_areas))
    if areas:
        edu["targetAudience"] = {"profession": ["Physician"], "specialty": areas}
    return edu


def _xtensible(env: ActivityEnvelope, provider: ProviderIdentity, ref: ReferenceData) -> Tree:
    r = env.record
    x: Tree = {"ProviderID": provider.accme_id}
    if r.commendation_tags:
        names = {t.code: t.name for t in ref.commendation_tags}
        x["CommendationTags"] = {"CommendationTag": [names.get(t, t) for t in r.commendation_tags]}
    in_kind = [s for s in r.support_sources if s.kind is SupportKind.IN_KIND]
    if in_kind:
        x["InKindSupports"] = {"InKindSupport": [{"source": s.source} for s in in_kind]}
    if r.delivery_methods:
        names = {d.code: d.name for d in ref.delivery_methods}
        x["DeliveryMethods"] = {"DeliveryMethod": [names.get(m, m) for m in r.delivery_methods]}
    if r.outcomes:
        x["MeasuredOutcomes"] = [_outcome(o) for o in r.outcomes]
    if r.moc:
        x["MOCRegistrations"] = {"MOCRegistration": [_moc(m) for m in r.moc]}
    if r.passport is not None:
        x["ForPublicList"] = r.passport
    if r.passport_fee:
        x["FeeForParticipation"] = fee_to_wire(r.passport_fee)
    if r.passport_registration:
        x["ActivityRegistration"] = r.passport_registration
    x["IsMeritBasedIncentivePaymentSystem"] = r.mips
    if r.rems_type or r.rems_grant_id:
        x["REMS"] = _drop_none(
            {"REMSType": r.rems_type, "REMSRelatedIdentifier": r.rems_grant_id or None}
        )
    x["activityRecordAction"] = env.action.value
    x["closeActivityRecord"] = r.close_requested
    return x


def _outcome(o: Outcome) -> Tree:
    types = [t for t, on in (("Objective", o.objective), ("Subjective", o.subjective)) if on]
    out: Tree = {"MeasuredOutcome": o.measure}
    if types:
        out["MeasurementType"] = types
    return out


def _moc(m: MocRegistration) -> Tree:
    out: Tree = {
        "boardName": board_to_wire(m.board),
        "mocPoints": number(m.points) if m.points is not None else 0,  # reading 17
        "MOCCreditType": list(m.credit_types),
    }
    if m.credit_claim_date is not None:
        out["CreditClaimDate"] = m.credit_claim_date.isoformat()
    return out


def missing_for_wire(r: ActivityRecord) -> list[tuple[str, str]]:
    """What ACCME's schema requires of every activity document that the record still lacks.

    PARS would refuse the whole document (400), so such an activity is held locally with these
    reasons instead of being sent: the drafts' schema requires credits, providership and both
    REMS fields together, where our Draft status (SPEC §3) does not.
    """
    out: list[tuple[str, str]] = []
    if r.ama_credits is None or r.ama_credits < Decimal("0.25"):
        out.append(
            ("ama_credits", "PARS takes an activity once its AMA PRA Category 1 Credit™ is given.")
        )
    if r.providership is None:
        out.append(
            (
                "providership",
                "PARS takes an activity once its providership (direct or joint) is given.",
            )
        )
    if bool(r.rems_type) != bool(r.rems_grant_id):
        out.append(
            (
                "rems_type",
                "PARS takes a REMS type only with its RPC grant ID, and the other way round.",
            )
        )
    return out


def _drop_none(d: dict[str, Any]) -> Tree:
    return {k: v for k, v in d.items() if v is not None}


# --- reading a tree back --------------------------------------------------------------------


def envelopes_from_tree(doc: object, ref: ReferenceData | None = None) -> list[ActivityEnvelope]:
    ref = ref or load_reference()
    root = as_obj(as_obj(doc, "document").get("ACCMEActivities"), "ACCMEActivities")
    items = as_list(root.get("MedicalEducationMetrics"), "MedicalEducationMetrics")
    return [envelope_from_tree(item, ref, where=f"activity {i}") for i, item in enumerate(items, 1)]


def envelope_from_tree(item: object, ref: ReferenceData, where: str) -> ActivityEnvelope:
    mem = as_obj(item, where)
    general = as_obj(as_obj(mem.get("Lom"), where).get("general"), where)
    ids = {
        as_text(i.get("catalog"), where): as_text(i.get("entry"), where)
        for i in (as_obj(x, where) for x in as_list(general.get("identifier"), where))
    }
    where = f"{where} ({ids.get(PROVIDER_ID) or 'no Provider Activity ID'})"
    edu = as_obj(as_obj(mem.get("healthcareMetadata"), where).get("healthcareEducation"), where)
    x = as_obj(mem.get("XtensibleInfo"), where)
    action_text = as_text(x.get("activityRecordAction"), where) or RecordAction.ADD.value
    try:
        action = RecordAction(action_text)
    except ValueError:
        raise ContractError(
            f"“{action_text}” is not a record action (Add, Update, Delete)", where
        ) from None
    sponsorship = as_text(edu.get("activitySponsorship"), where)
    if sponsorship and sponsorship not in {"direct", "joint"}:
        raise ContractError(f"“{sponsorship}” is not direct or joint", where)
    credits = as_obj(edu.get("credits"), where)
    location = as_obj(edu.get("activityLocation"), where)
    counts = {
        as_text(c.get("category"), where): as_int(c.get("numberOfParticipants"), where)
        for c in (
            as_obj(x_, where)
            for x_ in as_list(
                as_obj(mem.get("ParticipationMetrics"), where).get("participantsByCategory"),
                where,
            )
        )
    }
    description = as_obj(mem.get("ActivityDescription"), where)
    support = [
        SupportSource(
            as_text(s.get("supportSource"), where),
            SupportKind.MONETARY,
            as_int(s.get("value"), where),
        )
        for s in (
            as_obj(s_, where) for s_ in as_list(description.get("commercialSupportAmount"), where)
        )
    ] + [
        SupportSource(as_text(as_obj(s, where).get("source"), where), SupportKind.IN_KIND)
        for s in as_list(as_obj(x.get("InKindSupports"), where).get("InKindSupport"), where)
    ]
    method_codes = {d.name: d.code for d in ref.delivery_methods}
    tag_codes = {c.name: c.code for c in ref.commendation_tags}
    areas = [
        as_text(a, where)
        for a in as_list(as_obj(edu.get("targetAudience"), where).get("specialty"), where)
    ]
    aba_outline = next(
        (
            as_text(k.get("string"), where)
            for k in (as_obj(k_, where) for k_ in as_list(general.get("keyword"), where))
            if as_text(k.get("source"), where) == ABA_OUTLINE
        ),
        "",
    )
    rems = as_obj(x.get("REMS"), where)
    record = ActivityRecord(
        provider_activity_id=ids.get(PROVIDER_ID, ""),
        accme_activity_id=ids.get(ACCME_ID) or None,
        title=as_text(general.get("title"), where),
        description=as_text(general.get("description"), where),
        format=_format_code(as_text(edu.get("activityFormat"), where), ref) or None,
        delivery_methods=tuple(
            method_codes.get(m, m)
            for m in (
                as_text(m_, where)
                for m_ in as_list(
                    as_obj(x.get("DeliveryMethods"), where).get("DeliveryMethod"), where
                )
            )
        ),
        # Reading 1: the activity's own dates; ReportingStart/EndDate are the reporting period.
        start_date=as_date(edu.get("startDateTime"), where),
        end_date=as_date(edu.get("endDateTime"), where),
        city=as_text(location.get("city"), where),
        state=as_text(location.get("stateOrProvince"), where),
        country=as_text(location.get("country"), where),
        providership=Providership(sponsorship) if sponsorship else None,
        joint_providers=tuple(
            as_text(n, where) for n in as_list(credits.get("nonAccreditedProvider"), where)
        ),
        ama_credits=as_decimal(credits.get("numberOfCredits"), where),
        passport=as_bool(x.get("ForPublicList"), where),
        activity_url=ids.get(URL, ""),
        passport_fee=fee_from_wire(as_text(x.get("FeeForParticipation"), where) or None),
        passport_registration=as_text(x.get("ActivityRegistration"), where) or None,
        commercial_support=as_bool(edu.get("commercialSupport"), where),
        support_sources=tuple(support),
        physician_learners=counts.get("physician"),
        other_learners=counts.get("other"),
        outcomes=tuple(_parse_outcome(o, where) for o in as_list(x.get("MeasuredOutcomes"), where)),
        commendation_tags=tuple(
            tag_codes.get(t, t)
            for t in (
                as_text(t_, where)
                for t_ in as_list(
                    as_obj(x.get("CommendationTags"), where).get("CommendationTag"), where
                )
            )
        ),
        moc=tuple(
            _parse_moc(m, where, areas, aba_outline)
            for m in as_list(as_obj(x.get("MOCRegistrations"), where).get("MOCRegistration"), where)
        ),
        rems_type=as_text(rems.get("REMSType"), where) or None,
        rems_grant_id=as_text(rems.get("REMSRelatedIdentifier"), where),
        mips=bool(as_bool(x.get("IsMeritBasedIncentivePaymentSystem"), where)),
        close_requested=bool(as_bool(x.get("closeActivityRecord"), where)),
    )
    return ActivityEnvelope(record, action)


def reporting_period(item: object, where: str) -> tuple[str, str]:
    """The reporting period as PARS gives it: ``YYYY`` or ``YYYY-MM-DD`` each (reading 1)."""
    report = as_obj(as_obj(item, where).get("ReportDescription"), where)
    return (
        as_text(report.get("ReportingStartDate"), where),
        as_text(report.get("ReportingEndDate"), where),
    )


def _format_code(name: str, ref: ReferenceData) -> str:
    if not name:
        return ""
    return next((f.code for f in ref.formats if f.name == name), name)


def _parse_outcome(item: object, where: str) -> Outcome:
    o = as_obj(item, where)
    types = {as_text(t, where) for t in as_list(o.get("MeasurementType"), where)}
    return Outcome(
        as_text(o.get("MeasuredOutcome"), where),
        objective="Objective" in types,
        subjective="Subjective" in types,
    )


def _parse_moc(item: object, where: str, areas: list[str], aba_outline: str) -> MocRegistration:
    m = as_obj(item, where)
    board = board_from_wire(as_text(m.get("boardName"), where))
    where = f"{where}, {board or 'unnamed'} MOC"
    points = as_decimal(m.get("mocPoints"), where)
    return MocRegistration(
        board=board,
        # ``mocPoints`` is required by the schema: 0 is how "not given yet" travels (reading 17).
        points=points if points else None,
        credit_types=tuple(as_text(t, where) for t in as_list(m.get("MOCCreditType"), where)),
        # Practice areas travel for the activity as a whole (reading 11); a pull keeps each
        # board's own list (``unwired``), this is only what PARS says the activity covers.
        practice_areas=tuple(areas),
        content_area=aba_outline if board == "ABA" else "",
        credit_claim_date=as_date(m.get("CreditClaimDate"), where),
    )
