"""Our own small documents (match, results, statuses, errors) as XML: the JSON tree, element
for element, in ACCME's extension namespace. A list is its elements repeated; which names are
lists is told by the reader, since XML cannot say it."""

from __future__ import annotations

from typing import Any

from lxml import etree

from desktop.sync.contract.safe_xml import parse_untrusted
from desktop.sync.contract.wire import ACCME, ContractError, q, serialize, sub


def to_xml(tree: object, root: str, item: str = "") -> bytes:
    el = etree.Element(q(ACCME, root), nsmap={"acc": ACCME})
    if isinstance(tree, list):
        for value in tree:
            _put(el, item, value)
    elif isinstance(tree, dict):
        for key, value in tree.items():
            _put(el, key, value)
    return serialize(el)


def _put(parent: etree._Element, key: str, value: object) -> None:
    if isinstance(value, list):
        for one in value:
            _put(parent, key, one)
    elif isinstance(value, dict):
        el = sub(parent, ACCME, key)
        for k, v in value.items():
            _put(el, k, v)
    elif isinstance(value, bool):
        sub(parent, ACCME, key, "true" if value else "false")
    elif value is not None:
        sub(parent, ACCME, key, str(value))


def from_xml(data: bytes, root: str, lists: frozenset[str], what: str, item: str = "") -> Any:
    el = parse_untrusted(data, what)
    if el.tag != q(ACCME, root):
        raise ContractError(f"expected {root}, found {etree.QName(el).localname}")
    if item:
        return [_get(child, lists) for child in el if etree.QName(child).localname == item]
    return _get(el, lists)


def _get(el: etree._Element, lists: frozenset[str]) -> Any:
    if not len(el):
        return (el.text or "").strip()
    out: dict[str, Any] = {}
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        value = _get(child, lists)
        if name in lists:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return out
