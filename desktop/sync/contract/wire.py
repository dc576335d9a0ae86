"""Namespaces and the small element helpers every document module shares."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import cast

from lxml import etree

from desktop.sync.contract.tree import ContractError

__all__ = ["ContractError"]

MEMS = "http://ns.medbiq.org/metrics/v2/"
LOM = "http://ltsc.ieee.org/xsd/LOM"
HX = "http://ns.medbiq.org/lom/extend/v1/"
ADDRESS = "http://ns.medbiq.org/address/v1/"
AR = "http://ns.medbiq.org/activityreport/v2/"
MEMBER = "http://ns.medbiq.org/member/v2/"
NAME = "http://ns.medbiq.org/name/v2/"
# ACCME's extensions: elements the MedBiquitous standards have no place for.
ACCME = "http://www.accme.org/xsd/pars/extensions/v1"

# lxml takes None as the key of the default namespace; its stubs only admit str keys.
NSMAP = cast(dict[str, str], {None: MEMS, "lom": LOM, "hx": HX, "a": ADDRESS, "acc": ACCME})
AR_NSMAP = cast(dict[str, str], {None: AR, "m": MEMBER, "n": NAME, "hx": HX, "acc": ACCME})


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def sub(parent: etree._Element, ns: str, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, q(ns, tag))
    if text is not None:
        try:
            el.text = text
        except ValueError:  # lxml refuses control characters: a clear error, not a broken file
            shown = "".join(c if c.isprintable() else "?" for c in text)
            raise ContractError(f"“{shown}” contains characters XML cannot carry", tag) from None
    return el


def sub_if(parent: etree._Element, ns: str, tag: str, text: str | None) -> None:
    """Add the element only when there is something to say."""
    if text:
        sub(parent, ns, tag, text)


def text_of(parent: etree._Element, path: str, namespaces: dict[str, str]) -> str:
    found = parent.find(path, namespaces)
    return (found.text or "").strip() if found is not None else ""


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def parse_bool(text: str, where: str) -> bool | None:
    if not text:
        return None
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no"}:
        return False
    raise ContractError(f"“{text}” is not a yes/no value", where)


def parse_date(text: str, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ContractError(f"“{text}” is not a date (YYYY-MM-DD)", where) from None


def date_time(d: date | None) -> str | None:
    """PARS ignores the time of day; the standard's dateTime still needs one."""
    return None if d is None else f"{d.isoformat()}T00:00:00"


def parse_decimal(text: str, where: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ContractError(f"“{text}” is not a number", where) from None
    if not value.is_finite():
        raise ContractError(f"“{text}” is not a number", where)
    return value


def parse_int(text: str, where: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ContractError(f"“{text}” is not a whole number", where) from None


def now_text() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
