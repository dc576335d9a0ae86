"""The one place that chooses JSON or XML (SPEC §5): the same tree, two encodings.

Bodies are built as JSON by default and as XML when the provider's account takes XML; a body
read back is recognised by its first character, so stored documents of either kind stay
readable. Parsing is bounded and strict: no NaN or Infinity, no duplicate keys silently lost.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from desktop.sync.contract.tree import ContractError

# The XML modules (and lxml) load on first use: JSON is the default, and the window must start
# without the XML stack (tests/ui/test_start_up_imports.py).
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


class WireFormat(StrEnum):
    JSON = "json"
    XML = "xml"

    @property
    def media_type(self) -> str:
        return "application/json" if self is WireFormat.JSON else "application/xml"


def is_json(data: bytes) -> bool:
    return data.lstrip()[:1] in (b"{", b"[")


def dump_json(tree: object) -> bytes:
    return json.dumps(tree, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def load_json(data: bytes, what: str) -> Any:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ContractError(f"The {what} is over the {MAX_DOCUMENT_BYTES:,}-byte limit.")
    if not data.strip():
        raise ContractError(f"The {what} is empty.")

    def no_constant(name: str) -> None:
        raise ContractError(f"The {what} contains {name}, which JSON does not allow.")

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise ContractError(f"The {what} names “{key}” twice in one object.")
            out[key] = value
        return out

    try:
        return json.loads(
            data.decode("utf-8"), parse_constant=no_constant, object_pairs_hook=no_duplicates
        )
    except UnicodeDecodeError:
        raise ContractError(f"The {what} is not UTF-8 text.") from None
    except json.JSONDecodeError as e:
        raise ContractError(
            f"The {what} is not well-formed JSON (line {e.lineno}): {e.msg}"
        ) from None
    except RecursionError:
        raise ContractError(f"The {what} is nested too deeply.") from None


def encode_activities(tree: dict[str, Any], fmt: WireFormat) -> bytes:
    if fmt is WireFormat.JSON:
        return dump_json(tree)
    from desktop.sync.contract import activity_xml

    return activity_xml.to_xml(tree)


def decode_activities(data: bytes) -> Any:
    if is_json(data):
        return load_json(data, "activity document")
    from desktop.sync.contract import activity_xml

    return activity_xml.from_xml(data)


def encode_learners(tree: dict[str, Any], fmt: WireFormat) -> bytes:
    if fmt is WireFormat.JSON:
        return dump_json(tree)
    from desktop.sync.contract import learner_xml

    return learner_xml.to_xml(tree)


def decode_learners(data: bytes) -> Any:
    if is_json(data):
        return load_json(data, "learner document")
    from desktop.sync.contract import learner_xml

    return learner_xml.from_xml(data)


def encode_plain(tree: object, root: str, fmt: WireFormat, item: str = "") -> bytes:
    """Our own documents (match, results, statuses, errors): JSON, or the same tree as XML.

    ``item`` names each element of a top-level list (the status answer is a bare array).
    """
    if fmt is WireFormat.JSON:
        return dump_json(tree)
    from desktop.sync.contract import plain_xml

    return plain_xml.to_xml(tree, root, item)


def decode_plain(data: bytes, root: str, lists: frozenset[str], what: str, item: str = "") -> Any:
    if is_json(data):
        return load_json(data, what)
    from desktop.sync.contract import plain_xml

    return plain_xml.from_xml(data, root, lists, what, item)
