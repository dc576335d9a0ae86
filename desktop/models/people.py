"""The learner directory: one learner row per person, found again by identity.

A coordinator reports the same physicians all year; a completion points to the person, so a
second file for another activity adds completions, not people. Identity is the import's own
key (names case-folded and single-spaced, birth month and day, state of licensure), refined
by NPI and board IDs: two records with the key but different NPIs (or different IDs with one
board) are two people.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii as _text
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.models.entities import Completion, KeptApart, Learner
from desktop.models.mapping import search_key
from desktop.models.records import LearnerRecord

CHUNK = 900  # SQLite's bound-parameter limit, with room to spare
# A load reads the whole learner table in one pass instead of looking names up when the
# table holds at most this many rows per name asked for (measured, 100,000 names against
# 100,000 stored: one pass 0.6–0.85 s, lookups by name 0.75–0.96 s).
SCAN = 2


def _fold(value: str) -> str:
    return " ".join(value.split()).casefold()


def compatible(
    npi_a: str, boards_a: Mapping[str, str], npi_b: str, boards_b: Mapping[str, str]
) -> bool:
    """Whether two records with one key may be one person: no identifier contradicts."""
    if npi_a and npi_b and npi_a != npi_b:
        return False
    return all(boards_b.get(board, value) == value for board, value in boards_a.items() if value)


def board_ids_json(boards: Mapping[str, str]) -> str:
    """Board IDs in their stored form, ``json.dumps(boards)``, at a third of its cost for
    text to text (a load writes one per learner with an ID, and compares as many)."""
    try:
        return "{" + ", ".join([f"{_text(k)}: {_text(v)}" for k, v in boards.items()]) + "}"
    except TypeError:  # not text (json.dumps writes a number as a number)
        return json.dumps(boards)


@dataclass(slots=True)
class Known:
    """A person of the directory as far as finding and filling in needs (slotted: a load
    may hold every stored person, 100,000 of them)."""

    id: int
    first_name: str
    last_name: str
    npi: str
    boards_json: str  # parsed only when both sides have board IDs to compare
    license_number: str
    consent: str | None

    @property
    def board_ids(self) -> dict[str, str]:
        parsed: dict[str, str] = json.loads(self.boards_json or "{}")
        return parsed

    @board_ids.setter
    def board_ids(self, value: dict[str, str]) -> None:
        self.boards_json = json.dumps(value)

    def same_names(self, r: LearnerRecord) -> bool:
        # The lookup key joins last and first name; the import's key keeps them apart.
        if self.first_name == r.first_name and self.last_name == r.last_name:
            return True
        return (_fold(self.first_name), _fold(self.last_name)) == (
            _fold(r.first_name),
            _fold(r.last_name),
        )

    def compatible_with(self, r: LearnerRecord) -> bool:
        if self.npi and r.npi and self.npi != r.npi:
            return False
        if not r.board_ids or self.boards_json in ("", "{}", board_ids_json(r.board_ids)):
            return True  # nothing to compare, or the very IDs the person has
        return compatible(self.npi, self.board_ids, r.npi, r.board_ids)


# The stored search_key (names folded, last first), birth month, birth day, state.
LookUp = tuple[str, int | None, int | None, str]


class Directory:
    """The store's people with the given names, loaded in few queries, for one write.

    People are looked up by the stored ``search_key`` (names folded, last first) with birth
    month, day and state — no Python work per stored row beyond building its entry — and the
    names are then compared as the import's key does (first and last apart).
    """

    def __init__(self) -> None:
        # One Known per key, a list only when people share it (a list per person was 7 MB of
        # a 100,000-person directory, held at an import's peak).
        self._by_key: dict[LookUp, Known | list[Known]] = {}
        # People added during this write, kept as given until a later row names them again
        # (most never are: building their entries up front cost as much as finding them).
        # One (id, record) per key, a list only when a second person shares it (rare: a
        # list per row was a third of a 100,000-row load's time here).
        self._added: dict[LookUp, tuple[int, LearnerRecord] | list[tuple[int, LearnerRecord]]] = {}

    def __contains__(self, key: LookUp) -> bool:
        """Whether anyone, stored or added, has ``key``: if not, a row with it is someone new."""
        return key in self._by_key or key in self._added

    @staticmethod
    def key(r: LearnerRecord) -> LookUp:
        return (search_key(r.last_name, r.first_name), r.birth_month, r.birth_day, r.license_state)

    @staticmethod
    def keys(records: Iterable[LearnerRecord]) -> list[LookUp]:
        """``[Directory.key(r) for r in records]`` in one comprehension, without a call per
        record: a load asks for 100,000 (C-level maps over the columns measured slower)."""
        return [
            (
                " ".join(f"{r.last_name} {r.first_name}".split()).casefold(),  # search_key's
                r.birth_month,
                r.birth_day,
                r.license_state,
            )
            for r in records
        ]

    def empty(self) -> bool:
        """Whether no stored person was loaded (nor anyone added yet)."""
        return not self._by_key and not self._added

    @classmethod
    def load(cls, s: Session, keys: Iterable[LookUp]) -> Directory:
        """The people with the names of ``keys`` (from ``Directory.key``)."""
        directory = cls()
        names = {k[0] for k in keys}
        if not names:
            return directory
        entries = directory._by_key
        cursor = _cursor(s)
        columns = (
            "SELECT id, first_name, last_name, birth_month, birth_day, license_state, npi,"
            " board_ids, license_number, consent, search_key FROM learner"
        )
        # max(id) - min(id) bounds the row count without counting every row.
        low, high = cursor.execute("SELECT min(id), max(id) FROM learner").fetchone()
        if low is None:
            return directory  # nobody stored: every name is someone new
        if high - low + 1 <= SCAN * len(names):
            # Few people stored for this many names (a first import into a young store):
            # one pass over them costs less than looking each name up.
            found: Iterable[tuple[Any, ...]] = (
                row for row in cursor.execute(f"{columns} ORDER BY id") if row[10] in names
            )
        else:
            found = cls._named(cursor, columns, sorted(names))
        for lid, first, last, month, day, state, npi, boards, number, consent, sk in found:
            known = Known(lid, first, last, npi or "", boards, number or "", consent)
            entry = entries.get((sk, month, day, state))
            if entry is None:
                entries[(sk, month, day, state)] = known
            elif isinstance(entry, list):
                entry.append(known)
            else:
                entries[(sk, month, day, state)] = [entry, known]
        return directory

    @staticmethod
    def _named(cursor: Any, columns: str, names: list[str]) -> Iterator[tuple[Any, ...]]:
        """The stored people with one of ``names``, in id order within each chunk of names."""
        for i in range(0, len(names), CHUNK):
            chunk = names[i : i + CHUNK]
            marks = ",".join("?" * len(chunk))
            yield from cursor.execute(f"{columns} WHERE search_key IN ({marks}) ORDER BY id", chunk)

    def find(self, r: LearnerRecord, key: LookUp | None = None) -> Known | None:
        """The person ``r`` is, if the directory has them: an equal NPI first, then the oldest
        whose identifiers do not contradict ``r``'s."""
        key = key or self.key(r)
        added = self._added.pop(key, None)
        if added is not None:
            pairs = added if isinstance(added, list) else [added]
            stored = self._by_key.get(key)
            self._by_key[key] = [
                *(() if stored is None else stored if isinstance(stored, list) else (stored,)),
                *(_known(lid, a) for lid, a in pairs),
            ]
        candidates = self._by_key.get(key)
        if candidates is None:
            return None
        if not isinstance(candidates, list):  # the usual: one person with the key
            known = candidates
            if not known.same_names(r):
                return None
            return known if (r.npi and known.npi == r.npi) or known.compatible_with(r) else None
        same = [known for known in candidates if known.same_names(r)]
        if r.npi:
            for known in same:
                if known.npi == r.npi:
                    return known
        for known in same:
            if known.compatible_with(r):
                return known
        return None

    def add(self, lid: int, r: LearnerRecord, key: LookUp | None = None) -> None:
        key = key or self.key(r)
        before = self._added.get(key)
        if before is None:
            self._added[key] = (lid, r)
        elif isinstance(before, list):
            before.append((lid, r))
        else:
            self._added[key] = [before, (lid, r)]


def _known(lid: int, r: LearnerRecord) -> Known:
    consent = r.consent.value if r.consent else None
    boards = json.dumps(r.board_ids) if r.board_ids else "{}"
    return Known(lid, r.first_name, r.last_name, r.npi, boards, r.license_number, consent)


def fill_in(known: Known, r: LearnerRecord) -> dict[str, Any] | None:
    """What ``r`` adds to a person found for it: identifiers and consent they lacked.

    Never overwrites: a value the person has wins (a fix is the user's, in the grid). Returns
    None when there is nothing to add; ``known`` is updated so later rows see the result.
    """
    change: dict[str, Any] = {}
    if r.npi and not known.npi:
        change["npi"] = known.npi = r.npi
    if r.license_number and not known.license_number:
        change["license_number"] = known.license_number = r.license_number
    if r.board_ids and board_ids_json(r.board_ids) != known.boards_json:  # else nothing new
        have = known.board_ids
        new_boards = {b: v for b, v in r.board_ids.items() if v and b not in have}
        if new_boards:
            known.board_ids = {**have, **new_boards}
            change["board_ids"] = {**have, **new_boards}
    if r.consent is not None and known.consent is None:
        known.consent = r.consent.value
        change.update(
            consent=r.consent.value, consent_date=r.consent_date, consent_source=r.consent_source
        )
    return change or None


@dataclass(frozen=True)
class PossiblySame:
    """Two people with one name and birthday but another state of licensure."""

    first_id: int
    second_id: int
    name: str  # "Last, First"
    first_state: str
    second_state: str
    records: int  # completions of both


def possibly_same_count(s: Session) -> int:
    a, b = aliased(Learner), aliased(Learner)
    pairs = _pairs(select(a.id), a, b).subquery()
    return s.scalar(select(func.count()).select_from(pairs)) or 0


def possibly_same(s: Session, limit: int | None) -> list[PossiblySame]:
    """Pairs of people with one name and birthday in two states, not yet kept apart."""
    a, b = aliased(Learner), aliased(Learner)
    records = (
        select(func.count())
        .select_from(Completion)
        .where(Completion.learner_id.in_((a.id, b.id)))
        .correlate(a, b)
        .scalar_subquery()
    )
    query = _pairs(
        select(a.id, b.id, a.last_name, a.first_name, a.license_state, b.license_state, records),
        a,
        b,
    ).order_by(a.search_key, a.id, b.id)
    if limit is not None:
        query = query.limit(limit)
    return [
        PossiblySame(r[0], r[1], f"{r[2]}, {r[3]}".strip(", "), r[4], r[5], r[6])
        for r in s.execute(query)
    ]


def _pairs(query: Select[Any], a: Any, b: Any) -> Select[Any]:
    return query.join(
        b,
        and_(
            # Each person probes ix_learner_search once for others with the same names.
            b.search_key == a.search_key,
            b.id > a.id,
            b.birth_month == a.birth_month,
            b.birth_day == a.birth_day,
            b.license_state != a.license_state,
        ),
    ).where(
        a.birth_month.is_not(None),
        # Different NPIs say two people, whatever the names.
        or_(a.npi == "", b.npi == "", a.npi == b.npi),
        ~select(KeptApart.id)
        .where(KeptApart.first_id == a.id, KeptApart.second_id == b.id)
        .exists(),
    )


def _cursor(s: Session) -> Any:
    return s.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def identity_changed(change: Mapping[str, Any]) -> bool:
    """Whether a fill-in touches what PARS matches a person by (so matching runs again)."""
    return bool({"npi", "license_number", "board_ids"} & change.keys())


__all__ = [
    "Directory",
    "Known",
    "LookUp",
    "PossiblySame",
    "compatible",
    "fill_in",
    "identity_changed",
    "possibly_same",
    "possibly_same_count",
]
