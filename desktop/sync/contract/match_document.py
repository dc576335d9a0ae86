"""Learner-match requests and answers (SPEC §4) — our one invention on the wire (SPEC §5).

Reading 14 of ``schemas/README.md``: a request is ``{"LearnerMatchRequest": {"Member": [...]}}``
where each ``Member`` is the learner report's ``Member`` (``Name``, ``PersonalInfo/BirthDate``)
plus ``ref`` and the learner's identifiers as ``UniqueID`` ``{value, domain}`` entries, domains
as on a credit certificate (``NPI``, a board, a state code).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop.models.records import LearnerRecord
from desktop.sync.contract import encoding
from desktop.sync.contract.learner_document import NPI, PLACEHOLDER_YEAR
from desktop.sync.contract.names import board_from_wire, board_to_wire
from desktop.sync.contract.tree import ContractError, as_date, as_list, as_obj, as_text

_JSON = encoding.WireFormat.JSON
_REQUEST_LISTS = frozenset({"Member", "UniqueID"})
_ANSWER_LISTS = frozenset({"Match", "Candidate", "UniqueID"})


class MatchStatus(StrEnum):
    MATCHED = "matched"
    NOT_FOUND = "not_found"
    MULTIPLE = "multiple"


@dataclass(frozen=True)
class MatchQuery:
    ref: str
    learner: LearnerRecord


@dataclass(frozen=True)
class Candidate:
    """Identifiers of a physician PARS holds (never more than the caller could already know)."""

    npi: str = ""
    license_state: str = ""
    license_number: str = ""


@dataclass(frozen=True)
class MatchAnswer:
    ref: str
    status: MatchStatus
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)


def member_tree(ref: str, lr: LearnerRecord) -> dict[str, Any]:
    member: dict[str, Any] = {
        "ref": ref,
        "Name": {"GivenName": lr.first_name, "FamilyName": lr.last_name},
    }
    if lr.birth_month is not None and lr.birth_day is not None:
        member["PersonalInfo"] = {
            "BirthDate": f"{PLACEHOLDER_YEAR}-{lr.birth_month:02d}-{lr.birth_day:02d}"
        }
    ids = [{"value": lr.npi, "domain": NPI}] if lr.npi else []
    if lr.license_state:
        ids.append({"value": lr.license_number, "domain": lr.license_state})
    ids += [
        {"value": ident, "domain": board_to_wire(board)}
        for board, ident in sorted(lr.board_ids.items())
    ]
    if ids:
        member["UniqueID"] = ids
    return member


def build_match_request(queries: Iterable[MatchQuery], fmt: encoding.WireFormat = _JSON) -> bytes:
    tree = {"LearnerMatchRequest": {"Member": [member_tree(q.ref, q.learner) for q in queries]}}
    return encoding.encode_plain(tree, "LearnerMatch", fmt)


def parse_match_request(data: bytes) -> list[MatchQuery]:
    doc = as_obj(
        encoding.decode_plain(data, "LearnerMatch", _REQUEST_LISTS, "learner-match request"), ""
    )
    out = []
    for item in as_list(as_obj(doc.get("LearnerMatchRequest"), "").get("Member"), "Member"):
        m = as_obj(item, "Member")
        ref = as_text(m.get("ref"), "Member")
        name = as_obj(m.get("Name"), ref)
        birth = as_date(as_obj(m.get("PersonalInfo"), ref).get("BirthDate"), ref)
        ids = [as_obj(u, ref) for u in as_list(m.get("UniqueID"), ref)]
        states = [u for u in ids if _is_state(as_text(u.get("domain"), ref))]
        out.append(
            MatchQuery(
                ref,
                LearnerRecord(
                    first_name=as_text(name.get("GivenName"), ref),
                    last_name=as_text(name.get("FamilyName"), ref),
                    birth_month=birth.month if birth else None,
                    birth_day=birth.day if birth else None,
                    npi=next(
                        (as_text(u.get("value"), ref) for u in ids if u.get("domain") == NPI), ""
                    ),
                    license_state=as_text(states[0].get("domain"), ref) if states else "",
                    license_number=as_text(states[0].get("value"), ref) if states else "",
                    board_ids={
                        board_from_wire(as_text(u.get("domain"), ref)): as_text(u.get("value"), ref)
                        for u in ids
                        if u.get("domain") != NPI and u not in states
                    },
                ),
            )
        )
    return out


def _is_state(domain: str) -> bool:
    return len(domain) == 2 and domain.isalpha() and domain.isupper()


def build_match_answers(answers: Iterable[MatchAnswer], fmt: encoding.WireFormat = _JSON) -> bytes:
    tree = {
        "LearnerMatchResults": {
            "Match": [
                {
                    "ref": a.ref,
                    "status": a.status.value,
                    "Candidate": [_candidate_tree(c) for c in a.candidates],
                }
                for a in answers
            ]
        }
    }
    return encoding.encode_plain(tree, "LearnerMatch", fmt)


def _candidate_tree(c: Candidate) -> dict[str, Any]:
    ids = [{"value": c.npi, "domain": NPI}] if c.npi else []
    if c.license_state:
        ids.append({"value": c.license_number, "domain": c.license_state})
    return {"UniqueID": ids}


def parse_match_answers(data: bytes) -> list[MatchAnswer]:
    doc = as_obj(
        encoding.decode_plain(data, "LearnerMatch", _ANSWER_LISTS, "learner-match answer"), ""
    )
    out = []
    for item in as_list(as_obj(doc.get("LearnerMatchResults"), "").get("Match"), "Match"):
        m = as_obj(item, "Match")
        ref = as_text(m.get("ref"), "Match")
        status = as_text(m.get("status"), ref)
        try:
            parsed = MatchStatus(status)
        except ValueError:
            raise ContractError(f"“{status}” is not a match status", ref) from None
        candidates = []
        for c in as_list(m.get("Candidate"), ref):
            ids = [as_obj(u, ref) for u in as_list(as_obj(c, ref).get("UniqueID"), ref)]
            npi = next((as_text(u.get("value"), ref) for u in ids if u.get("domain") == NPI), "")
            state = next((u for u in ids if _is_state(as_text(u.get("domain"), ref))), {})
            candidates.append(
                Candidate(npi, as_text(state.get("domain"), ref), as_text(state.get("value"), ref))
            )
        out.append(MatchAnswer(ref, parsed, tuple(candidates)))
    return out
