"""One activity on the wire: its record, what to do with it, and the drafts' fixed values."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop.models.records import ActivityRecord

PROVIDER_ID = "Provider Activity ID"
ACCME_ID = "ACCME Activity ID"
URL = "URL"
AMA = "AMA PRA Category 1"
ABA_OUTLINE = "01_ABAMCO"  # reading 11: ABA's content area as a Lom keyword
Tree = dict[str, Any]


class RecordAction(StrEnum):
    ADD = "Add"
    UPDATE = "Update"
    DELETE = "Delete"


@dataclass(frozen=True)
class ActivityEnvelope:
    """One activity on the wire: the record, what to do with it, and PARS's version of it.

    The version never travels in the body (reading 12): it comes from the HTTP exchange.
    """

    record: ActivityRecord
    action: RecordAction = RecordAction.ADD
    version: int | None = None
