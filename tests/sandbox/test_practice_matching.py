"""Practice mode (issue 19, item 7): a real sign-in sheet is recognised, matching is simulated;
the test sandbox keeps its strict directory of synthetic physicians."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models.records import LearnerRecord
from desktop.sync.client import ParsClient
from desktop.sync.contract.match_document import MatchQuery, MatchStatus
from desktop.sync.settings import Endpoint, SyncSettings
from pars_sandbox.directory import PRACTICE_NOT_FOUND, PRACTICE_SEVERAL
from pars_sandbox.server import SandboxServer
from pars_sandbox.settings import Settings

FAST = SyncSettings(max_attempts=2, backoff_base=0.01, backoff_max=0.05)
# A made-up sheet whose people the synthetic directory has never heard of.
FIRST = ("Ada", "Bram", "Cleo", "Dov", "Esme", "Fitz", "Gus", "Hana", "Ivo", "Juno", "Kit")
LAST = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Reyes")


def _sheet() -> list[LearnerRecord]:
    return [
        LearnerRecord(
            first_name=f,
            last_name=last,
            birth_month=i % 12 + 1,
            birth_day=i % 28 + 1,
            license_state=("IL", "CA", "NY", "TX", "WA")[i % 5],
        )
        for i, (f, last) in enumerate((f, last) for f in FIRST for last in LAST)
    ]


@pytest.fixture
def practice(tmp_path: Path) -> Iterator[SandboxServer]:
    with SandboxServer(tmp_path / "practice.sqlite3", settings=Settings(practice=True)) as s:
        yield s


def _match(server: SandboxServer, learners: list[LearnerRecord]) -> list[MatchStatus]:
    with ParsClient(Endpoint(server.url, "sandbox", "sandbox"), FAST) as client:
        answers = client.match([MatchQuery(str(i), lr) for i, lr in enumerate(learners)])
    return [a.status for a in answers]


def test_a_real_looking_sheet_is_recognised_in_practice(practice: SandboxServer) -> None:
    sheet = _sheet()
    assert len(sheet) == 55
    assert _match(practice, sheet) == [MatchStatus.MATCHED] * 55


def test_the_test_sandbox_keeps_its_strict_directory(sandbox: SandboxServer) -> None:
    assert set(_match(sandbox, _sheet())) == {MatchStatus.NOT_FOUND}


def test_documented_examples_show_the_other_answers(practice: SandboxServer) -> None:
    base = _sheet()[0]
    not_found = LearnerRecord(**{**base.__dict__, "last_name": PRACTICE_NOT_FOUND})
    several = LearnerRecord(**{**base.__dict__, "last_name": PRACTICE_SEVERAL})
    told_apart = LearnerRecord(**{**several.__dict__, "license_number": "036-000123"})
    no_birthday = LearnerRecord(**{**base.__dict__, "birth_month": None, "birth_day": None})
    bad_npi = LearnerRecord(**{**base.__dict__, "npi": "1234567890"})
    assert _match(practice, [not_found, several, told_apart, no_birthday, bad_npi]) == [
        MatchStatus.NOT_FOUND,
        MatchStatus.MULTIPLE,
        MatchStatus.MATCHED,
        MatchStatus.NOT_FOUND,  # does not pass PARS's format rules: not "known"
        MatchStatus.NOT_FOUND,
    ]
