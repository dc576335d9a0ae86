"""One function per user action; each runs in one transaction with its outbox and audit entries."""

from desktop.models.services.activities import ActivityService, ActivitySummary
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.models.services.learners import LearnerService

__all__ = ["ActivityService", "ActivitySummary", "LearnerService", "NotAllowed", "NotFound"]
