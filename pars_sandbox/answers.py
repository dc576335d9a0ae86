"""What the sandbox answers, in the shapes written down beside the schemas (reading 13).

Kept apart from the client's code on purpose: the two must agree through the golden examples,
not through shared code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ACCEPTED, REJECTED, DELETED = "accepted", "rejected", "deleted"


@dataclass(frozen=True)
class Problem:
    """Why PARS refuses something: a code, where (a JSON pointer into the body), plain words."""

    code: str
    field: str
    message: str


@dataclass(frozen=True)
class Result:
    key: str
    status: str
    accme_id: str | None = None
    version: int | None = None
    errors: tuple[Problem, ...] = field(default_factory=tuple)


class BadBody(Exception):
    """A body the sandbox refuses as a whole: 400 with these field-level problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "bad body")
        self.problems = problems


def rejected(key: str, *problems: Problem) -> Result:
    return Result(key, REJECTED, errors=problems)


def dump(tree: object) -> bytes:
    return json.dumps(tree, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _errors(problems: Iterable[Problem]) -> list[dict[str, str]]:
    return [{"code": p.code, "field": p.field, "message": p.message} for p in problems]


def results(found: Iterable[Result]) -> bytes:
    out: list[dict[str, Any]] = []
    for r in found:
        one: dict[str, Any] = {"key": r.key, "status": r.status}
        if r.accme_id:
            one["accmeActivityId"] = r.accme_id
        if r.version is not None:
            one["version"] = r.version
        one["errors"] = _errors(r.errors)
        out.append(one)
    return dump({"results": out})


def errors(problems: Iterable[Problem]) -> bytes:
    return dump({"errors": _errors(problems)})


def statuses(found: Iterable[tuple[str, str, str]]) -> bytes:
    return dump(
        [
            {"CreditID": credit_id, "Status": state, **({"Reason": reason} if reason else {})}
            for credit_id, state, reason in found
        ]
    )


def matches(found: Iterable[tuple[str, str, list[list[dict[str, str]]]]]) -> bytes:
    """``(ref, status, candidates' UniqueIDs)`` per learner asked about."""
    return dump(
        {
            "LearnerMatchResults": {
                "Match": [
                    {
                        "ref": ref,
                        "status": status,
                        "Candidate": [{"UniqueID": ids} for ids in cands],
                    }
                    for ref, status, cands in found
                ]
            }
        }
    )
