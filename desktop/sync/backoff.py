"""Exponential backoff with full jitter, honouring the server's Retry-After."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from desktop.sync.settings import SyncSettings


def retry_after_seconds(header: str | None, cap: float) -> float | None:
    """Retry-After as seconds (it may be a number or an HTTP date); None when absent or junk."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return min(float(header), cap)
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return min(max(0.0, (when - datetime.now(UTC)).total_seconds()), cap)


class Backoff:
    def __init__(self, settings: SyncSettings, rng: Callable[[], float] = random.random) -> None:
        self._settings = settings
        self._rng = rng

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (attempt counts from 1)."""
        if retry_after is not None:
            return retry_after
        ceiling = min(self._settings.backoff_max, self._settings.backoff_base * 2 ** (attempt - 1))
        return float(ceiling * self._rng())
