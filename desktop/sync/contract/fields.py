"""Where PARS says something is wrong, in the words of our forms.

PARS (and the sandbox) name a failing field as a JSON pointer into the body sent
(``/ACCMEActivities/MedicalEducationMetrics/0/Lom/general/title``; reading 13). The editor and
the learners grid open at *their* field names; this is the one translation between the two.
A pointer with no known place keeps its text, so nothing PARS says is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.sync.contract.results_document import FieldError

_ITEM = re.compile(r"^/ACCMEActivities/MedicalEducationMetrics/\d+")
_REPORT = re.compile(r"^/ACCMELearnerReports/ActivityReports/ActivityReport/\d+")
_MOC = re.compile(r"^/XtensibleInfo/MOCRegistrations/MOCRegistration/(\d+)")

# Longest prefix first: a pointer inside a place belongs to it.
_ACTIVITY = (
    ("/Lom/general/title", "title"),
    ("/Lom/general/description", "description"),
    ("/Lom/general/identifier", "provider_activity_id"),
    ("/Lom/general/keyword", "moc"),
    ("/healthcareMetadata/healthcareEducation/activityFormat", "format"),
    ("/healthcareMetadata/healthcareEducation/startDateTime", "start_date"),
    ("/healthcareMetadata/healthcareEducation/endDateTime", "end_date"),
    ("/healthcareMetadata/healthcareEducation/activityLocation/stateOrProvince", "state"),
    ("/healthcareMetadata/healthcareEducation/activityLocation/country", "country"),
    ("/healthcareMetadata/healthcareEducation/activityLocation", "city"),
    ("/healthcareMetadata/healthcareEducation/activitySponsorship", "providership"),
    ("/healthcareMetadata/healthcareEducation/credits/nonAccreditedProvider", "joint_providers"),
    ("/healthcareMetadata/healthcareEducation/credits", "ama_credits"),
    ("/healthcareMetadata/healthcareEducation/commercialSupport", "commercial_support"),
    ("/healthcareMetadata/healthcareEducation/targetAudience", "moc"),
    ("/ActivityDescription/commercialSupportAmount", "support_sources"),
    ("/ParticipationMetrics", "physician_learners"),
    ("/XtensibleInfo/DeliveryMethods", "delivery_methods"),
    ("/XtensibleInfo/MeasuredOutcomes", "outcomes"),
    ("/XtensibleInfo/CommendationTags", "commendation_tags"),
    ("/XtensibleInfo/InKindSupports", "support_sources"),
    ("/XtensibleInfo/ForPublicList", "passport"),
    ("/XtensibleInfo/FeeForParticipation", "passport_fee"),
    ("/XtensibleInfo/ActivityRegistration", "passport_registration"),
    ("/XtensibleInfo/IsMeritBasedIncentivePaymentSystem", "mips"),
    ("/XtensibleInfo/REMS", "rems_type"),
    ("/XtensibleInfo/closeActivityRecord", "close_requested"),
)
_LEARNER = (
    ("/Member/Name/GivenName", "first_name"),
    ("/Member/Name/FamilyName", "last_name"),
    ("/Member/PersonalInfo", "birth_date"),
    ("/Member", "learner"),
    ("/Activity/Module/CompletedDateTime", "completion_date"),
    ("/Activity/Module/ModuleName", "accme_activity_id"),
    ("/Activity/Module/CreditCertificate", "credits"),
)
_CERTIFICATE = re.compile(
    r"^/Activity/Module/CreditCertificate/\d+/(UniqueID|CreditID|CreditReceived)"
)


def local_field(pointer: str, boards: tuple[str, ...] = ()) -> str:
    """The form field a PARS pointer means; ``boards``: the activity's MOC boards in order."""
    if m := _ITEM.match(pointer):
        return _activity_field(pointer[m.end() :], boards)
    if m := _REPORT.match(pointer):
        return _learner_field(pointer[m.end() :])
    return pointer


def _activity_field(rest: str, boards: tuple[str, ...]) -> str:
    if m := _MOC.match(rest):
        i = int(m.group(1))
        return f"moc.{boards[i]}" if i < len(boards) else "moc"
    if rest.startswith("/XtensibleInfo/MOCRegistrations"):
        return "moc"
    for prefix, name in _ACTIVITY:
        if rest.startswith(prefix):
            return name
    return rest.lstrip("/") or "title"


def _learner_field(rest: str) -> str:
    if m := _CERTIFICATE.match(rest):
        part = m.group(1)
        return {"UniqueID": "npi", "CreditID": "credit_id"}.get(part, "credits")
    for prefix, name in _LEARNER:
        if rest.startswith(prefix):
            return name
    return rest.lstrip("/") or "learner"


def localized(errors: Iterable[FieldError], boards: tuple[str, ...] = ()) -> tuple[FieldError, ...]:
    return tuple(FieldError(e.code, local_field(e.field, boards), e.message) for e in errors)
