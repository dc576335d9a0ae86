from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from desktop.models.records import CreditRecord
from desktop.models.rules import check_completion, check_learner
from tests.factories import closable_activity, completion, learner

TODAY = date(2026, 6, 15)


def test_valid_learner_has_no_problems() -> None:
    assert check_learner(learner()) == ()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        (dict(first_name=" "), "first_name", "required"),
        (dict(last_name=""), "last_name", "required"),
        (dict(birth_month=None), "birth_date", "required"),
        (dict(birth_month=2, birth_day=30), "birth_date", "invalid"),
        (dict(birth_month=13, birth_day=1), "birth_date", "invalid"),
        (dict(license_state=""), "license_state", "required"),
        (dict(license_state="Illinois"), "license_state", "unknown"),
        (dict(npi="1234567890"), "npi", "invalid"),
        (dict(board_ids={"ABXYZ": "1"}), "board_ids.ABXYZ", "unknown_board"),
        (dict(board_ids={"ABIM": " "}), "board_ids.ABIM", "required"),
    ],
)
def test_learner_rules(changes: dict[str, Any], field: str, code: str) -> None:
    problems = check_learner(learner(**changes))
    assert [(p.field, p.code) for p in problems] == [(field, code)]


def test_npi_is_optional_and_territories_are_states() -> None:
    assert check_learner(learner(npi="", license_state="PR")) == ()


def test_valid_completion() -> None:
    assert check_completion(completion(), closable_activity(), TODAY) == ()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        (dict(completion_date=None), "completion_date", "required"),
        (dict(completion_date=date(2026, 2, 28)), "completion_date", "before_activity"),
        (dict(completion_date=date(2026, 3, 3)), "completion_date", "after_activity"),
        (dict(credits=()), "credits", "required"),
        (dict(credits=(CreditRecord(None, Decimal("1.6")),)), "cme_credits", "not_quarter"),
        (dict(credits=(CreditRecord(None, Decimal("0")),)), "cme_credits", "not_positive"),
        (dict(credits=(CreditRecord(None, Decimal("2.25")),)), "cme_credits", "over_designated"),
        (dict(credits=(CreditRecord("ABIM", Decimal("1.75")),)), "moc.ABIM", "over_registered"),
        (dict(credits=(CreditRecord("ABS", Decimal("1")),)), "moc.ABS", "not_registered"),
        (dict(credits=(CreditRecord("ABP", Decimal("1")),)), "moc.ABP", "not_registered_points"),
        (
            dict(credits=(CreditRecord(None, Decimal(1)), CreditRecord(None, Decimal(1)))),
            "cme_credits",
            "duplicate",
        ),
        (dict(rems_type="Other"), "rems_type", "unknown"),
    ],
)
def test_completion_rules(changes: dict[str, Any], field: str, code: str) -> None:
    problems = check_completion(completion(**changes), closable_activity(), TODAY)
    assert [(p.field, p.code) for p in problems] == [(field, code)]


def test_completion_in_the_future() -> None:
    activity = closable_activity(end_date=date(2026, 12, 31))
    problems = check_completion(completion(completion_date=date(2026, 6, 16)), activity, TODAY)
    assert [p.code for p in problems] == ["future"]
    assert check_completion(completion(completion_date=TODAY), activity, TODAY) == ()


def test_abp_exact_points_and_lower_moc_points_allowed() -> None:
    c = completion(
        credits=(CreditRecord("ABP", Decimal("2")), CreditRecord("ABIM", Decimal("0.5")))
    )
    assert check_completion(c, closable_activity(), TODAY) == ()
    assert check_completion(replace(c, credits=c.credits[:1]), closable_activity(), TODAY) == ()
