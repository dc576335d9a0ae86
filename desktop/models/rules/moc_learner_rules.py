"""MOC learner data (SPEC §2.5): what a board needs with each learner's MOC points.

A board matches MOC credit to its diplomate by the board ID (ABS excepted), and each record
carries the learner's credit type with the board. One learner may have two records for one
activity and board when the credit types differ (ABA: MOCA, then MOCA + patient safety).
"""

from __future__ import annotations

import re

from desktop.models.records import ActivityRecord, CompletionRecord, LearnerRecord
from desktop.models.reference import ReferenceData, load_reference
from desktop.models.rules.consent_rules import check_consent
from desktop.models.rules.problems import Problem

# How a combined credit type is written: "LL+PS", "MOCA + Patient Safety", "LL & PS".
_COMBINED = re.compile(r"\s*(?:\+|&|,|;|\band\b)\s*", re.IGNORECASE)


def check_moc_learner(
    learner: LearnerRecord, completion: CompletionRecord, ref: ReferenceData | None = None
) -> tuple[Problem, ...]:
    """Each board credit needs the learner's ID with that board, where the board asks for it."""
    ref = ref or load_reference()
    out: list[Problem] = []
    for credit in completion.credits:
        board = ref.board(credit.board) if credit.board else None
        if board is None or not board.learner_id_required:
            continue
        if not learner.board_ids.get(board.code, "").strip():
            out.append(
                Problem(
                    f"board_ids.{board.code}",
                    "board_id_required",
                    f"{board.code} MOC points go to the board only with the learner's "
                    f"{board.code} ID: enter it.",
                )
            )
    return tuple(out)


def check_holds(
    learner: LearnerRecord, completion: CompletionRecord, ref: ReferenceData | None = None
) -> tuple[Problem, ...]:
    """What keeps a completion home (never sent) until fixed: consent, then board IDs."""
    return check_consent(learner, completion) + check_moc_learner(learner, completion, ref)


def parse_credit_type(text: str, board: str, ref: ReferenceData | None = None) -> str | None:
    """A typed credit type ("MOCA + patient safety") as the board's codes ("LL+PS").

    Raises ``ValueError`` naming the part that is not one of the board's credit types.
    """
    ref = ref or load_reference()
    found = ref.board(board)
    text = " ".join(text.split())
    if not text:
        return None
    if found is None:
        raise ValueError(f"“{board}” is not a board")
    codes: list[str] = []
    for part in _COMBINED.split(text):
        if not part:
            continue
        kind = found.credit_type_for(part)
        if kind is None:
            names = ", ".join(t.name for t in found.credit_types)
            raise ValueError(f"“{part}” is not a {board} credit type ({names})")
        if kind.code not in codes:
            codes.append(kind.code)
    return "+".join(codes) or None


def credit_type_problems(
    board: str, credit_type: str | None, activity: ActivityRecord
) -> list[Problem]:
    """A learner's credit type must be among those the activity is registered for."""
    registration = activity.moc_for(board)
    if credit_type is None or registration is None:
        # No type given: the learner earned what the activity is registered for.
        return []
    missing = [c for c in credit_type.split("+") if c not in registration.credit_types]
    if not missing:
        return []
    return [
        Problem(
            f"moc.{board}",
            "credit_type_not_registered",
            f"The activity is not registered for {board} credit type "
            f"{', '.join(missing)} (registered: {', '.join(registration.credit_types) or 'none'}).",
        )
    ]
