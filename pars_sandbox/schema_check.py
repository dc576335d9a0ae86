"""ACCME's JSON schemas, applied to every request body (the sandbox's own copies).

Errors come back per field as JSON pointers into the body, the one vocabulary the drafts give
for where something is: ``/ACCMEActivities/MedicalEducationMetrics/0/Lom/general/title``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from pars_sandbox.answers import Problem

SCHEMAS = Path(__file__).resolve().parent / "schemas"
ACTIVITIES = "accme-pars-activity.schema_v0_1_2.json"
LEARNERS = "accme-pars-learner-reports.schema_v0_5.json"


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    # No format checker: in 2020-12 ``format`` is an annotation (schemas/README.md, reading 1).
    return Draft202012Validator(schema)


def problems(doc: Any, schema: str) -> list[Problem]:
    """Every place the body breaks the schema, deepest first within a path, at most 50."""
    found = sorted(_validator(schema).iter_errors(doc), key=lambda e: list(map(str, e.path)))
    return [_problem(e) for e in found[:50]]


def _problem(e: ValidationError) -> Problem:
    path = [str(p) for p in e.absolute_path]
    if e.validator == "required":
        # The message names the missing key; the field is where it should have been.
        missing = str(e.message).split("'")[1] if "'" in str(e.message) else ""
        path.append(missing)
    elif e.validator == "additionalProperties" and "'" in str(e.message):
        path.append(str(e.message).split("'")[1])
    # "/" alone: the body as a whole (e.g. a list where an object belongs).
    return Problem("schema", "/" + "/".join(path), _plain(e))


def _plain(e: ValidationError) -> str:
    """The validator's message, cut to a readable length (never the whole offending value)."""
    message = str(e.message)
    return message if len(message) <= 200 else message[:197] + "..."
