"""ACCME reference lists, loaded from one versioned JSON file.

An ACCME list change (a new format, a board's credit type) is an edit of
``reference_data.json`` and a new ``version``, never a code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Coded:
    """A value PARS knows by a code, shown to people by its name."""

    code: str
    name: str


@dataclass(frozen=True)
class ActivityFormat:
    code: str
    name: str
    delivery_methods: tuple[str, ...]
    max_months: int | None
    legacy_codes: tuple[str, ...]
    enduring: bool
    # Other names coordinators and older PARS pages use ("Live Course", "Journal-based CE").
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CreditType:
    code: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()  # what the board's own pages call it ("MOCA")


@dataclass(frozen=True)
class Board:
    code: str
    name: str
    whole_points: bool
    requires_content_area: bool
    requires_internal_id: bool
    credit_types: tuple[CreditType, ...]
    practice_areas: tuple[str, ...]
    # A learner's MOC credit with the board needs their ID with it (ABS matches without one).
    learner_id_required: bool = True
    # The board takes activities that start on or after this day (ABPMR: 2025-01-01).
    registrable_from: date | None = None
    # Credit types one activity may not be registered for together (ABO: IMP and PS).
    exclusive_credit_types: tuple[frozenset[str], ...] = ()

    def credit_type_for(self, text: str) -> CreditType | None:
        """The credit type a code, name or alias names."""
        key = _norm(text)
        for t in self.credit_types:
            if key in {_norm(t.code), _norm(t.name), *(_norm(a) for a in t.aliases)}:
                return t
        return None


@dataclass(frozen=True)
class ReferenceData:
    version: str
    formats: tuple[ActivityFormat, ...]
    delivery_methods: tuple[Coded, ...]
    outcomes: tuple[Coded, ...]
    commendation_tags: tuple[Coded, ...]
    passport_fees: tuple[str, ...]
    registrations: tuple[str, ...]
    rems_types: tuple[str, ...]
    moc_credit_kinds: tuple[Coded, ...]
    boards: tuple[Board, ...]
    us_states: tuple[Coded, ...]
    countries: tuple[Coded, ...]
    # The PARS web page for each yearly step that has no web-service call.
    pars_pages: dict[str, str] = field(default_factory=dict)
    # Other wordings of the Passport fee answers → the answer (ACCME writes "No, it’s free").
    passport_fee_wordings: dict[str, str] = field(default_factory=dict)

    def passport_fee(self, text: str | None) -> str | None:
        """The fee answer ``text`` means, however it is written; None when it is none."""
        if not text:
            return None
        key = _norm(text)
        for fee in self.passport_fees:
            if key == _norm(fee):
                return fee
        return next((v for k, v in self.passport_fee_wordings.items() if _norm(k) == key), None)

    def format_for_name(self, text: str) -> ActivityFormat | None:
        """The format a code, name, alias or legacy code names, as coordinators write them."""
        key = _norm(text)
        if not key:
            return None
        for f in self.formats:
            if key in {_norm(f.code), _norm(f.name), *(_norm(a) for a in f.aliases)}:
                return f
        return self.format_for_legacy_code(text.strip())

    def format(self, code: str | None) -> ActivityFormat | None:
        return self._formats_by_code.get(code or "")

    def board(self, code: str) -> Board | None:
        return self._boards_by_code.get(code)

    @cached_property
    def _formats_by_code(self) -> dict[str, ActivityFormat]:
        return {f.code: f for f in self.formats}

    @cached_property
    def _boards_by_code(self) -> dict[str, Board]:
        return {b.code: b for b in self.boards}

    @cached_property
    def state_codes(self) -> frozenset[str]:
        return frozenset(s.code for s in self.us_states)

    @cached_property
    def country_codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.countries)

    @cached_property
    def outcome_codes(self) -> frozenset[str]:
        return frozenset(o.code for o in self.outcomes)

    @cached_property
    def tag_codes(self) -> frozenset[str]:
        return frozenset(t.code for t in self.commendation_tags)

    def format_for_legacy_code(self, legacy: str) -> ActivityFormat | None:
        for f in self.formats:
            if legacy.upper() in f.legacy_codes:
                return f
        return None

    def state_for_name(self, text: str) -> str | None:
        """Return the 2-letter code for a state given by code or by full name."""
        return self._states_by_name.get(" ".join(text.split()).casefold())

    @cached_property
    def _states_by_name(self) -> dict[str, str]:
        out = {s.name.casefold(): s.code for s in self.us_states}
        out.update({s.code.casefold(): s.code for s in self.us_states})
        return out


def _norm(text: str) -> str:
    """Names compared without case, punctuation or spacing ("Journal-based CE" = "journal based ce")."""
    folded = text.casefold().replace("’", "'")
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def _coded(rows: list[dict[str, Any]]) -> tuple[Coded, ...]:
    return tuple(Coded(r["code"], r["name"]) for r in rows)


@cache
def load_reference() -> ReferenceData:
    """Load (once) the reference data shipped with the application."""
    raw = json.loads(
        resources.files(__package__).joinpath("reference_data.json").read_text(encoding="utf-8")
    )
    return ReferenceData(
        version=raw["version"],
        formats=tuple(
            ActivityFormat(
                code=f["code"],
                name=f["name"],
                delivery_methods=tuple(f["delivery_methods"]),
                max_months=f["max_months"],
                legacy_codes=tuple(f["legacy_codes"]),
                enduring=bool(f.get("enduring", False)),
                aliases=tuple(f.get("aliases", ())),
            )
            for f in raw["formats"]
        ),
        delivery_methods=_coded(raw["delivery_methods"]),
        outcomes=_coded(raw["outcomes"]),
        commendation_tags=_coded(raw["commendation_tags"]),
        passport_fees=tuple(raw["passport_fees"]),
        registrations=tuple(raw["registrations"]),
        rems_types=tuple(raw["rems_types"]),
        moc_credit_kinds=_coded(raw["moc_credit_kinds"]),
        boards=tuple(
            Board(
                code=b["code"],
                name=b["name"],
                whole_points=b["whole_points"],
                requires_content_area=b["requires_content_area"],
                requires_internal_id=b["requires_internal_id"],
                credit_types=tuple(
                    CreditType(c["code"], c["name"], c["kind"], tuple(c.get("aliases", ())))
                    for c in b["credit_types"]
                ),
                practice_areas=tuple(b["practice_areas"]),
                learner_id_required=bool(b.get("learner_id_required", True)),
                exclusive_credit_types=tuple(
                    frozenset(group) for group in b.get("exclusive_credit_types", ())
                ),
                registrable_from=date.fromisoformat(b["registrable_from"])
                if b.get("registrable_from")
                else None,
            )
            for b in raw["boards"]
        ),
        us_states=_coded(raw["us_states"]),
        countries=_coded(raw["countries"]),
        pars_pages={k: v for k, v in raw.get("pars_pages", {}).items() if k != "note"},
        passport_fee_wordings={
            k: v for k, v in raw.get("passport_fee_wordings", {}).items() if k != "note"
        },
    )
