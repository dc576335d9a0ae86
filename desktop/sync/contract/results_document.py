"""Per-record results, whole-request errors and credit statuses, as PARS answers them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree

from desktop.sync.contract.safe_xml import parse_untrusted
from desktop.sync.contract.wire import ACCME, ContractError, q, serialize, sub

NS = {"acc": ACCME}


class ResultStatus(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DELETED = "deleted"


class CreditState(StrEnum):
    ACCEPTED = "accepted"  # by ACCME; CME only, nothing further to wait for
    PENDING_BOARD = "pending_board"
    BOARD_ACCEPTED = "board_accepted"
    BOARD_REJECTED = "board_rejected"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class FieldError:
    code: str
    field: str
    message: str


@dataclass(frozen=True)
class RecordResult:
    """PARS's answer for one record, found by its key (Provider Activity ID or Credit ID)."""

    key: str
    status: ResultStatus
    accme_activity_id: str | None = None
    version: int | None = None
    errors: tuple[FieldError, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CreditStatus:
    credit_id: str
    state: CreditState
    reason: str = ""


def build_results(results: Iterable[RecordResult]) -> bytes:
    root = etree.Element(q(ACCME, "Results"), nsmap={"acc": ACCME})
    for r in results:
        el = sub(root, ACCME, "Result")
        el.set("key", r.key)
        el.set("status", r.status.value)
        if r.accme_activity_id:
            el.set("accmeActivityId", r.accme_activity_id)
        if r.version is not None:
            el.set("version", str(r.version))
        _errors(el, r.errors)
    return serialize(root)


def parse_results(data: bytes) -> list[RecordResult]:
    root = _root(data, "Results", "result document")
    out = []
    for i, el in enumerate(root.iterfind("acc:Result", NS), start=1):
        status = el.get("status", "")
        try:
            parsed = ResultStatus(status)
        except ValueError:
            raise ContractError(f"“{status}” is not a result status", f"result {i}") from None
        version = el.get("version")
        out.append(
            RecordResult(
                key=el.get("key", ""),
                status=parsed,
                accme_activity_id=el.get("accmeActivityId"),
                version=int(version) if version and version.isdigit() else None,
                errors=_parse_errors(el),
            )
        )
    return out


def build_errors(errors: Iterable[FieldError]) -> bytes:
    root = etree.Element(q(ACCME, "Errors"), nsmap={"acc": ACCME})
    _errors(root, tuple(errors))
    return serialize(root)


def parse_errors(data: bytes) -> tuple[FieldError, ...]:
    return _parse_errors(_root(data, "Errors", "error document"))


def build_statuses(statuses: Iterable[CreditStatus]) -> bytes:
    root = etree.Element(q(ACCME, "CreditStatuses"), nsmap={"acc": ACCME})
    for s in statuses:
        el = sub(root, ACCME, "CreditStatus")
        el.set("creditId", s.credit_id)
        el.set("status", s.state.value)
        if s.reason:
            el.set("reason", s.reason)
    return serialize(root)


def parse_statuses(data: bytes) -> list[CreditStatus]:
    root = _root(data, "CreditStatuses", "status document")
    out = []
    for el in root.iterfind("acc:CreditStatus", NS):
        state = el.get("status", "")
        try:
            parsed = CreditState(state)
        except ValueError:
            raise ContractError(
                f"“{state}” is not a credit status", el.get("creditId", "")
            ) from None
        out.append(CreditStatus(el.get("creditId", ""), parsed, el.get("reason", "")))
    return out


def _errors(parent: etree._Element, errors: tuple[FieldError, ...]) -> None:
    for e in errors:
        el = sub(parent, ACCME, "Error", e.message)
        el.set("code", e.code)
        el.set("field", e.field)


def _parse_errors(parent: etree._Element) -> tuple[FieldError, ...]:
    return tuple(
        FieldError(e.get("code", ""), e.get("field", ""), (e.text or "").strip())
        for e in parent.iterfind("acc:Error", NS)
    )


def _root(data: bytes, tag: str, what: str) -> etree._Element:
    root = parse_untrusted(data, what)
    if root.tag != q(ACCME, tag):
        raise ContractError(f"expected {tag}, found {etree.QName(root).localname}")
    return root
