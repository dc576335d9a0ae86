"""How values are spelled on the wire when the store spells them otherwise (schemas/README.md).

Board names as ACCME's enum writes them, the Passport fee with ACCME's typographic apostrophe,
Credit IDs in ACCME's ``ccid:x:y`` form. Each mapping has its inverse, so a record read back from
PARS is the record that was sent.
"""

from __future__ import annotations

from dataclasses import dataclass

# The store's board codes → the activity schema's ``boardName`` enum (reading 10).
_BOARD_TO_WIRE = {"ABPath": "ABPATH"}
_BOARD_FROM_WIRE = {v: k for k, v in _BOARD_TO_WIRE.items()}

# ACCME's enum writes "No, it’s free" with U+2019; the store and the editor use an apostrophe.
_FEE_TO_WIRE = {"No, it's free": "No, it\u2019s free"}
_FEE_FROM_WIRE = {v: k for k, v in _FEE_TO_WIRE.items()}

NEW_PREFIX = "ccid:pd:"
LEGACY_PREFIX = "ccid:legacy:"
CREDIT_ID_MAX = 300


@dataclass(frozen=True)
class ProviderIdentity:
    """Who reports: the 7-digit ACCME provider ID (reading 5) and the organisation's name."""

    accme_id: str = ""
    name: str = ""


def board_to_wire(board: str) -> str:
    return _BOARD_TO_WIRE.get(board, board)


def board_from_wire(board: str) -> str:
    return _BOARD_FROM_WIRE.get(board, board)


def fee_to_wire(fee: str | None) -> str | None:
    return None if fee is None else _FEE_TO_WIRE.get(fee, fee)


def fee_from_wire(fee: str | None) -> str | None:
    return None if fee is None else _FEE_FROM_WIRE.get(fee, fee)


def credit_id_to_wire(local: str) -> str:
    """A stored Credit ID as PARS sees it: new ones already are ``ccid:x:y``; old hex ones are
    wrapped, never rewritten in the store, so the key a record was sent under stays stable."""
    return local if local.startswith("ccid:") else f"{LEGACY_PREFIX}{local}"


def credit_id_from_wire(wire: str) -> str:
    return wire.removeprefix(LEGACY_PREFIX) if wire.startswith(LEGACY_PREFIX) else wire
