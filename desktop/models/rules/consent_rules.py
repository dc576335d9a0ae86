"""Consent (SPEC §2.5, M6): boards receive a learner's completion only with their consent."""

from __future__ import annotations

from desktop.models.records import CompletionRecord, LearnerRecord
from desktop.models.rules.problems import Problem

CONSENT_MISSING = Problem(
    "consent_date",
    "consent_missing",
    "MOC points go to the board only with the learner's consent: "
    "enter the date they agreed to share their completion.",
)


def check_consent(learner: LearnerRecord, completion: CompletionRecord) -> tuple[Problem, ...]:
    """A completion with board credits needs the learner's consent on record."""
    if learner.consent_date is None and any(c.board for c in completion.credits):
        return (CONSENT_MISSING,)
    return ()
