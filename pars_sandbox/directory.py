"""The sandbox's directory of synthetic physicians, and PARS-like learner matching.

Everyone here is made up from a fixed seed. About 2% of entries are near-duplicates: same name,
birthday and state of licensure as another entry, told apart only by licence number or NPI.
"""

from __future__ import annotations

import random
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from pars_sandbox.learner_rules import Identity, npi_ok

MATCHED, NOT_FOUND, MULTIPLE = "matched", "not_found", "multiple"

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


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _check_digit(body: str) -> str:
    return next(d for d in "0123456789" if npi_ok(body + d))


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
                body + _check_digit(body),
                boards,
            )
        )
    return tuple(people)


# Practice mode (SPEC §4, issue 19 item 7): anyone whose identity passes PARS's format rules
# is "known", except these example surnames, which show what the other answers look like.
PRACTICE_NOT_FOUND = "Notfound"
PRACTICE_SEVERAL = "Several"


class Directory:
    """Looks learners up the way PARS does: identity first, licence/NPI to disambiguate.

    ``practice``: matching is simulated (module docstring above ``PRACTICE_NOT_FOUND``); the
    test sandbox keeps the strict directory of synthetic physicians.
    """

    def __init__(self, seed: int, size: int, practice: bool = False) -> None:
        self.practice = practice
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
        found = self._by_npi.get(npi)
        if found is None and self.practice:
            # A simulated physician certified by every board: practice boards accept.
            return Physician("", "", 1, 1, "", "", npi, BOARDS)
        return found

    def find(self, who: Identity) -> tuple[str, list[Physician]]:
        if self.practice:
            return self._simulated(who)
        if who.npi:
            p = self._by_npi.get(who.npi)
            if p is None or _norm(p.last_name) != _norm(who.last_name):
                return NOT_FOUND, []
            return MATCHED, [p]
        if who.birth_month is None or who.birth_day is None:
            return NOT_FOUND, []
        key = (
            _norm(who.first_name),
            _norm(who.last_name),
            who.birth_month,
            who.birth_day,
            who.license_state,
        )
        found = self._by_identity.get(key, [])
        if who.license_number:
            found = [p for p in found if _norm(p.license_number) == _norm(who.license_number)]
        if not found:
            return NOT_FOUND, []
        if len(found) > 1:
            return MULTIPLE, found
        return MATCHED, found

    def _simulated(self, who: Identity) -> tuple[str, list[Physician]]:
        surname = _norm(who.last_name)
        if surname == _norm(PRACTICE_NOT_FOUND):
            return NOT_FOUND, []
        well_formed = (
            bool(who.first_name and who.last_name)
            and who.birth_month is not None
            and (npi_ok(who.npi) or (len(who.license_state) == 2 and not who.npi))
        )
        if not well_formed:
            return NOT_FOUND, []
        npi = who.npi or _practice_npi(who)
        me = Physician(
            who.first_name,
            who.last_name,
            who.birth_month or 1,
            who.birth_day or 1,
            who.license_state,
            who.license_number,
            npi,
            BOARDS,
        )
        if surname == _norm(PRACTICE_SEVERAL) and not (who.npi or who.license_number):
            return MULTIPLE, [me, me]
        return MATCHED, [me]

    def answer(self, ref: str, who: Identity) -> tuple[str, str, list[list[dict[str, str]]]]:
        status, found = self.find(who)
        # Candidates reveal only which identifiers would tell them apart, never other people's data.
        candidates = (
            [
                [{"value": p.npi, "domain": "NPI"}, {"value": "", "domain": p.license_state}]
                for p in found
            ]
            if status == MATCHED
            else []
        )
        return ref, status, candidates


def _practice_npi(who: Identity) -> str:
    """A stable made-up NPI for a practice learner (so board decisions have someone to ask)."""
    name = f"{who.first_name}|{who.last_name}|{who.birth_month}|{who.birth_day}"
    seed = zlib.crc32(name.encode("utf-8")) % 10**8
    body = f"1{seed:08d}"
    return body + _check_digit(body)
