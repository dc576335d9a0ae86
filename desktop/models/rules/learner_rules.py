"""Rules for a learner's identity (SPEC §2.5): what PARS needs to match a physician.

Each field is judged on its own, so an import can judge a column's distinct values once
(``check_learner`` is exactly the rules of its fields, in this order).
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.models.records import LearnerRecord
from desktop.models.reference import ReferenceData, load_reference
from desktop.models.rules.checks import is_valid_month_day, is_valid_npi
from desktop.models.rules.problems import Problem

_FIRST_NAME_MISSING = (Problem("first_name", "required", "Enter the first name."),)
_LAST_NAME_MISSING = (Problem("last_name", "required", "Enter the last name."),)
_BIRTH_MISSING = (Problem("birth_date", "required", "Enter the birth month and day."),)
_STATE_MISSING = (Problem("license_state", "required", "Enter the state of licensure."),)
_NPI_INVALID = (
    Problem("npi", "invalid", "The NPI is not valid (10 digits with a correct check digit)."),
)


def check_learner(learner: LearnerRecord, ref: ReferenceData | None = None) -> tuple[Problem, ...]:
    """Return every problem with ``learner``; an empty tuple means PARS can take it."""
    ref = ref or load_reference()
    return (
        first_name_problems(learner.first_name)
        + last_name_problems(learner.last_name)
        + birth_problems(learner.birth_month, learner.birth_day)
        + state_problems(learner.license_state, ref)
        + npi_problems(learner.npi)
        + board_id_problems(learner.board_ids, ref)
    )


def first_name_problems(first_name: str) -> tuple[Problem, ...]:
    return () if first_name.strip() else _FIRST_NAME_MISSING


def last_name_problems(last_name: str) -> tuple[Problem, ...]:
    return () if last_name.strip() else _LAST_NAME_MISSING


def birth_problems(month: int | None, day: int | None) -> tuple[Problem, ...]:
    if month is None or day is None:
        return _BIRTH_MISSING
    if is_valid_month_day(month, day):
        return ()
    return (Problem("birth_date", "invalid", f"{month:02d}/{day:02d} is not a day of the year."),)


def state_problems(license_state: str, ref: ReferenceData) -> tuple[Problem, ...]:
    if not license_state:
        return _STATE_MISSING
    if license_state in ref.state_codes:
        return ()
    return (
        Problem("license_state", "unknown", f"“{license_state}” is not a US state or territory."),
    )


def npi_problems(npi: str) -> tuple[Problem, ...]:
    return _NPI_INVALID if npi and not is_valid_npi(npi) else ()


def board_id_problems(board_ids: Mapping[str, str], ref: ReferenceData) -> tuple[Problem, ...]:
    out: list[Problem] = []
    for board, board_id in board_ids.items():
        if ref.board(board) is None:
            out.append(Problem(f"board_ids.{board}", "unknown_board", f"“{board}” is not a board."))
        elif not board_id.strip():
            out.append(Problem(f"board_ids.{board}", "required", f"Enter the {board} ID."))
    return tuple(out)
