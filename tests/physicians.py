"""Learners that the test sandbox's directory matches: its synthetic physicians as records.

The sandbox may not know the desktop's records (it imports nothing from ``desktop``), so the
tests turn its physicians into learner records here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.models.records import LearnerRecord
from pars_sandbox.directory import BOARDS, Physician

# Demo learners have agreed to share their completions with their boards.
CONSENT_ON_FILE = date(2026, 1, 5)


def as_learner(p: Physician, **overrides: Any) -> LearnerRecord:
    """A learner record that PARS would match to this physician."""
    values: dict[str, Any] = dict(
        first_name=p.first_name,
        last_name=p.last_name,
        birth_month=p.birth_month,
        birth_day=p.birth_day,
        license_state=p.license_state,
        consent_date=CONSENT_ON_FILE,
        consent_source="registration form",
        # PARS needs the learner's ID with a board for MOC credit (SPEC §2.5); every board
        # has one here, so a board's decision (not a missing ID) is what tests see.
        board_ids={b: f"{b.upper()}-{p.npi[-6:]}" for b in BOARDS},
    )
    values.update(overrides)
    return LearnerRecord(**values)
