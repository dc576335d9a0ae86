"""The sandbox's directory of synthetic physicians, and PARS-like learner matching.

Everyone here is made up from a fixed seed. About 2% of entries are near-duplicates: same name,
birthday and state of licensure as another entry, told apart only by licence number or NPI.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from desktop.models.records import LearnerRecord
from desktop.models.rules.checks import npi_check_digit
from desktop.sync.contract.match_document import Candidate, MatchAnswer, MatchStatus

FIRST = [
    "Avery",
    "Blake",
    "Casey",
    "Dana",
    "Emerson",
    "Finley",
    "Gray",
    "Harper",
    "Indigo",
    "Jules",
    "Kai",
    "Logan",
    "Morgan",
    "Noel",
    "Oakley",
    "Parker",
    "Quinn",
    "Reese",
    "Sage",
    "Taylor",
    "Umber",
    "Vale",
    "Winter",
    "Xen",
    "Yael",
    "Zion",
    "Ari",
    "Bellamy",
    "Corin",
    "Dell",
    "Ellis",
    "Fenn",
    "Gale",
    "Hollis",
    "Ira",
    "Jory",
    "Kendall",
    "Lane",
    "Marlo",
    "Nico",
    "Onyx",
    "Perry",
    "Remy",
    "Shay",
    "Tatum",
    "Val",
    "Wren",
]
LAST = [
    "Abernath",
    "Brightwater",
    "Calloway",
    "Dunmore",
    "Everhart",
    "Fairweather",
    "Galloway",
    "Hawthorne",
    "Ironwood",
    "Jessup",
    "Kestrel",
    "Larkspur",
    "Merriweather",
    "Northcott",
    "Oakenshaw",
    "Pemberton",
    "Quillfeather",
    "Ravensdale",
    "Stonebridge",
    "Thistlewood",
    "Underhill",
    "Vantassel",
    "Whitlock",
    "Yarborough",
    "Zeller",
    "Ashdown",
    "Birchall",
    "Coldwell",
    "Drummond",
    "Eastwick",
    "Fenwick",
    "Grisham",
    "Holloway",
    "Ingleby",
    "Jarrow",
    "Kimbrell",
    "Lockridge",
    "Marchbank",
    "Netherby",
    "Orwell",
    "Penhallow",
    "Quenby",
    "Rowntree",
    "Sandridge",
    "Tolliver",
    "Upshaw",
    "Verity",
    "Wexley",
]
STATES = ("IL", "CA", "NY", "TX", "FL", "PA", "OH", "MI", "GA", "NC", "WA", "MA", "AZ", "CO", "PR")
BOARDS = ("ABIM", "ABP", "ABS", "ABA", "ABPath", "ABOHNS", "ABOS", "ABTS", "ABPMR")


@dataclass(frozen=True)
class Physician:
    first_name: str
    last_name: str
    birth_month: int
    birth_day: int
    license_state: str
    license_number: str
    npi: str
    boards: tuple[str, ...]

    def as_learner(self, **overrides: object) -> LearnerRecord:
        """A learner record that PARS would match to this physician (for tests and demos)."""
        values: dict[str, object] = dict(
            first_name=self.first_name,
            last_name=self.last_name,
            birth_month=self.birth_month,
            birth_day=self.birth_day,
            license_state=self.license_state,
            # Boards match MOC credit by the diplomate's ID: every made-up physician has one
            # per board (the board itself says whether they are its diplomate).
            board_ids={b: f"{b[:2]}{self.npi[-6:]}" for b in BOARDS},
            consent_date=CONSENT_ON_FILE,
            consent_source="registration form",
        )
        values.update(overrides)
        return LearnerRecord(**values)  # type: ignore[arg-type]


# Demo learners have agreed to share their completions with their boards.
CONSENT_ON_FILE = date(2026, 1, 5)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@cache
def generate(seed: int, size: int) -> tuple[Physician, ...]:
    rng = random.Random(seed)
    people: list[Physician] = []
    for i in range(size):
        if i > 10 and rng.random() < 0.02:
            twin = people[rng.randrange(len(people))]
            first, last, month, day, state = (
                twin.first_name,
                twin.last_name,
                twin.birth_month,
                twin.birth_day,
                twin.license_state,
            )
        else:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            month = rng.randint(1, 12)
            day = rng.randint(1, 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
            state = rng.choice(STATES)
        body = f"{1000000 + i * 7:09d}"[-9:]
        boards = tuple(b for b in BOARDS if rng.random() < 0.3) or ("ABIM",)
        people.append(
            Physician(
                first,
                last,
                month,
                day,
                state,
                f"{state}-{100000 + i}",
                body + npi_check_digit(body),
                boards,
            )
        )
    return tuple(people)


class Directory:
    """Looks learners up the way PARS does: identity first, licence/NPI to disambiguate."""

    def __init__(self, seed: int, size: int) -> None:
        self.people = generate(seed, size)
        self._by_identity: dict[tuple[str, str, int, int, str], list[Physician]] = defaultdict(list)
        self._by_npi: dict[str, Physician] = {}
        for p in self.people:
            self._by_identity[
                (
                    _norm(p.first_name),
                    _norm(p.last_name),
                    p.birth_month,
                    p.birth_day,
                    p.license_state,
                )
            ].append(p)
            self._by_npi[p.npi] = p

    def physician(self, npi: str) -> Physician | None:
        return self._by_npi.get(npi)

    def find(self, lr: LearnerRecord) -> tuple[MatchStatus, list[Physician]]:
        if lr.npi:
            p = self._by_npi.get(lr.npi)
            if p is None or _norm(p.last_name) != _norm(lr.last_name):
                return MatchStatus.NOT_FOUND, []
            return MatchStatus.MATCHED, [p]
        if lr.birth_month is None or lr.birth_day is None:
            return MatchStatus.NOT_FOUND, []
        key = (
            _norm(lr.first_name),
            _norm(lr.last_name),
            lr.birth_month,
            lr.birth_day,
            lr.license_state,
        )
        found = self._by_identity.get(key, [])
        if lr.license_number:
            found = [p for p in found if _norm(p.license_number) == _norm(lr.license_number)]
        if not found:
            return MatchStatus.NOT_FOUND, []
        if len(found) > 1:
            return MatchStatus.MULTIPLE, found
        return MatchStatus.MATCHED, found

    def answer(self, ref: str, lr: LearnerRecord) -> MatchAnswer:
        status, found = self.find(lr)
        # Candidates reveal only which identifiers would tell them apart, never other people's data.
        candidates = (
            tuple(Candidate(npi=p.npi, license_state=p.license_state) for p in found)
            if status is MatchStatus.MATCHED
            else ()
        )
        return MatchAnswer(ref, status, candidates)
