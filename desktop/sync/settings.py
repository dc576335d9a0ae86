"""Knobs of a sync run, with the defaults a coordinator never needs to touch."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.sync.contract.encoding import WireFormat


@dataclass(frozen=True)
class SyncSettings:
    batch_size: int = 500
    status_batch: int = 200  # Credit IDs per status query: keeps the URL well under limits
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    max_attempts: int = 8
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    retry_after_max: float = 120.0
    pull: bool = True
    # Hold completions of learners PARS is known not to match (SPEC §4); False sends anyway.
    hold_unmatched: bool = True
    # JSON by default; XML for a PARS account on XML web services (SPEC §5).
    wire_format: WireFormat = WireFormat.JSON


@dataclass(frozen=True)
class Endpoint:
    """Where PARS is and who we are there. The password never leaves memory and the keyring."""

    base_url: str
    username: str
    password: str
    ca_bundle: str = ""  # a custom CA bundle; verification itself is never switched off
