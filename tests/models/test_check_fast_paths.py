"""The import check's fast paths (issue 17): what they build is what the slow way builds."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.models.records import Consent, LearnerRecord, checked_learner


@pytest.mark.parametrize(
    ("consent", "consent_date", "source"),
    [
        (None, None, ""),
        (Consent.GIVEN, date(2026, 3, 1), "import"),
        (Consent.GIVEN, None, "sign-in sheet"),
        (Consent.REFUSED, None, "import"),
        (Consent.REFUSED, date(2026, 3, 1), "import"),
    ],
)
def test_a_checked_learner_is_the_record_its_constructor_makes(
    consent: Consent | None, consent_date: date | None, source: str
) -> None:
    values = ("Avery", "Testperson", 2, 29, "IL", "LIC-1", "1234567893", {"ABIM": "900001"})
    fast = checked_learner(*values, consent, consent_date, source)
    slow = LearnerRecord(*values, consent, consent_date, source)
    assert fast == slow
    assert repr(fast) == repr(slow)
    assert vars(fast) == vars(slow)
    with pytest.raises(AttributeError):
        fast.first_name = "Blake"  # type: ignore[misc]  # frozen like any other
