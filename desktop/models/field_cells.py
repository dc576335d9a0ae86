"""How an activity field is written to a spreadsheet cell and read back from one.

Each ``Cell`` is a pair of plain functions: ``write`` gives the value a workbook shows, ``read``
takes what a person (or our own export) typed and returns the record's value, or raises
``ValueError`` with a sentence saying what is wrong. Fields whose value is a list of parts use a
documented compact text: parts separated by ";", a part's own list by "|" (board practice areas
and fee answers contain commas).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from desktop.models import coerce
from desktop.models.records import (
    EnduringCountRecord,
    MocRegistration,
    Outcome,
    Providership,
    SupportKind,
    SupportSource,
)
from desktop.models.reference import load_reference


@dataclass(frozen=True)
class Cell:
    """One field's spreadsheet form."""

    write: Callable[[Any], Any]
    read: Callable[[Any], Any]


def _text_in(value: Any) -> str:
    return coerce.clean(value)


def _optional_text(value: Any) -> str | None:
    return coerce.clean(value) or None


_count = coerce.parse_count


def _yes_no_out(value: bool | None) -> str:
    return "" if value is None else "Yes" if value else "No"


def _flag_in(value: Any) -> bool:
    return bool(coerce.parse_yes_no(value))


def _one_of(choices: Callable[[], tuple[str, ...]], what: str) -> Callable[[Any], str | None]:
    """A choice from a reference list, matched whatever its case."""

    def read(value: Any) -> str | None:
        text = coerce.clean(value)
        if not text:
            return None
        for choice in choices():
            if choice.casefold() == text.casefold():
                return choice
        raise ValueError(f"“{text}” is not {what} ({', '.join(choices())})")

    return read


def _passport_fee(value: Any) -> str | None:
    text = coerce.clean(value)
    if not text:
        return None
    fee = load_reference().passport_fee(text)
    if fee is None:
        fees = ", ".join(load_reference().passport_fees)
        raise ValueError(f"“{text}” is not a fee answer ({fees})")
    return fee


def _parts(value: Any) -> list[str]:
    return [p.strip() for p in coerce.clean(value).split(";") if p.strip()]


def _list_out(items: tuple[str, ...]) -> str:
    return "; ".join(items)


def _list_in(value: Any) -> tuple[str, ...]:
    return tuple(_parts(value))


def _providership_out(value: Providership | None) -> str:
    return value.value.title() if value else ""


def _providership_in(value: Any) -> Providership | None:
    text = coerce.clean(value)
    if not text:
        return None
    try:
        return Providership(text.casefold())
    except ValueError:
        raise ValueError(f"“{text}” is not Direct or Joint") from None


def _format_out(code: str | None) -> str:
    fmt = load_reference().format(code)
    return fmt.name if fmt else (code or "")


def _format_in(value: Any) -> str | None:
    text = coerce.clean(value)
    if not text:
        return None
    fmt = load_reference().format_for_name(text)
    if fmt is None:
        raise ValueError(f"“{text}” is not an activity format")
    return fmt.code


def _delivery_out(codes: tuple[str, ...]) -> str:
    names = {d.code: d.name for d in load_reference().delivery_methods}
    return "; ".join(names.get(c, c) for c in codes)


def _tags_in(value: Any) -> tuple[str, ...]:
    known = {t.code.casefold(): t.code for t in load_reference().commendation_tags}
    known.update({t.name.casefold(): t.code for t in load_reference().commendation_tags})
    out = []
    for part in _parts(value.replace(",", ";") if isinstance(value, str) else value):
        code = known.get(part.casefold())
        if code is None:
            raise ValueError(f"“{part}” is not a commendation criterion (e.g. C23)")
        out.append(code)
    return tuple(out)


# --- outcomes: "Learner Competence=objective|subjective; Learner Performance=subjective" ---


def _outcomes_out(outcomes: tuple[Outcome, ...]) -> str:
    def how(o: Outcome) -> str:
        return "|".join(
            w for w, on in (("objective", o.objective), ("subjective", o.subjective)) if on
        )

    return "; ".join(f"{o.measure}={how(o)}" for o in outcomes)


def _outcomes_in(value: Any) -> tuple[Outcome, ...]:
    known = {o.code.casefold(): o.code for o in load_reference().outcomes}
    out = []
    for part in _parts(value):
        measure, _, how = part.partition("=")
        code = known.get(measure.strip().casefold())
        if code is None:
            raise ValueError(f"“{measure.strip()}” is not a PARS outcome measure")
        ways = {w.strip().casefold() for w in how.split("|") if w.strip()}
        if ways - {"objective", "subjective"}:
            raise ValueError(f"“{how.strip()}”: say objective and/or subjective")
        out.append(Outcome(code, "objective" in ways, "subjective" in ways))
    return tuple(out)


# --- commercial support: "Acme Pharma=5000; Beta Devices=in kind" ------------------------


def _support_out(sources: tuple[SupportSource, ...]) -> str:
    def amount(s: SupportSource) -> str:
        if s.kind is SupportKind.IN_KIND:
            return "in kind"
        return "" if s.amount is None else str(s.amount)

    return "; ".join(f"{s.source}={amount(s)}" for s in sources)


def _support_in(value: Any) -> tuple[SupportSource, ...]:
    out = []
    for part in _parts(value):
        source, _, amount = part.rpartition("=")
        if not source:
            source, amount = amount, ""
        amount = amount.strip()
        if amount.casefold().replace("-", " ") == "in kind":
            out.append(SupportSource(source.strip(), SupportKind.IN_KIND))
        else:
            dollars = _count(amount.replace("$", "")) if amount else None
            out.append(SupportSource(source.strip(), SupportKind.MONETARY, dollars))
    return tuple(out)


# --- enduring counts: "2025=120|8; 2026=40|2" (physicians|others as of Dec 31) ------------


def _enduring_out(counts: tuple[EnduringCountRecord, ...]) -> str:
    return "; ".join(f"{c.year}={c.physician_learners}|{c.other_learners}" for c in counts)


def _enduring_in(value: Any) -> tuple[EnduringCountRecord, ...]:
    out = []
    for part in _parts(value):
        year, _, counts = part.partition("=")
        physicians, _, others = counts.partition("|")
        try:
            out.append(EnduringCountRecord(int(year), int(physicians), int(others or 0)))
        except ValueError:
            raise ValueError(f"“{part}” is not year=physicians|others (e.g. 2025=120|8)") from None
    return tuple(out)


# --- MOC, one column per board ------------------------------------------------------------
# "points=10; types=MK|LP; areas=Cardiology; content=; internal=; fee=Yes;
#  registration=Open to all; url=https://…; claim=12/31/2026; attested=yes"
# A bare number ("10") is the points alone.

_MOC_KEYS = (
    "points",
    "types",
    "areas",
    "content",
    "internal",
    "fee",
    "registration",
    "url",
    "claim",
    "attested",
)


def moc_out(m: MocRegistration | None) -> str:
    """A board's registration as one cell; empty when the activity is not registered."""
    if m is None:
        return ""
    values = (
        "" if m.points is None else str(m.points),
        "|".join(m.credit_types),
        "|".join(m.practice_areas),
        m.content_area,
        m.internal_id,
        m.fee or "",
        m.registration or "",
        m.url,
        m.credit_claim_date.strftime("%m/%d/%Y") if m.credit_claim_date else "",
        "yes" if m.attested else "no",
    )
    return "; ".join(f"{k}={v}" for k, v in zip(_MOC_KEYS, values, strict=True))


def moc_in(board: str, value: Any) -> MocRegistration | None:
    """A board's registration from its cell; None when the cell is empty."""
    text = coerce.clean(value) if not isinstance(value, int | float | Decimal) else str(value)
    if not text:
        return None
    if "=" not in text:
        return MocRegistration(board=board, points=_points(text))
    found: dict[str, str] = {}
    for part in _parts(text):
        key, _, v = part.partition("=")
        key = key.strip().casefold()
        if key not in _MOC_KEYS:
            raise ValueError(f"“{key}” is not a MOC item (use {', '.join(_MOC_KEYS)})")
        found[key] = v.strip()

    def listed(key: str) -> tuple[str, ...]:
        return tuple(p.strip() for p in found.get(key, "").split("|") if p.strip())

    claim = coerce.parse_date(found.get("claim") or None)
    return MocRegistration(
        board=board,
        attested=bool(coerce.parse_yes_no(found.get("attested", ""))),
        points=_points(found.get("points", "")),
        credit_types=listed("types"),
        practice_areas=listed("areas"),
        content_area=found.get("content", ""),
        internal_id=found.get("internal", ""),
        fee=_passport_fee(found.get("fee", "")),
        registration=_one_of(lambda: load_reference().registrations, "a registration answer")(
            found.get("registration", "")
        ),
        url=found.get("url", ""),
        credit_claim_date=claim if isinstance(claim, date) else None,
    )


def _points(text: str) -> Decimal | None:
    return coerce.parse_decimal(text)


TEXT = Cell(lambda v: v, _text_in)
IDENTIFIER = Cell(lambda v: v or "", coerce.identifier)
OPTIONAL_TEXT = Cell(lambda v: v or "", _optional_text)
DATE = Cell(lambda v: v, coerce.parse_date)
DECIMAL = Cell(lambda v: v, coerce.parse_decimal)
COUNT = Cell(lambda v: v, _count)
YES_NO = Cell(_yes_no_out, coerce.parse_yes_no)
FLAG = Cell(_yes_no_out, _flag_in)
LIST = Cell(_list_out, _list_in)
STATE = Cell(lambda v: v, coerce.parse_state)
COUNTRY = Cell(lambda v: v, lambda v: coerce.clean(v).upper())
FORMAT = Cell(_format_out, _format_in)
DELIVERY = Cell(_delivery_out, _list_in)
PROVIDERSHIP = Cell(_providership_out, _providership_in)
PASSPORT_FEE = Cell(lambda v: v or "", _passport_fee)
REGISTRATION = Cell(
    lambda v: v or "", _one_of(lambda: load_reference().registrations, "a registration answer")
)
REMS_TYPE = Cell(lambda v: v or "", _one_of(lambda: load_reference().rems_types, "a REMS type"))
TAGS = Cell(_list_out, _tags_in)
OUTCOMES = Cell(_outcomes_out, _outcomes_in)
SUPPORT = Cell(_support_out, _support_in)
ENDURING = Cell(_enduring_out, _enduring_in)
# The MOC field spans one column per board: the registry expands it (see ``fields``).
MOC = Cell(lambda v: v, lambda v: v)
