"""PARS's acceptance rules for an activity (SPEC §2.2, §2.3, §3), written for the sandbox alone.

They read the request's JSON tree (already valid against ACCME's schema) and never the
client's records or rules: two implementations that must agree is the point. Each problem names
its field as a JSON pointer relative to the activity (``/Lom/general/title``); the caller
prefixes the activity's place in the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pars_sandbox.answers import Problem
from pars_sandbox.values import day, items, number, obj, quarter_steps, text

DRAFT, ACTIVE, READY, CLOSED = "DRAFT", "ACTIVE", "READY_TO_CLOSE", "CLOSED"

EDU = "/healthcareMetadata/healthcareEducation"
X = "/XtensibleInfo"

# SPEC §2.3: each format's delivery methods (empty: none applies) and longest span in months.
FORMATS: dict[str, tuple[frozenset[str], int | None]] = {
    "Course": (frozenset({"In-Person", "Live-Streamed"}), None),
    "Regularly Scheduled Series": (frozenset({"In-Person", "Live-Streamed"}), 12),
    "Enduring Material": (frozenset({"Online", "Print/Other"}), 36),
    "Journal-based CME": (frozenset({"Online", "Print/Other"}), 36),
    "Manuscript Review": (frozenset(), None),
    "Test-Item Writing": (frozenset(), 12),
    "Committee Learning": (frozenset(), None),
    "Performance/Quality Improvement": (frozenset(), None),
    "Internet Searching and Learning": (frozenset(), None),
    "Learning from Teaching": (frozenset(), None),
    "Other/Blended Learning": (
        frozenset({"In-Person", "Live-Streamed", "Online", "Print/Other"}),
        None,
    ),
}
WHOLE_POINT_BOARDS = frozenset({"ABP"})
CONTENT_AREA_BOARDS = frozenset({"ABA"})
MAX_DESCRIPTION = 2500


@dataclass(frozen=True)
class Judgement:
    status: str | None  # None: not even a Draft, PARS takes nothing
    problems: tuple[Problem, ...]  # what blocks the status the request asks for


def provider_activity_id(item: dict[str, Any]) -> str:
    return _identifier(item, "Provider Activity ID")


def accme_activity_id(item: dict[str, Any]) -> str:
    return _identifier(item, "ACCME Activity ID")


def _identifier(item: dict[str, Any], catalog: str) -> str:
    for i in items(obj(item, "Lom", "general").get("identifier")):
        if isinstance(i, dict) and text(i.get("catalog")) == catalog:
            return text(i.get("entry"))
    return ""


def judge(item: dict[str, Any], today: date) -> Judgement:
    draft = _draft(item)
    if draft:
        return Judgement(None, tuple(draft))
    edu = obj(item, "healthcareMetadata", "healthcareEducation")
    active = _active(item, edu)
    end = day(edu.get("endDateTime"))
    status = DRAFT if active else (ACTIVE if end is not None and end >= today else READY)
    wants_close = obj(item, "XtensibleInfo").get("closeActivityRecord") is True
    if not wants_close:
        return Judgement(status, ())
    if status != READY:
        blockers = active or [
            Problem("not_ended", f"{EDU}/endDateTime", "An activity closes once it has ended.")
        ]
        return Judgement(status, tuple(blockers))
    closing = _closing(item, edu)
    return Judgement(READY if closing else CLOSED, tuple(closing))


def _draft(item: dict[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    general = obj(item, "Lom", "general")
    edu = obj(item, "healthcareMetadata", "healthcareEducation")
    if not provider_activity_id(item):
        out.append(Problem("required", "/Lom/general/identifier", "Give the Provider Activity ID."))
    if not text(general.get("title")):
        out.append(Problem("required", "/Lom/general/title", "Give the activity a title."))
    name = text(edu.get("activityFormat"))
    if name not in FORMATS:
        out.append(
            Problem(
                "format",
                f"{EDU}/activityFormat",
                f"“{name}” is not an activity format PARS knows." if name else "Choose a format.",
            )
        )
    start, end = day(edu.get("startDateTime")), day(edu.get("endDateTime"))
    if start is None:
        out.append(Problem("required", f"{EDU}/startDateTime", "Give the start date."))
    if end is None:
        out.append(Problem("required", f"{EDU}/endDateTime", "Give the end date."))
    if start and end:
        if end < start:
            out.append(
                Problem("date_order", f"{EDU}/endDateTime", "The end date is before the start.")
            )
        limit = FORMATS.get(name, (frozenset(), None))[1]
        if limit is not None and _months(start, end) > limit:
            out.append(
                Problem(
                    "too_long",
                    f"{EDU}/endDateTime",
                    f"A {name} may run at most {limit} months.",
                )
            )
    provider = text(obj(item, "XtensibleInfo").get("ProviderID"))
    if provider and not (len(provider) == 7 and provider.isdigit()):
        out.append(
            Problem("provider_id", f"{X}/ProviderID", "The provider ID is ACCME's 7 digits.")
        )
    return out


def _months(start: date, end: date) -> float:
    """Whole months from start to end, plus the part of a month the days add."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (0.5 if end.day >= start.day else -0.5)


def _active(item: dict[str, Any], edu: dict[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    x = obj(item, "XtensibleInfo")
    allowed = FORMATS.get(text(edu.get("activityFormat")), (frozenset(), None))[0]
    methods = [text(m) for m in items(obj(x, "DeliveryMethods").get("DeliveryMethod"))]
    if allowed and not methods:
        out.append(
            Problem("required", f"{X}/DeliveryMethods", "Choose how the activity is delivered.")
        )
    for m in methods:
        if m not in allowed:
            out.append(
                Problem(
                    "delivery", f"{X}/DeliveryMethods", f"“{m}” is not a delivery for this format."
                )
            )
    if "In-Person" in methods:
        where = obj(edu, "activityLocation")
        if not text(where.get("city")):
            out.append(Problem("required", f"{EDU}/activityLocation/city", "Give the city."))
        country = text(where.get("country"))
        if len(country) != 3 or not country.isalpha() or not country.isupper():
            out.append(
                Problem(
                    "country",
                    f"{EDU}/activityLocation/country",
                    "Give the country as its 3-letter code (USA).",
                )
            )
        state = text(where.get("stateOrProvince"))
        if country == "USA" and (len(state) != 2 or not state.isalpha()):
            out.append(
                Problem(
                    "state",
                    f"{EDU}/activityLocation/stateOrProvince",
                    "Give the 2-letter state in the USA.",
                )
            )
    credits = number(obj(edu, "credits").get("numberOfCredits"))
    if credits is None or credits <= 0 or not quarter_steps(credits):
        out.append(
            Problem(
                "credits",
                f"{EDU}/credits/numberOfCredits",
                "AMA PRA Category 1 Credit™ is more than 0, in steps of 0.25.",
            )
        )
    out += _passport(item, x)
    description = text(obj(item, "Lom", "general").get("description"))
    if not description:
        out.append(Problem("required", "/Lom/general/description", "Describe the activity."))
    elif len(description) > MAX_DESCRIPTION:
        out.append(
            Problem(
                "too_long",
                "/Lom/general/description",
                f"The description is at most {MAX_DESCRIPTION:,} characters.",
            )
        )
    if text(edu.get("activitySponsorship")) not in {"direct", "joint"}:
        out.append(
            Problem("required", f"{EDU}/activitySponsorship", "Say whether it is direct or joint.")
        )
    return out


def _passport(item: dict[str, Any], x: dict[str, Any]) -> list[Problem]:
    shown = x.get("ForPublicList")
    if not isinstance(shown, bool):
        return [Problem("required", f"{X}/ForPublicList", "Say whether CME Passport shows it.")]
    if not shown:
        return []
    out: list[Problem] = []
    urls = [
        i
        for i in items(obj(item, "Lom", "general").get("identifier"))
        if isinstance(i, dict) and text(i.get("catalog")) == "URL" and text(i.get("entry"))
    ]
    if not urls:
        out.append(Problem("required", "/Lom/general/identifier", "Give the activity's URL."))
    if not text(x.get("FeeForParticipation")):
        out.append(Problem("required", f"{X}/FeeForParticipation", "Say whether there is a fee."))
    if not text(x.get("ActivityRegistration")):
        out.append(Problem("required", f"{X}/ActivityRegistration", "Say who may register."))
    return out


def _closing(item: dict[str, Any], edu: dict[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    x = obj(item, "XtensibleInfo")
    if text(edu.get("activitySponsorship")) == "joint" and not [
        p for p in items(obj(edu, "credits").get("nonAccreditedProvider")) if text(p)
    ]:
        out.append(
            Problem(
                "required",
                f"{EDU}/credits/nonAccreditedProvider",
                "Name the joint provider(s).",
            )
        )
    outcomes = [o for o in items(x.get("MeasuredOutcomes")) if isinstance(o, dict)]
    if not outcomes:
        out.append(Problem("required", f"{X}/MeasuredOutcomes", "Give at least one outcome."))
    for i, o in enumerate(outcomes):
        if not items(o.get("MeasurementType")):
            out.append(
                Problem(
                    "required",
                    f"{X}/MeasuredOutcomes/{i}/MeasurementType",
                    "Say how the outcome was measured (objective, subjective).",
                )
            )
    support = edu.get("commercialSupport")
    if not isinstance(support, bool):
        out.append(
            Problem("required", f"{EDU}/commercialSupport", "Say whether there was support.")
        )
    elif support and not (
        items(obj(item, "ActivityDescription").get("commercialSupportAmount"))
        or items(obj(x, "InKindSupports").get("InKindSupport"))
    ):
        out.append(
            Problem(
                "required",
                "/ActivityDescription/commercialSupportAmount",
                "List the commercial supporters.",
            )
        )
    counts = {
        text(c.get("category")): c.get("numberOfParticipants")
        for c in items(obj(item, "ParticipationMetrics").get("participantsByCategory"))
        if isinstance(c, dict)
    }
    for category in ("physician", "other"):
        n = counts.get(category)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            out.append(
                Problem(
                    "required",
                    "/ParticipationMetrics/participantsByCategory",
                    f"Give the number of {category} learners (0 or more).",
                )
            )
    out += _moc(x)
    return out


def _moc(x: dict[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    for i, m in enumerate(items(obj(x, "MOCRegistrations").get("MOCRegistration"))):
        if not isinstance(m, dict):
            continue
        where = f"{X}/MOCRegistrations/MOCRegistration/{i}"
        board = text(m.get("boardName"))
        points = number(m.get("mocPoints"))
        whole = board in WHOLE_POINT_BOARDS
        if points is None or points <= 0 or not quarter_steps(points):
            out.append(Problem("moc_points", f"{where}/mocPoints", "MOC points are more than 0."))
        elif whole and points != points.to_integral_value():
            out.append(Problem("moc_points", f"{where}/mocPoints", f"{board} takes whole points."))
        if not [t for t in items(m.get("MOCCreditType")) if text(t)]:
            out.append(Problem("required", f"{where}/MOCCreditType", "Choose a MOC credit type."))
        if day(m.get("CreditClaimDate")) is None:
            out.append(
                Problem("required", f"{where}/CreditClaimDate", "Give the credit claim date.")
            )
    return out


def designated_credits(item: dict[str, Any]) -> Decimal | None:
    return number(
        obj(item, "healthcareMetadata", "healthcareEducation", "credits").get("numberOfCredits")
    )


def moc_points(item: dict[str, Any]) -> dict[str, Decimal | None]:
    """Registered boards (as the enum writes them) and their points."""
    return {
        text(m.get("boardName")): number(m.get("mocPoints"))
        for m in items(obj(item, "XtensibleInfo", "MOCRegistrations").get("MOCRegistration"))
        if isinstance(m, dict)
    }


def dates(item: dict[str, Any]) -> tuple[date | None, date | None]:
    edu = obj(item, "healthcareMetadata", "healthcareEducation")
    return day(edu.get("startDateTime")), day(edu.get("endDateTime"))
