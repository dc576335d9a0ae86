"""PARS's acceptance rules for a learner report (SPEC §2.5), written for the sandbox alone.

A report arrives as its JSON tree (valid against ACCME's schema). Fields are JSON pointers
relative to the report (``/Member/Name/FamilyName``); the caller prefixes its place in the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pars_sandbox.answers import Problem
from pars_sandbox.values import day, items, number, obj, quarter_steps, text

AMA = "AMA PRA Category 1"
MODULE = "/Activity/Module"
NO_BOARD_ID_NEEDED = frozenset({"ABS"})


@dataclass(frozen=True)
class Credit:
    credit_id: str
    board: str | None  # None: CME; else the board as the enum writes it
    points: Decimal
    where: str


@dataclass(frozen=True)
class Identity:
    """Who a report (or a match request) is about, as PARS reads it."""

    first_name: str = ""
    last_name: str = ""
    birth_month: int | None = None
    birth_day: int | None = None
    license_state: str = ""
    license_number: str = ""
    npi: str = ""
    board_ids: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Report:
    key: str  # the first Credit ID: one completion
    action: str
    accme_id: str
    completed: date | None
    identity: Identity
    credits: tuple[Credit, ...]
    birth_given: bool = False


def read_report(rep: dict[str, Any]) -> Report:
    module = obj(rep, "Activity", "Module")
    certificates = [c for c in items(module.get("CreditCertificate")) if isinstance(c, dict)]
    credits = []
    ids: list[dict[str, Any]] = []
    for i, c in enumerate(certificates):
        received = obj(c, "CreditReceived")
        certification = text(received.get("activityCertification"))
        credits.append(
            Credit(
                text(c.get("CreditID")),
                None if certification == AMA else certification,
                number(received.get("numberOfCredits")) or Decimal(0),
                f"{MODULE}/CreditCertificate/{i}",
            )
        )
        unique = c.get("UniqueID")
        ids += [
            u for u in (unique if isinstance(unique, list) else [unique]) if isinstance(u, dict)
        ]
    return Report(
        key=credits[0].credit_id if credits else "",
        action=text(obj(rep, "XtensibleInfo").get("LearnerRecordAction")) or "add",
        accme_id=text(obj(module, "ModuleName").get("moduleID")),
        completed=day(module.get("CompletedDateTime")),
        identity=identity_of(obj(rep, "Member"), ids),
        credits=tuple(credits),
        birth_given=bool(text(obj(rep, "Member", "PersonalInfo").get("BirthDate"))),
    )


def identity_of(member: dict[str, Any], ids: list[dict[str, Any]]) -> Identity:
    name = obj(member, "Name")
    birth = text(obj(member, "PersonalInfo").get("BirthDate"))
    month, dom = _month_day(birth)
    by_domain = {text(u.get("domain")): text(u.get("value")) for u in ids}
    states = {d: v for d, v in by_domain.items() if len(d) == 2 and d.isalpha() and d.isupper()}
    return Identity(
        first_name=text(name.get("GivenName")),
        last_name=text(name.get("FamilyName")),
        birth_month=month,
        birth_day=dom,
        license_state=next(iter(states), ""),
        license_number=next(iter(states.values()), ""),
        npi=by_domain.get("NPI", ""),
        board_ids=tuple(
            sorted((d, v) for d, v in by_domain.items() if d != "NPI" and d not in states and d)
        ),
    )


def _month_day(birth: str) -> tuple[int | None, int | None]:
    """PARS reads only the month and day (the year is a placeholder; reading 6)."""
    parts = birth.split("-")
    if len(parts) < 2 or not all(p.isdigit() for p in parts[-2:]):
        return None, None
    month, dom = int(parts[-2]), int(parts[-1])
    try:
        date(2000, month, dom)  # 2000 is a leap year: 02-29 is a birthday
    except (ValueError, OverflowError):
        return None, None
    return month, dom


def npi_ok(npi: str) -> bool:
    """10 digits whose Luhn check, over the digits prefixed by 80840, holds (CMS's rule)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    digits = [int(c) for c in "80840" + npi]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def check(
    r: Report,
    designated: Decimal | None,
    boards: dict[str, Decimal | None],
    span: tuple[date | None, date | None],
    today: date,
) -> list[Problem]:
    out: list[Problem] = []
    who = r.identity
    if not who.first_name:
        out.append(Problem("required", "/Member/Name/GivenName", "Give the first name."))
    if not who.last_name:
        out.append(Problem("required", "/Member/Name/FamilyName", "Give the last name."))
    if who.birth_month is None:
        out.append(
            Problem(
                "invalid",
                "/Member/PersonalInfo/BirthDate",
                "This birth month and day is not a date.",
            )
            if r.birth_given
            else Problem(
                "required", "/Member/PersonalInfo/BirthDate", "Give the birth month and day."
            )
        )
    if who.npi and not npi_ok(who.npi):
        out.append(
            Problem("npi", f"{MODULE}/CreditCertificate/0/UniqueID", "This is not a valid NPI.")
        )
    start, end = span
    if r.completed is None:
        out.append(Problem("required", f"{MODULE}/CompletedDateTime", "Give the completion date."))
    elif r.completed > today:
        out.append(
            Problem("future", f"{MODULE}/CompletedDateTime", "The completion is in the future.")
        )
    elif (start and r.completed < start) or (end and r.completed > end):
        out.append(
            Problem(
                "outside_activity",
                f"{MODULE}/CompletedDateTime",
                "The completion date is outside the activity's dates.",
            )
        )
    ids = [c.credit_id for c in r.credits]
    if len(set(ids)) != len(ids):
        out.append(
            Problem("credit_id", f"{MODULE}/CreditCertificate", "Each credit needs its own ID.")
        )
    held = dict(who.board_ids)
    for c in r.credits:
        out += _credit(c, designated, boards, held)
    return out


def _credit(
    c: Credit, designated: Decimal | None, boards: dict[str, Decimal | None], held: dict[str, str]
) -> list[Problem]:
    field = f"{c.where}/CreditReceived/numberOfCredits"
    if c.points <= 0 or not quarter_steps(c.points):
        return [Problem("credits", field, "Credits are more than 0, in steps of 0.25.")]
    if c.board is None:
        if designated is not None and c.points > designated:
            return [
                Problem(
                    "over_designated",
                    field,
                    f"The activity designates at most {designated} credits.",
                )
            ]
        return []
    if c.board not in boards:
        return [
            Problem(
                "board_not_registered",
                f"{c.where}/CreditReceived/activityCertification",
                f"The activity is not registered for MOC with {c.board}.",
            )
        ]
    registered = boards[c.board]
    if c.board == "ABP" and registered is not None and c.points != registered:
        return [Problem("moc_points", field, f"ABP takes exactly {registered} points.")]
    if registered is not None and c.points > registered:
        return [Problem("moc_points", field, f"{c.board} registered {registered} points at most.")]
    if c.board not in NO_BOARD_ID_NEEDED and not held.get(c.board):
        return [
            Problem(
                "board_id",
                f"{c.where}/UniqueID",
                f"MOC with {c.board} needs the learner's {c.board} ID.",
            )
        ]
    return []
