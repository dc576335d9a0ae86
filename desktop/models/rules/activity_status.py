"""The status engine for activities (SPEC §3): Draft → Active → Ready to Close → Closed.

Status is computed, never typed. Every rule is attached to the level it blocks, so the engine
can say both where a record stands and exactly what keeps it from the next level.
"""

from __future__ import annotations

import re
from datetime import date

from desktop.models.records import ActivityRecord, MocRegistration, Providership, SupportKind
from desktop.models.reference import ReferenceData, load_reference
from desktop.models.rules.checks import is_quarter_step, is_whole, within_months
from desktop.models.rules.problems import Assessment, Problem, Severity, Status

MAX_DESCRIPTION = 2500
IN_PERSON = "in_person"
# ACCME's example is "EG-######-###"; other grant programmes use other letters and lengths.
RPC_GRANT_ID = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class _Found:
    """Problems collected per level they block."""

    def __init__(self) -> None:
        self.by_level: dict[Status, list[Problem]] = {
            Status.DRAFT: [],
            Status.ACTIVE: [],
            Status.CLOSED: [],
        }
        self.warnings: list[Problem] = []

    def block(self, level: Status, field: str, code: str, message: str) -> None:
        self.by_level[level].append(Problem(field, code, message))

    def warn(self, field: str, code: str, message: str) -> None:
        self.warnings.append(Problem(field, code, message, Severity.WARNING))


def assess_activity(
    record: ActivityRecord, today: date, ref: ReferenceData | None = None
) -> Assessment:
    """Return the status ``record`` reaches on ``today`` and what blocks the next status."""
    ref = ref or load_reference()
    found = _Found()
    _draft_rules(record, ref, found)
    _active_rules(record, ref, found)
    _close_rules(record, ref, found)
    warnings = tuple(found.warnings)

    draft, active, closed = (
        found.by_level[s] for s in (Status.DRAFT, Status.ACTIVE, Status.CLOSED)
    )
    if draft:
        return Assessment(Status.INCOMPLETE, tuple(draft), warnings)
    if active:
        return Assessment(Status.DRAFT, tuple(active), warnings)
    assert record.end_date is not None  # guaranteed by the draft rules
    if record.end_date >= today:
        ends = Problem(
            "end_date",
            "not_ended",
            f"The activity ends on {record.end_date.isoformat()}; "
            "it can be closed once that date has passed.",
        )
        return Assessment(Status.ACTIVE, (ends, *closed), warnings)
    if not record.close_requested:
        ask = Problem("close_requested", "close_not_requested", "Choose “Close activity”.")
        return Assessment(Status.READY_TO_CLOSE, (*closed, ask), warnings)
    if closed:
        return Assessment(Status.READY_TO_CLOSE, tuple(closed), warnings)
    return Assessment(Status.CLOSED, (), warnings)


def rule_level(record: ActivityRecord, ref: ReferenceData | None = None) -> int:
    """How far the record's fields go, whatever the date (stored, so lists filter in SQL).

    0: missing Draft fields; 1: Draft; 2: everything Active needs; 3: also everything Closed
    needs, and closing was asked for. With the end date, SQL derives the status: Active while
    the activity runs, then Ready to Close, or Closed at level 3.
    """
    ref = ref or load_reference()
    found = _Found()
    _draft_rules(record, ref, found)
    if found.by_level[Status.DRAFT]:
        return 0
    _active_rules(record, ref, found)
    if found.by_level[Status.ACTIVE]:
        return 1
    _close_rules(record, ref, found)
    return 3 if record.close_requested and not found.by_level[Status.CLOSED] else 2


def _draft_rules(r: ActivityRecord, ref: ReferenceData, f: _Found) -> None:
    d = Status.DRAFT
    if not r.title.strip():
        f.block(d, "title", "required", "Enter a title.")
    fmt = ref.format(r.format)
    if r.format is None:
        f.block(d, "format", "required", "Choose the activity format.")
    elif fmt is None:
        f.block(d, "format", "unknown", f"“{r.format}” is not a current PARS activity format.")
    if r.start_date is None:
        f.block(d, "start_date", "required", "Enter the start date.")
    if r.end_date is None:
        f.block(d, "end_date", "required", "Enter the end date.")
    if r.start_date is None or r.end_date is None:
        return
    if r.end_date < r.start_date:
        f.block(d, "end_date", "before_start", "The end date is before the start date.")
        return
    limit = fmt.max_months if fmt is not None else None
    if fmt is not None and limit is not None and not within_months(r.start_date, r.end_date, limit):
        span = f"{limit // 12} years" if limit % 12 == 0 and limit > 12 else f"{limit} months"
        f.block(
            d,
            "end_date",
            "period_too_long",
            f"A {fmt.name} may last at most {span}; this one runs from "
            f"{r.start_date.isoformat()} to {r.end_date.isoformat()}.",
        )
    if fmt is not None and not fmt.enduring and not within_months(r.start_date, r.end_date, 12):
        f.warn(
            "end_date",
            "longer_than_a_year",
            "This activity runs for more than 12 months; PARS expects one activity per year.",
        )


def _active_rules(r: ActivityRecord, ref: ReferenceData, f: _Found) -> None:
    a = Status.ACTIVE
    fmt = ref.format(r.format)
    if not r.description.strip():
        f.block(
            a, "description", "required", "Enter a description (abstract, outline or objectives)."
        )
    elif len(r.description) > MAX_DESCRIPTION:
        f.block(
            a,
            "description",
            "too_long",
            f"The description has {len(r.description):,} characters; "
            f"PARS allows {MAX_DESCRIPTION:,}.",
        )
    if fmt is not None and fmt.delivery_methods:
        if not r.delivery_methods:
            f.block(a, "delivery_methods", "required", f"Choose how the {fmt.name} is delivered.")
        for m in r.delivery_methods:
            if m not in fmt.delivery_methods:
                f.block(
                    a,
                    "delivery_methods",
                    "not_allowed",
                    f"“{m}” is not a delivery method for a {fmt.name}.",
                )
    if IN_PERSON in r.delivery_methods:
        _location_rules(r, ref, f)
    _rems_rules(r, ref, f)
    if r.providership is None:
        f.block(a, "providership", "required", "Choose direct or joint providership.")
    if r.ama_credits is None:
        f.block(a, "ama_credits", "required", "Enter the AMA PRA Category 1 Credits™ designated.")
    elif r.ama_credits <= 0:
        f.block(
            a, "ama_credits", "not_positive", "AMA PRA Category 1 Credits™ must be more than 0."
        )
    elif not is_quarter_step(r.ama_credits):
        f.block(
            a, "ama_credits", "not_quarter", "Credits must be in steps of 0.25 (e.g. 1.25, 1.5)."
        )
    if r.passport is None:
        f.block(a, "passport", "required", "Say whether the activity is listed in CME Passport.")
    elif r.passport:
        if not r.activity_url.strip():
            f.block(a, "activity_url", "required", "CME Passport needs the activity's web address.")
        if ref.passport_fee(r.passport_fee) is None:
            f.block(a, "passport_fee", "required", "CME Passport needs the fee answer.")
        if r.passport_registration not in ref.registrations:
            f.block(
                a,
                "passport_registration",
                "required",
                "CME Passport needs the registration answer.",
            )


def _rems_rules(r: ActivityRecord, ref: ReferenceData, f: _Found) -> None:
    """REMS on the activity is checked as on a completion: PARS refuses either half alone."""
    a = Status.ACTIVE
    grant = r.rems_grant_id.strip()
    if r.rems_type is None:
        if grant:
            f.block(a, "rems_type", "required", "An RPC grant ID needs the REMS type it is for.")
        return
    if r.rems_type not in ref.rems_types:
        f.block(a, "rems_type", "unknown", f"“{r.rems_type}” is not a REMS type.")
    if not grant:
        f.block(a, "rems_grant_id", "required", "A REMS activity needs its RPC grant ID.")
    elif not RPC_GRANT_ID.fullmatch(grant):
        f.block(
            a,
            "rems_grant_id",
            "invalid",
            f"“{grant}” is not an RPC grant ID (letters and digits, e.g. EG-123456-789).",
        )


def _location_rules(r: ActivityRecord, ref: ReferenceData, f: _Found) -> None:
    a = Status.ACTIVE
    if not r.city.strip():
        f.block(a, "city", "required", "An in-person activity needs its city.")
    if not r.country:
        f.block(a, "country", "required", "An in-person activity needs its country.")
    elif r.country not in ref.country_codes:
        f.block(
            a, "country", "unknown", f"“{r.country}” is not an ISO 3166 three-letter country code."
        )
    if r.country == "USA":
        if not r.state:
            f.block(a, "state", "required", "An activity in the USA needs its state.")
        elif r.state not in ref.state_codes:
            f.block(a, "state", "unknown", f"“{r.state}” is not a US state or territory code.")


def _close_rules(r: ActivityRecord, ref: ReferenceData, f: _Found) -> None:
    c = Status.CLOSED
    if r.providership is Providership.JOINT and not any(p.strip() for p in r.joint_providers):
        f.block(
            c,
            "joint_providers",
            "required",
            "A jointly provided activity needs the joint provider's name.",
        )
    if not r.outcomes:
        f.block(c, "outcomes", "required", "Choose at least one outcome measured.")
    for o in r.outcomes:
        if o.measure not in ref.outcome_codes:
            f.block(c, "outcomes", "unknown", f"“{o.measure}” is not a PARS outcome measure.")
        elif not (o.objective or o.subjective):
            f.block(
                c,
                "outcomes",
                "unmeasured",
                f"Say how {o.measure} was measured (objectively and/or subjectively).",
            )
    if r.commercial_support is None:
        f.block(
            c,
            "commercial_support",
            "required",
            "Say whether the activity received commercial support.",
        )
    elif r.commercial_support:
        if not r.support_sources:
            f.block(c, "support_sources", "required", "List at least one commercial supporter.")
        for s in r.support_sources:
            if not s.source.strip():
                f.block(
                    c,
                    "support_sources",
                    "source_required",
                    "Each commercial supporter needs a name.",
                )
            if s.kind is SupportKind.MONETARY and (s.amount is None or s.amount <= 0):
                f.block(
                    c,
                    "support_sources",
                    "amount_required",
                    f"Enter the whole-dollar amount from {s.source or 'the supporter'}.",
                )
    for name, value in (
        ("physician_learners", r.physician_learners),
        ("other_learners", r.other_learners),
    ):
        label = "physicians" if name == "physician_learners" else "other learners"
        if value is None:
            f.block(c, name, "required", f"Enter the number of {label} (0 is allowed).")
        elif value < 0:
            f.block(c, name, "negative", f"The number of {label} cannot be negative.")
    for tag in r.commendation_tags:
        if tag not in ref.tag_codes:
            f.block(c, "commendation_tags", "unknown", f"“{tag}” is not a commendation criterion.")
    seen: set[str] = set()
    for m in r.moc:
        if m.board in seen:
            f.block(
                c, f"moc.{m.board}", "duplicate_board", f"{m.board} is registered twice: keep one."
            )
            continue
        seen.add(m.board)
        _moc_rules(m, r, ref, f)


def _moc_rules(m: MocRegistration, r: ActivityRecord, ref: ReferenceData, f: _Found) -> None:
    c = Status.CLOSED
    board = ref.board(m.board)
    field = f"moc.{m.board}"
    if board is None:
        f.block(c, field, "unknown_board", f"“{m.board}” is not a board PARS reports MOC to.")
        return
    say = board.code
    starts = board.registrable_from
    if starts is not None and r.start_date is not None and r.start_date < starts:
        f.block(
            c,
            field,
            "board_not_yet",
            f"{say} takes activities that start on or after {starts:%m/%d/%Y}; "
            f"this one starts on {r.start_date:%m/%d/%Y}.",
        )
    if not m.attested:
        f.block(c, f"{field}.attested", "required", f"{say}: confirm the MOC attestation.")
    if m.points is None or m.points <= 0:
        f.block(c, f"{field}.points", "required", f"{say}: enter the MOC points.")
    elif board.whole_points and not is_whole(m.points):
        f.block(c, f"{field}.points", "not_whole", f"{say} MOC points must be whole numbers.")
    elif not is_quarter_step(m.points):
        f.block(c, f"{field}.points", "not_quarter", f"{say} MOC points must be in steps of 0.25.")
    elif r.ama_credits is not None and m.points > r.ama_credits:
        f.block(
            c,
            f"{field}.points",
            "over_designated",
            f"{say}: {m.points} MOC points is more than the {r.ama_credits} "
            "AMA PRA Category 1 Credits™ designated.",
        )
    known = {t.code for t in board.credit_types}
    if not m.credit_types:
        f.block(c, f"{field}.credit_types", "required", f"{say}: choose at least one credit type.")
    for t in m.credit_types:
        if t not in known:
            f.block(c, f"{field}.credit_types", "unknown", f"{say} has no credit type “{t}”.")
    for group in board.exclusive_credit_types:
        if group <= set(m.credit_types):
            f.block(
                c,
                f"{field}.credit_types",
                "exclusive",
                f"{say} does not register one activity for both {' and '.join(sorted(group))}.",
            )
    if not m.practice_areas:
        f.block(
            c, f"{field}.practice_areas", "required", f"{say}: choose at least one practice area."
        )
    for area in m.practice_areas:
        if area not in board.practice_areas:
            f.block(
                c,
                f"{field}.practice_areas",
                "unknown",
                f"“{area}” is not one of {say}'s practice areas.",
            )
    if board.requires_content_area and not m.content_area.strip():
        f.block(c, f"{field}.content_area", "required", f"{say}: choose the content area.")
    if board.requires_internal_id and not m.internal_id.strip():
        f.block(c, f"{field}.internal_id", "required", f"{say}: enter the board's internal ID.")
    if ref.passport_fee(m.fee) is None:
        f.block(c, f"{field}.fee", "required", f"{say}: answer whether learners pay a fee.")
    if m.registration not in ref.registrations:
        f.block(c, f"{field}.registration", "required", f"{say}: answer who may register.")
    if m.credit_claim_date is None:
        f.block(c, f"{field}.credit_claim_date", "required", f"{say}: enter the credit claim date.")
    # Each board lists the activity on its own page: it needs the address learners go to.
    if not m.url.strip():
        f.block(c, f"{field}.url", "required", f"{say}: enter the activity's web address.")
    elif not WEB_ADDRESS.match(m.url.strip()):
        f.block(
            c,
            f"{field}.url",
            "invalid",
            f"{say}: “{m.url.strip()}” is not a web address (https://…).",
        )
