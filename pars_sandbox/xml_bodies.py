"""XML request bodies (PARS takes XML as well as JSON).

Not read yet: an XML body is refused with a clear 415-style error naming the body, so a client
on the XML setting learns at once that this sandbox judges JSON only.
"""

from __future__ import annotations

from typing import Any

from pars_sandbox.answers import BadBody, Problem


def read(data: bytes, kind: str) -> Any:
    raise BadBody(
        [Problem("unsupported", "/", f"This sandbox reads {kind} documents as JSON only, not XML.")]
    )
