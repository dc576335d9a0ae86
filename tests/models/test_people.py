"""The learner directory: one learner row per person, found again by identity."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from desktop.models import people as people_module
from desktop.models.entities import Completion, Learner
from desktop.models.people import Directory, board_ids_json
from desktop.models.records import Consent
from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.bulk import NewCompletion, add_completions
from desktop.models.store import Store
from tests.factories import closable_activity, completion, learner


def _two_activities(store: Store) -> tuple[int, int]:
    service = ActivityService(store)
    a, _ = service.create(closable_activity(provider_activity_id="GR-A"))
    b, _ = service.create(closable_activity(provider_activity_id="GR-B"))
    return a, b


def _count(store: Store, model: type[Learner] | type[Completion]) -> int:
    with store.reading() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


# The directory reads stored people by name, or in one pass when few are stored for the
# names asked for: both ways must find the same people.
BOTH_WAYS = pytest.mark.parametrize("scan", [0, 10**9], ids=["looked-up", "scanned"])


@BOTH_WAYS
def test_the_same_people_imported_for_a_second_activity_are_not_added_again(
    store: Store, monkeypatch: pytest.MonkeyPatch, scan: int
) -> None:
    monkeypatch.setattr(people_module, "SCAN", scan)
    a, b = _two_activities(store)
    people = [learner(last_name=f"Person{i:03d}", npi="") for i in range(40)]
    add_completions(store, [NewCompletion(p, a, completion()) for p in people])
    # The second file spells names with other case and spacing: still the same people.
    again = [replace(p, last_name=f" person{i:03d} ") for i, p in enumerate(people)]
    changes = add_completions(store, [NewCompletion(p, b, completion()) for p in again])
    assert (_count(store, Learner), _count(store, Completion)) == (40, 80)
    assert changes.learners == frozenset()  # nothing new to say about anyone
    with store.reading() as s:
        per_person = set(
            s.execute(
                select(Completion.learner_id, func.count()).group_by(Completion.learner_id)
            ).all()
        )
    assert {n for _, n in per_person} == {2}


def test_one_file_naming_a_person_twice_adds_them_once(store: Store) -> None:
    a, b = _two_activities(store)
    add_completions(
        store,
        [NewCompletion(learner(), a, completion()), NewCompletion(learner(), b, completion())],
    )
    assert (_count(store, Learner), _count(store, Completion)) == (1, 2)


@BOTH_WAYS
def test_a_different_npi_or_board_id_is_a_different_person(
    store: Store, monkeypatch: pytest.MonkeyPatch, scan: int
) -> None:
    monkeypatch.setattr(people_module, "SCAN", scan)
    a, b = _two_activities(store)
    add_completions(store, [NewCompletion(learner(), a, completion())])
    add_completions(
        store,
        [
            NewCompletion(learner(npi="1245319599"), b, completion()),
            NewCompletion(learner(npi="", board_ids={"ABIM": "900999"}), b, completion()),
            NewCompletion(learner(npi="", board_ids={}), b, completion()),  # nothing contradicts
        ],
    )
    with store.reading() as s:
        npis = sorted(s.scalars(select(Learner.npi)))
    assert npis == ["", "1234567893", "1245319599"]
    assert _count(store, Learner) == 3


def test_a_later_file_fills_in_what_the_person_lacked_and_never_overwrites(
    store: Store,
) -> None:
    a, b = _two_activities(store)
    bare = learner(npi="", board_ids={}, consent=None, consent_date=None, consent_source="")
    add_completions(store, [NewCompletion(bare, a, completion(credits=completion().credits[:1]))])
    fuller = learner(license_number="036-999999")  # a different license number is not taken
    add_completions(store, [NewCompletion(fuller, b, completion())])
    with store.reading() as s:
        (person,) = s.scalars(select(Learner)).all()
        assert person.npi == "1234567893"
        assert person.board_ids == {"ABIM": "900001"}
        assert person.consent == "given"
        assert person.license_number == "036-000001"
        assert person.match_status == "not_checked"


def test_the_grid_path_reuses_a_person_of_the_directory(store: Store) -> None:
    a, b = _two_activities(store)
    service = LearnerService(store)
    service.enter_completions(a, [(learner(), completion())])
    service.enter_completions(
        b,
        [(learner(first_name="AVERY"), completion()), (learner(first_name="Blake"), completion())],
    )
    assert (_count(store, Learner), _count(store, Completion)) == (2, 3)


def test_a_refused_consent_is_not_replaced_by_a_later_file(store: Store) -> None:
    a, b = _two_activities(store)
    refused = learner(consent=Consent.REFUSED, consent_date=None)
    add_completions(store, [NewCompletion(refused, a, completion())])
    add_completions(store, [NewCompletion(learner(), b, completion())])
    with store.reading() as s:
        assert s.scalars(select(Learner.consent)).all() == ["refused"]


def test_the_directory_keys_a_load_at_once_as_it_keys_each_record() -> None:
    records = [
        learner(first_name="  Ann  Marie ", last_name="ÖZ  de la"),
        learner(first_name="Straße", last_name="X", birth_month=None, birth_day=None),
        learner(first_name="Lee", last_name="Kim", license_state="NY"),
    ]
    assert Directory.keys(records) == [Directory.key(r) for r in records]
    assert Directory.keys(records)[0][0] == "öz de la ann marie"


@pytest.mark.parametrize(
    "boards",
    [{}, {"ABIM": "123456"}, {"ABIM": "12", "ABP": 'a"b\\c é\n'}, {"ABIM": 123456}],
)
def test_board_ids_are_written_as_json_dumps_writes_them(boards: dict[str, str]) -> None:
    assert board_ids_json(boards) == json.dumps(boards)
