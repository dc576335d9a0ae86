"""The import check's fast paths (issue 17): what they build is what the slow way builds."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from desktop.models import coerce
from desktop.models.importing.cell_columns import converted
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


@pytest.mark.parametrize("convert", [coerce.clean, coerce.identifier])
def test_a_column_left_as_it_is_is_what_converting_each_cell_gives(
    convert: Callable[[Any], Any],
) -> None:
    """Unique text columns (last names, license numbers) are searched once for anything the
    conversion would change; on random texts the answer is the cell-by-cell conversion's."""
    rnd = random.Random(3)
    plain = ["A", "b", "7", "0", ".", "-", " ", "é", "'"]
    odd = [" ", "  ", "\t", "\u00a0", "\u2003", "\x00", "\n", "12.0", "7.00", "|", "\u200b"]
    for _ in range(2000):
        values: list[str | None] = [
            "".join(rnd.choice(plain) for _ in range(rnd.randint(0, 6)))
            if rnd.random() < 0.9
            else None
            for _ in range(rnd.randint(1, 8))
        ]
        if rnd.random() < 0.7:  # one odd piece, at the start, the end or inside a cell
            at = rnd.randrange(len(values))
            text, piece = values[at] or "", rnd.choice(odd)
            cut = rnd.choice([0, len(text), rnd.randint(0, len(text))])
            values[at] = text[:cut] + piece + text[cut:]
        column = converted(values, convert, 200)
        assert column is not None
        assert column.values == [convert(v) for v in values], values
    clean = [f"Last{i}-{i // 7}" for i in range(50)] + [None, "", "12.5", "O'Hara Smith"]
    assert converted(clean, convert, 200).values == [convert(v) for v in clean]  # type: ignore[union-attr]
