"""Sandbox settings: accounts, board behaviour and fault injection (all seedable)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

DEFAULT_ACCOUNT = ("sandbox", "sandbox")
# The admin API (/_admin/*: counts, faults, activity edit, reset of every account) has its own
# user, never a PARS account; its password is random per server unless one is given.
ADMIN_USER = "admin"
ADMIN_PASSWORD_ENV = "PARS_SANDBOX_ADMIN_PASSWORD"


@dataclass
class Faults:
    """Rates are per request, between 0 and 1; one random draw decides at most one fault.

    ``error_rate``: a 500/502/503 before the request is handled (nothing applied).
    ``throttle_rate``: a 429 or 503 with ``Retry-After`` before handling (nothing applied).
    ``drop_rate``: the request *is* applied, then the connection drops mid-response.
    ``malformed_rate``: the request *is* applied, then the body is HTML, truncated, empty or junk.
    """

    error_rate: float = 0.0
    throttle_rate: float = 0.0
    drop_rate: float = 0.0
    malformed_rate: float = 0.0
    latency_ms: int = 0
    retry_after: int = 1
    seed: int = 0

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Faults:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        faults = cls(**known)  # type: ignore[arg-type]
        for name in ("error_rate", "throttle_rate", "drop_rate", "malformed_rate"):
            value = float(getattr(faults, name))
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
            setattr(faults, name, value)
        if faults.error_rate + faults.throttle_rate + faults.drop_rate + faults.malformed_rate > 1:
            raise ValueError("the fault rates add up to more than 1")
        faults.latency_ms = int(faults.latency_ms)
        faults.retry_after = int(faults.retry_after)
        faults.seed = int(faults.seed)
        return faults


@dataclass
class Settings:
    accounts: dict[str, str] = field(default_factory=lambda: dict([DEFAULT_ACCOUNT]))
    directory_seed: int = 20250101
    directory_size: int = 5000
    # Status polls a MOC credit stays "pending board" before the board decides.
    board_polls: int = 1
    # Practice mode (the app without a PARS account): matching is simulated (directory.py).
    practice: bool = False
    faults: Faults = field(default_factory=Faults)
    admin_password: str = field(default_factory=lambda: secrets.token_urlsafe(18))

    @property
    def admin_auth(self) -> tuple[str, str]:
        """(user, password) for Basic auth on /_admin/*."""
        return ADMIN_USER, self.admin_password
