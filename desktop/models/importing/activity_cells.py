"""The activity import's registry columns: every field the classic activity columns leave out
(CME Passport, MOC per board, REMS, MIPS, outcomes, supporters, tags, yearly counts), read by
the cell form the field registry gives it. ``plan`` reads the classic columns itself.
"""

from __future__ import annotations

from typing import Any

from desktop.models import fields as activity_fields
from desktop.models.reference import ActivityFormat

# The activity columns ``_activity`` reads itself; the registry's cells read every other one.
_READ_HERE = frozenset(
    {
        "provider_activity_id",
        "title",
        "description",
        "format",
        "delivery_methods",
        "start_date",
        "end_date",
        "city",
        "state",
        "country",
        "providership",
        "joint_providers",
        "ama_credits",
        "physician_learners",
        "other_learners",
        "commercial_support",
        "internal_id",
    }
)
_REGISTRY_READ = frozenset(c.key for c in activity_fields.import_columns()) - _READ_HERE
# Compact cells hold several parts (a board's whole MOC registration, every supporter).
LONG_CELLS = {
    c.key: 2000
    for c in activity_fields.import_columns()
    if c.field in {"moc", "outcomes", "support_sources", "enduring_counts", "activity_url"}
}


def registry_values(
    values: dict[str, Any], fmt: ActivityFormat | None
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The record values of the registry columns among a row's mapped ``values``, and the
    problems as (column key, sentence)."""
    extra, problems = activity_fields.read_cells(values, _REGISTRY_READ)
    if extra.get("enduring_counts") and not (fmt and fmt.enduring):
        problems.append(("enduring_counts", "Only enduring materials keep yearly learner counts."))
        del extra["enduring_counts"]
    return extra, problems
