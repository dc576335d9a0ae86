"""Rules for a completion (SPEC §2.5): dates and credits against the activity it belongs to."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop.models.records import ActivityRecord, CompletionRecord
from desktop.models.reference import ReferenceData, load_reference
from desktop.models.rules.checks import is_quarter_step
from desktop.models.rules.moc_learner_rules import credit_type_problems
from desktop.models.rules.problems import Problem


def check_completion(
    completion: CompletionRecord,
    activity: ActivityRecord,
    today: date,
    ref: ReferenceData | None = None,
) -> tuple[Problem, ...]:
    """Return every problem with ``completion`` of ``activity`` as of ``today``."""
    ref = ref or load_reference()
    out: list[Problem] = []
    when = completion.completion_date
    if when is None:
        out.append(Problem("completion_date", "required", "Enter the completion date."))
    else:
        if when > today:
            out.append(
                Problem("completion_date", "future", "The completion date is in the future.")
            )
        if activity.start_date is not None and when < activity.start_date:
            out.append(
                Problem(
                    "completion_date",
                    "before_activity",
                    f"The activity starts on {activity.start_date.isoformat()}, "
                    "after this completion date.",
                )
            )
        if activity.end_date is not None and when > activity.end_date:
            out.append(
                Problem(
                    "completion_date",
                    "after_activity",
                    f"The activity ended on {activity.end_date.isoformat()}, "
                    "before this completion date.",
                )
            )
    if not completion.credits:
        out.append(Problem("credits", "required", "Enter the CME credits or MOC points earned."))
    seen: set[str | None] = set()
    for credit in completion.credits:
        if credit.board in seen:
            out.append(Problem(_field(credit.board), "duplicate", "This credit is entered twice."))
        seen.add(credit.board)
        out.extend(_credit_problems(credit.board, credit.points, activity, ref))
        if credit.board is not None:
            out.extend(credit_type_problems(credit.board, credit.credit_type, activity))
    if completion.rems_type is not None and completion.rems_type not in ref.rems_types:
        out.append(Problem("rems_type", "unknown", f"“{completion.rems_type}” is not a REMS type."))
    return tuple(out)


def _field(board: str | None) -> str:
    return "cme_credits" if board is None else f"moc.{board}"


def _credit_problems(
    board: str | None, points: Decimal, activity: ActivityRecord, ref: ReferenceData
) -> list[Problem]:
    field = _field(board)
    if points <= 0:
        return [Problem(field, "not_positive", "Credits must be more than 0.")]
    if not is_quarter_step(points):
        return [Problem(field, "not_quarter", "Credits must be in steps of 0.25.")]
    if board is None:
        limit = activity.ama_credits
        if limit is not None and points > limit:
            return [
                Problem(
                    field,
                    "over_designated",
                    f"{points} credits is more than the {limit} the activity designates.",
                )
            ]
        return []
    registration = activity.moc_for(board)
    if registration is None:
        return [
            Problem(field, "not_registered", f"The activity is not registered for {board} MOC.")
        ]
    board_ref = ref.board(board)
    registered = registration.points
    if registered is None:
        return []
    if board_ref is not None and board_ref.whole_points and points != registered:
        return [
            Problem(
                field,
                "not_registered_points",
                f"{board} awards exactly the registered {registered} points.",
            )
        ]
    if points > registered:
        return [
            Problem(
                field,
                "over_registered",
                f"{points} {board} points is more than the {registered} registered.",
            )
        ]
    return []
