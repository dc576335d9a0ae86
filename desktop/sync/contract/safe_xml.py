"""Parsing XML nobody here wrote (server responses, imported files) without trusting it.

No DTDs, so no entity expansion (billion laughs) and no external entities (file or network
reads); no network access; a size limit checked before any parsing.
"""

from __future__ import annotations

from lxml import etree

from desktop.sync.contract.wire import ContractError

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def parse_untrusted(data: bytes, what: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> etree._Element:
    """Parse ``data`` or raise ``ContractError`` saying, in plain words, what is wrong."""
    if len(data) > max_bytes:
        raise ContractError(
            f"The {what} is {len(data):,} bytes, over the {max_bytes:,}-byte limit."
        )
    if not data.strip():
        raise ContractError(f"The {what} is empty.")
    # PARS documents never carry a DTD; one that does is refused before the parser sees it.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ContractError(f"The {what} declares a DTD or entities, which are refused for safety.")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise ContractError(
            f"The {what} is not well-formed XML (line {e.lineno}): {e.msg}"
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise ContractError(f"The {what} declares a DTD, which is refused for safety.")
    return root
