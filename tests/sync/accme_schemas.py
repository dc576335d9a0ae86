"""Validating JSON documents against ACCME's draft schemas (the copies in the client)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parents[2] / "desktop" / "sync" / "contract" / "schemas"


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def activity_errors(body: bytes) -> list[str]:
    return _errors("accme-pars-activity.schema_v0_1_2.json", json.loads(body))


def learner_errors(body: bytes) -> list[str]:
    return _errors("accme-pars-learner-reports.schema_v0_5.json", json.loads(body))


def _errors(name: str, doc: Any) -> list[str]:
    return [
        f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in _validator(name).iter_errors(doc)
    ]
