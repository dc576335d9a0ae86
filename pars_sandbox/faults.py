"""Fault injection: the network and server misbehaviour a real PARS connection can show.

Seeded, so a test that sets a seed sees the same sequence of faults on every run.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from pars_sandbox.settings import Faults


class Fault(StrEnum):
    NONE = "none"
    ERROR = "error"  # before handling
    THROTTLE = "throttle"  # before handling
    DROP = "drop"  # after handling
    MALFORMED = "malformed"  # after handling


@dataclass(frozen=True)
class Decision:
    fault: Fault
    variant: int = 0


class DroppedConnection(Exception):
    """Raised mid-body so the server closes the connection with the response half sent."""


class FaultInjector:
    def __init__(self, faults: Faults) -> None:
        self._lock = threading.Lock()
        self.configure(faults)
        self.counts: dict[str, int] = {f.value: 0 for f in Fault}

    def configure(self, faults: Faults) -> None:
        with self._lock:
            self.faults = faults
            self._rng = random.Random(faults.seed)

    def decide(self) -> Decision:
        with self._lock:
            f = self.faults
            delay = f.latency_ms / 1000
            draw, variant = self._rng.random(), self._rng.randrange(4)
            fault = Fault.NONE
            edge = 0.0
            for kind, rate in (
                (Fault.ERROR, f.error_rate),
                (Fault.THROTTLE, f.throttle_rate),
                (Fault.DROP, f.drop_rate),
                (Fault.MALFORMED, f.malformed_rate),
            ):
                edge += rate
                if draw < edge:
                    fault = kind
                    break
            self.counts[fault.value] += 1
        if delay:
            time.sleep(delay)  # simulated server latency, not synchronisation
        return Decision(fault, variant)


def error_response(variant: int) -> tuple[int, bytes]:
    status = (500, 502, 503, 500)[variant]
    return status, f"<html><body><h1>{status}</h1>The server had a problem.</body></html>".encode()


def malformed(body: bytes, variant: int) -> bytes:
    if variant == 0:
        return b"<html><head><title>Maintenance</title></head><body>Back soon</body></html>"
    if variant == 1:
        return body[: max(1, len(body) // 2)]
    if variant == 2:
        return b""
    return b"\x89garbage\x00\xff not xml at all"


def dropped(body: bytes) -> Iterator[bytes]:
    yield body[: len(body) // 2]
    raise DroppedConnection("connection dropped by fault injection")
