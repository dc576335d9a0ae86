"""Per-record results, whole-request errors and credit statuses, as PARS answers them.

ACCME's drafts give no response bodies; the shapes here are reading 13 of ``schemas/README.md``,
with examples in ``golden/``. Credit IDs are mapped between their wire and stored forms here, so
the rest of the sync only ever sees the stored form (builders, PARS's side, write keys as given).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop.sync.contract import encoding
from desktop.sync.contract.names import credit_id_from_wire
from desktop.sync.contract.tree import ContractError, as_int, as_list, as_obj, as_text


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


_RESULT_LISTS = frozenset({"results", "errors"})
_JSON = encoding.WireFormat.JSON


def build_results(results: Iterable[RecordResult], fmt: encoding.WireFormat = _JSON) -> bytes:
    tree = {
        "results": [
            {
                "key": r.key,
                "status": r.status.value,
                **({"accmeActivityId": r.accme_activity_id} if r.accme_activity_id else {}),
                **({"version": r.version} if r.version is not None else {}),
                "errors": _error_list(r.errors),
            }
            for r in results
        ]
    }
    return encoding.encode_plain(tree, "Results", fmt)


def parse_results(data: bytes) -> list[RecordResult]:
    doc = as_obj(encoding.decode_plain(data, "Results", _RESULT_LISTS, "result document"), "")
    out = []
    for i, item in enumerate(as_list(doc.get("results"), "results"), start=1):
        where = f"result {i}"
        r = as_obj(item, where)
        status = as_text(r.get("status"), where)
        try:
            parsed = ResultStatus(status)
        except ValueError:
            raise ContractError(f"“{status}” is not a result status", where) from None
        out.append(
            RecordResult(
                key=credit_id_from_wire(as_text(r.get("key"), where)),
                status=parsed,
                accme_activity_id=as_text(r.get("accmeActivityId"), where) or None,
                version=_version(r.get("version"), where),
                errors=_parse_error_list(r.get("errors"), where),
            )
        )
    return out


def _version(value: object, where: str) -> int | None:
    try:
        return as_int(value, where)
    except ContractError:
        return None


def build_errors(errors: Iterable[FieldError], fmt: encoding.WireFormat = _JSON) -> bytes:
    return encoding.encode_plain({"errors": _error_list(tuple(errors))}, "Errors", fmt)


def parse_errors(data: bytes) -> tuple[FieldError, ...]:
    doc = as_obj(encoding.decode_plain(data, "Errors", frozenset({"errors"}), "error document"), "")
    return _parse_error_list(doc.get("errors"), "errors")


def build_statuses(statuses: Iterable[CreditStatus], fmt: encoding.WireFormat = _JSON) -> bytes:
    tree = [
        {
            "CreditID": s.credit_id,
            "Status": s.state.value,
            **({"Reason": s.reason} if s.reason else {}),
        }
        for s in statuses
    ]
    return encoding.encode_plain(tree, "CreditStatuses", fmt, item="CreditStatus")


def parse_statuses(data: bytes) -> list[CreditStatus]:
    doc = encoding.decode_plain(
        data, "CreditStatuses", frozenset(), "status document", item="CreditStatus"
    )
    if not isinstance(doc, list):
        raise ContractError("expected a list of credit statuses")
    out = []
    for item in doc:
        s = as_obj(item, "status")
        credit_id = credit_id_from_wire(as_text(s.get("CreditID"), "status"))
        state = as_text(s.get("Status"), credit_id)
        try:
            parsed = CreditState(state)
        except ValueError:
            raise ContractError(f"“{state}” is not a credit status", credit_id) from None
        out.append(CreditStatus(credit_id, parsed, as_text(s.get("Reason"), credit_id)))
    return out


def _error_list(errors: tuple[FieldError, ...]) -> list[dict[str, Any]]:
    return [{"code": e.code, "field": e.field, "message": e.message} for e in errors]


def _parse_error_list(value: object, where: str) -> tuple[FieldError, ...]:
    return tuple(
        FieldError(
            as_text(e.get("code"), where),
            as_text(e.get("field"), where),
            as_text(e.get("message"), where),
        )
        for e in (as_obj(e_, where) for e_ in as_list(value, where))
    )
