"""Consent (SPEC §2.5, M6): a learner's credit is reported only with their permission.

ACCME asks providers to hold each learner's permission to report their credit to PARS (and,
through it, to the boards). It covers every credit, CME included: a completion without consent
given is held at home, and a refusal keeps it home for good. Both are errors, so every path
that holds records with error-level problems (the sync, the XML exports) holds these.
"""

from __future__ import annotations

from desktop.models.records import CompletionRecord, Consent, LearnerRecord
from desktop.models.rules.problems import Problem

CONSENT_MISSING = Problem(
    "consent",
    "consent_missing",
    # No state word here ("Held:"): record_state names the state, the rule names the reason.
    "Credit is reported only with the learner's consent: record whether they agreed "
    "(Yes or No) and when.",
)
CONSENT_REFUSED = Problem(
    "consent",
    "consent_refused",
    "The learner refused to have their credit reported; this record stays here.",
)
# The problems that keep a completion home (codes, for queries and the UI).
CONSENT_CODES = frozenset({CONSENT_MISSING.code, CONSENT_REFUSED.code})


def check_consent(learner: LearnerRecord, completion: CompletionRecord) -> tuple[Problem, ...]:
    """A completion with any credit needs the learner's consent given."""
    if not completion.credits or learner.consent is Consent.GIVEN:
        return ()
    return (CONSENT_REFUSED,) if learner.consent is Consent.REFUSED else (CONSENT_MISSING,)
