"""One function per user action; each runs in one transaction with its outbox and audit entries.

Exports load on first use (PEP 562): the UI imports ``errors`` without pulling in SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.models.services.activities import ActivityService, ActivitySummary
    from desktop.models.services.errors import NotAllowed, NotFound
    from desktop.models.services.learners import LearnerService

_WHERE = {
    "ActivityService": "activities",
    "ActivitySummary": "activities",
    "LearnerService": "learners",
    "NotAllowed": "errors",
    "NotFound": "errors",
}
__all__ = ["ActivityService", "ActivitySummary", "LearnerService", "NotAllowed", "NotFound"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(name)
