"""Activity documents: ``ACCMEActivities`` → ``MedicalEducationMetrics``, as ACCME's draft names it.

The tree built here (plain dicts and lists, named exactly as ``schemas/accme-pars-activity``) is
the one model of an activity on the wire; ``encoding`` writes it as JSON or as MEMS XML. Every
reading the drafts left open is numbered in ``schemas/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from desktop.models.records import (
    ActivityRecord,
    MocRegistration,
    Outcome,
    SupportKind,
)
from desktop.models.reference import ReferenceData, load_reference
from desktop.sync.contract import encoding
from desktop.sync.contract.activity_envelope import (
    ABA_OUTLINE,
    ACCME_ID,
    AMA,
    PROVIDER_ID,
    URL,
    ActivityEnvelope,
    RecordAction,
    Tree,
)
from desktop.sync.contract.activity_reading import envelopes_from_tree
from desktop.sync.contract.names import (
    ProviderIdentity,
    board_to_wire,
    fee_to_wire,
)
from desktop.sync.contract.tree import (
    date_time,
    number,
)

__all__ = [
    "ActivityEnvelope",
    "RecordAction",
    "activities_tree",
    "activity_tree",
    "build_activities",
    "missing_for_wire",
    "parse_activities",
]


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
