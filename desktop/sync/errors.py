"""How a sync run can fail as a whole (per-record failures are results, not exceptions)."""

from __future__ import annotations

from desktop.sync.report import FieldErrorLike


class SyncError(Exception):
    """Base class; ``str(e)`` is a sentence a coordinator can act on."""


class AuthError(SyncError):
    """PARS refused the web-services credentials (401/403): the run stops, nothing is retried."""


class AddressRefused(SyncError):
    """The PARS address is not one the password may be sent to (clear text, '@' in it)."""


class NetworkError(SyncError):
    """PARS could not be reached, or kept failing, after every retry: try again later."""


class DocumentRefused(SyncError):
    """PARS refused a whole document (400) for a reason it states."""

    def __init__(
        self, message: str, status: int = 400, errors: tuple[FieldErrorLike, ...] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        # Where PARS says the document is wrong (field-level, as it answered them).
        self.errors = errors


class Cancelled(SyncError):
    """The user cancelled; everything finished so far is kept and the next run resumes."""
