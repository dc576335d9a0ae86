"""ACCME's schema copies: they parse, they are valid JSON Schemas, and the sandbox's are equal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "desktop" / "sync" / "contract" / "schemas"
SANDBOX = ROOT / "pars_sandbox" / "schemas"
SCHEMAS = ("accme-pars-activity.schema_v0_1_2.json", "accme-pars-learner-reports.schema_v0_5.json")


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_a_valid_2020_12_schema(name: str) -> None:
    schema = json.loads((CLIENT / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_sandbox_judges_with_byte_identical_copies() -> None:
    names = sorted(p.name for p in CLIENT.iterdir())
    assert names == sorted(p.name for p in SANDBOX.iterdir())
    assert len(names) == 5  # two schemas, two OpenAPI files, the README
    for name in names:
        assert (CLIENT / name).read_bytes() == (SANDBOX / name).read_bytes(), name


def test_the_copies_differ_from_accme_drafts_only_by_the_listed_fixes() -> None:
    """The root and ACCMEActivities now require their child; REMS requires both fields."""
    schema = json.loads((CLIENT / SCHEMAS[0]).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    assert [e.message for e in validator.iter_errors({})] == [
        "'ACCMEActivities' is a required property"
    ]
    assert not list(validator.iter_errors({"ACCMEActivities": {"MedicalEducationMetrics": []}}))


def test_the_learner_schema_parses_and_closes_its_report() -> None:
    schema = json.loads((CLIENT / SCHEMAS[1]).read_text(encoding="utf-8"))
    props = schema["properties"]["ACCMELearnerReports"]["properties"]["ActivityReports"]
    report = props["properties"]["ActivityReport"]["items"]
    assert report["additionalProperties"] is False
    assert set(report["properties"]["XtensibleInfo"]["properties"]) == {
        "ProviderID",
        "LearnerRecordAction",
    }


def test_the_sandbox_validates_xml_with_the_same_medbiq_xsds() -> None:
    tests_copy = ROOT / "tests" / "reference" / "medbiq"
    sandbox_copy = ROOT / "pars_sandbox" / "xsd" / "medbiq"
    names = sorted(p.relative_to(tests_copy) for p in tests_copy.rglob("*.xsd"))
    assert names == sorted(p.relative_to(sandbox_copy) for p in sandbox_copy.rglob("*.xsd"))
    for name in names:
        assert (tests_copy / name).read_bytes() == (sandbox_copy / name).read_bytes(), name
