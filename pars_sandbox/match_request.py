"""Reading a learner-match request (our invention, schemas/README.md reading 14).

There is no ACCME schema for it, so its shape is checked here, field by field, with the same
kind of answer a schema failure gets: 400 naming each place that is wrong.
"""

from __future__ import annotations

from typing import Any

from pars_sandbox.answers import BadBody, Problem
from pars_sandbox.learner_rules import Identity, identity_of

ROOT = "/LearnerMatchRequest/Member"
MAX_MEMBERS = 5000


def read(doc: Any) -> list[tuple[str, Identity]]:
    request = doc.get("LearnerMatchRequest") if isinstance(doc, dict) else None
    if not isinstance(request, dict):
        raise BadBody(
            [Problem("schema", "/LearnerMatchRequest", "Expected a LearnerMatchRequest object.")]
        )
    members = request.get("Member")
    if not isinstance(members, list):
        raise BadBody([Problem("schema", ROOT, "Expected a list of Member objects.")])
    if len(members) > MAX_MEMBERS:
        raise BadBody(
            [Problem("too_many", ROOT, f"Ask about at most {MAX_MEMBERS:,} learners at once.")]
        )
    problems: list[Problem] = []
    out: list[tuple[str, Identity]] = []
    for i, m in enumerate(members):
        where = f"{ROOT}/{i}"
        if not isinstance(m, dict):
            problems.append(Problem("schema", where, "Expected a Member object."))
            continue
        problems += _shape(m, where)
        ids = m.get("UniqueID", [])
        out.append(
            (
                str(m.get("ref", "")),
                identity_of(
                    m, [u for u in ids if isinstance(u, dict)] if isinstance(ids, list) else []
                ),
            )
        )
    if problems:
        raise BadBody(problems[:50])
    return out


def _shape(m: dict[str, Any], where: str) -> list[Problem]:
    out: list[Problem] = []
    if not isinstance(m.get("ref"), str):
        out.append(Problem("schema", f"{where}/ref", "Give each learner a ref (text)."))
    name = m.get("Name")
    if not isinstance(name, dict):
        out.append(Problem("schema", f"{where}/Name", "Expected a Name object."))
    else:
        for key in ("GivenName", "FamilyName"):
            if not isinstance(name.get(key), str):
                out.append(Problem("schema", f"{where}/Name/{key}", f"Expected {key} as text."))
    info = m.get("PersonalInfo", {})
    if not isinstance(info, dict) or not isinstance(info.get("BirthDate", ""), str):
        out.append(
            Problem("schema", f"{where}/PersonalInfo/BirthDate", "Expected a BirthDate as text.")
        )
    ids = m.get("UniqueID", [])
    if not isinstance(ids, list):
        out.append(Problem("schema", f"{where}/UniqueID", "Expected a list of {value, domain}."))
    else:
        for j, u in enumerate(ids):
            if not (
                isinstance(u, dict)
                and isinstance(u.get("value"), str)
                and isinstance(u.get("domain"), str)
            ):
                out.append(
                    Problem("schema", f"{where}/UniqueID/{j}", "Expected {value, domain} as text.")
                )
    return out
