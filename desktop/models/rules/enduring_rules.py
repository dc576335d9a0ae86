"""Enduring materials' yearly cumulative counts (SPEC M5): a cumulative count never goes down."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from desktop.models.records import EnduringCountRecord


def count_warnings(history: Sequence[EnduringCountRecord]) -> list[str]:
    """One warning per count lower than the year before it (the history is oldest first)."""
    out = []
    for before, after in pairwise(history):
        for kind, was, now in (
            ("physicians", before.physician_learners, after.physician_learners),
            ("other learners", before.other_learners, after.other_learners),
        ):
            if now < was:
                out.append(
                    f"{after.year}: the cumulative count of {kind} ({now:,}) is lower than "
                    f"{before.year}'s ({was:,}); a cumulative count never goes down."
                )
    return out
