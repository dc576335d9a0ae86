"""Knobs of a sync run, with the defaults a coordinator never needs to touch."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.sync.contract.encoding import WireFormat


@dataclass(frozen=True)
class SyncSettings:
    batch_size: int = 500
    status_batch: int = 200  # Credit IDs per status query: keeps the URL well under limits
    # Time limits (seconds). A server that is silent, drips bytes or keeps asking to wait can
    # hold one attempt for ``request_deadline``, one call (all its attempts and waits) for
    # ``call_deadline`` and a whole run for ``sync_deadline``; then the sync stops (exit 4)
    # with everything done so far kept.
    connect_timeout: float = 10.0
    read_timeout: float = 60.0  # silence between two bytes of an answer
    request_deadline: float = 120.0
    call_deadline: float = 300.0
    sync_deadline: float = 3600.0
    max_attempts: int = 8
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    # The longest a Retry-After is honoured (documented in the README); longer asks are cut
    # to this, and the wait is shown as it counts down.
    retry_after_max: float = 60.0
    # No PARS document comes near this; counted after decompression (a gzip bomb stops here).
    max_response_bytes: int = 64 * 1024 * 1024
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
