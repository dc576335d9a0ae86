"""Learner-match requests and answers (SPEC §4): who PARS recognises before anything is sent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree

from desktop.models.records import LearnerRecord
from desktop.sync.contract.safe_xml import parse_untrusted
from desktop.sync.contract.wire import (
    ACCME,
    ContractError,
    parse_int,
    q,
    serialize,
    sub,
    sub_if,
    text_of,
)

NS = {"acc": ACCME}


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


_FIELDS = ("first_name", "last_name", "license_state", "license_number", "npi")


def build_match_request(queries: Iterable[MatchQuery]) -> bytes:
    root = etree.Element(q(ACCME, "LearnerMatchRequest"), nsmap={"acc": ACCME})
    for query in queries:
        el = sub(root, ACCME, "Learner")
        el.set("ref", query.ref)
        lr = query.learner
        for name in _FIELDS:
            sub_if(el, ACCME, name, getattr(lr, name))
        if lr.birth_month is not None and lr.birth_day is not None:
            sub(el, ACCME, "birth_month", str(lr.birth_month))
            sub(el, ACCME, "birth_day", str(lr.birth_day))
        for board, ident in sorted(lr.board_ids.items()):
            sub(el, ACCME, "board_id", ident).set("board", board)
    return serialize(root)


def parse_match_request(data: bytes) -> list[MatchQuery]:
    root = parse_untrusted(data, "learner-match request")
    if root.tag != q(ACCME, "LearnerMatchRequest"):
        raise ContractError("expected LearnerMatchRequest")
    out = []
    for el in root.iterfind("acc:Learner", NS):
        ref = el.get("ref", "")

        def t(name: str, el: etree._Element = el) -> str:
            return text_of(el, f"acc:{name}", NS)

        out.append(
            MatchQuery(
                ref,
                LearnerRecord(
                    first_name=t("first_name"),
                    last_name=t("last_name"),
                    license_state=t("license_state"),
                    license_number=t("license_number"),
                    npi=t("npi"),
                    birth_month=parse_int(text_of(el, "acc:birth_month", NS), ref),
                    birth_day=parse_int(text_of(el, "acc:birth_day", NS), ref),
                    board_ids={
                        b.get("board", ""): (b.text or "").strip()
                        for b in el.iterfind("acc:board_id", NS)
                    },
                ),
            )
        )
    return out


def build_match_answers(answers: Iterable[MatchAnswer]) -> bytes:
    root = etree.Element(q(ACCME, "LearnerMatchResults"), nsmap={"acc": ACCME})
    for a in answers:
        el = sub(root, ACCME, "Match")
        el.set("ref", a.ref)
        el.set("status", a.status.value)
        for c in a.candidates:
            cand = sub(el, ACCME, "Candidate")
            for name in ("npi", "license_state", "license_number"):
                if getattr(c, name):
                    cand.set(name, getattr(c, name))
    return serialize(root)


def parse_match_answers(data: bytes) -> list[MatchAnswer]:
    root = parse_untrusted(data, "learner-match answer")
    if root.tag != q(ACCME, "LearnerMatchResults"):
        raise ContractError("expected LearnerMatchResults")
    out = []
    for el in root.iterfind("acc:Match", NS):
        status = el.get("status", "")
        try:
            parsed = MatchStatus(status)
        except ValueError:
            raise ContractError(f"“{status}” is not a match status", el.get("ref", "")) from None
        out.append(
            MatchAnswer(
                el.get("ref", ""),
                parsed,
                tuple(
                    Candidate(
                        c.get("npi", ""), c.get("license_state", ""), c.get("license_number", "")
                    )
                    for c in el.iterfind("acc:Candidate", NS)
                ),
            )
        )
    return out
