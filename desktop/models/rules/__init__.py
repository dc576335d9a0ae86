"""PARS's own rules (SPEC §2–§3), as pure functions over plain records."""

from desktop.models.rules.activity_status import assess_activity
from desktop.models.rules.completion_rules import check_completion
from desktop.models.rules.consent_rules import check_consent
from desktop.models.rules.learner_rules import check_learner
from desktop.models.rules.moc_learner_rules import check_holds, check_moc_learner
from desktop.models.rules.problems import Assessment, Problem, Severity, Status

__all__ = [
    "Assessment",
    "Problem",
    "Severity",
    "Status",
    "assess_activity",
    "check_completion",
    "check_consent",
    "check_holds",
    "check_learner",
    "check_moc_learner",
]
