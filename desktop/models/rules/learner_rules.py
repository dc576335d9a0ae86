"""Rules for a learner's identity (SPEC §2.5): what PARS needs to match a physician."""

from __future__ import annotations

from desktop.models.records import LearnerRecord
from desktop.models.reference import ReferenceData, load_reference
from desktop.models.rules.checks import is_valid_month_day, is_valid_npi
from desktop.models.rules.problems import Problem


def check_learner(learner: LearnerRecord, ref: ReferenceData | None = None) -> tuple[Problem, ...]:
    """Return every problem with ``learner``; an empty tuple means PARS can take it."""
    ref = ref or load_reference()
    out: list[Problem] = []
    if not learner.first_name.strip():
        out.append(Problem("first_name", "required", "Enter the first name."))
    if not learner.last_name.strip():
        out.append(Problem("last_name", "required", "Enter the last name."))
    if learner.birth_month is None or learner.birth_day is None:
        out.append(Problem("birth_date", "required", "Enter the birth month and day."))
    elif not is_valid_month_day(learner.birth_month, learner.birth_day):
        out.append(
            Problem(
                "birth_date",
                "invalid",
                f"{learner.birth_month:02d}/{learner.birth_day:02d} is not a day of the year.",
            )
        )
    if not learner.license_state:
        out.append(Problem("license_state", "required", "Enter the state of licensure."))
    elif learner.license_state not in ref.state_codes:
        out.append(
            Problem(
                "license_state",
                "unknown",
                f"“{learner.license_state}” is not a US state or territory.",
            )
        )
    if learner.npi and not is_valid_npi(learner.npi):
        out.append(
            Problem(
                "npi", "invalid", "The NPI is not valid (10 digits with a correct check digit)."
            )
        )
    for board, board_id in learner.board_ids.items():
        if ref.board(board) is None:
            out.append(Problem(f"board_ids.{board}", "unknown_board", f"“{board}” is not a board."))
        elif not board_id.strip():
            out.append(Problem(f"board_ids.{board}", "required", f"Enter the {board} ID."))
    return tuple(out)
