"""Reading an activity tree (JSON or XML, already decoded) back into records.

The inverse of ``activity_document``; readings of ``schemas/README.md`` are applied the same way
(1: the activity's own dates, never the reporting period; 10, 11, 17).
"""

from __future__ import annotations

from desktop.models.records import (
    ActivityRecord,
    MocRegistration,
    Outcome,
    Providership,
    SupportKind,
    SupportSource,
)
from desktop.models.reference import ReferenceData, load_reference
from desktop.sync.contract.activity_envelope import (
    ABA_OUTLINE,
    ACCME_ID,
    PROVIDER_ID,
    URL,
    ActivityEnvelope,
    RecordAction,
)
from desktop.sync.contract.names import board_from_wire, fee_from_wire
from desktop.sync.contract.tree import (
    ContractError,
    as_bool,
    as_date,
    as_decimal,
    as_int,
    as_list,
    as_obj,
    as_text,
)


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
