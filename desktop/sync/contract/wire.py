"""Namespaces and the small element helpers the XML encodings share."""

from __future__ import annotations

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
# ACCME's extension elements (XtensibleInfo) in XML. ACCME does not publish a namespace for
# them: this one is PROVISIONAL, ours, and kept in this one place (schemas/README.md, 16).
ACCME = "http://www.accme.org/xsd/pars/extensions/v1"

# lxml takes None as the key of the default namespace; its stubs only admit str keys.
NSMAP = cast(dict[str, str], {None: MEMS, "lom": LOM, "hx": HX, "a": ADDRESS, "acc": ACCME})


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


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
