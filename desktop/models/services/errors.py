"""Errors services raise; the transaction they were in is rolled back, nothing is half-written."""


class NotFound(LookupError):
    """The record asked for does not exist (or was deleted)."""


class NotAllowed(ValueError):
    """The action is not allowed for this record in its current state."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
