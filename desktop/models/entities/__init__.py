"""SQLAlchemy 2 typed entities of the local draft store (SPEC M1, §2)."""

from desktop.models.entities.activity import (
    Activity,
    ActivityOutcome,
    EnduringCount,
    ImportMarker,
    MocRegistrationRow,
    RepeatSeries,
    SupportSourceRow,
)
from desktop.models.entities.base import Base
from desktop.models.entities.learner import (
    Completion,
    CompletionCredit,
    KeptApart,
    Learner,
)
from desktop.models.entities.program import AnnualAgreement, Contact, ProgramSummary, Provider
from desktop.models.entities.tracking import AuditEntry, ImportBatch, ImportMapping, OutboxEntry

__all__ = [
    "Activity",
    "ActivityOutcome",
    "AnnualAgreement",
    "AuditEntry",
    "Base",
    "Completion",
    "CompletionCredit",
    "Contact",
    "EnduringCount",
    "ImportBatch",
    "ImportMapping",
    "ImportMarker",
    "KeptApart",
    "Learner",
    "MocRegistrationRow",
    "OutboxEntry",
    "ProgramSummary",
    "Provider",
    "RepeatSeries",
    "SupportSourceRow",
]
