"""Possibly the same person: merge, split and keep apart — each taken back exactly."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from desktop.models.entities import Completion, KeptApart, Learner
from desktop.models.queries.completion_list import CompletionList
from desktop.models.services import ActivityService, LearnerService, NotAllowed
from desktop.models.services.people import PeopleService, PersonRecords
from desktop.models.store import Store
from tests.factories import closable_activity, completion, learner


def _states(store: Store) -> dict[int, tuple[int, str]]:
    with store.reading() as s:
        return {c.id: (c.learner_id, c.state) for c in s.scalars(select(Completion))}


def _people(store: Store) -> dict[int, tuple[str, str | None, str]]:
    with store.reading() as s:
        return {p.id: (p.license_state, p.consent, p.npi) for p in s.scalars(select(Learner))}


@pytest.fixture
def near_miss(store: Store) -> tuple[int, int]:
    """Avery in IL with consent; Avery (same birthday) in WI without, her record held."""
    aid, _ = ActivityService(store).create(closable_activity())
    service = LearnerService(store)
    service.enter_completions(aid, [(learner(), completion())])
    no_consent = learner(license_state="WI", npi="", consent=None, consent_date=None)
    service.enter_completions(aid, [(no_consent, completion())])
    with store.reading() as s:
        il, wi = s.scalars(select(Learner.id).order_by(Learner.id)).all()
    return il, wi


def test_a_near_miss_is_shown_as_possibly_the_same_person(
    store: Store, near_miss: tuple[int, int]
) -> None:
    il, wi = near_miss
    found = PeopleService(store).possibly_same()
    assert [(p.first_id, p.second_id, p.name, p.first_state, p.second_state) for p in found] == [
        (il, wi, "Testperson, Avery", "IL", "WI")
    ]
    assert found[0].records == 2
    assert PeopleService(store).count_possibly_same() == 1


def test_a_different_npi_is_not_possibly_the_same_person(store: Store) -> None:
    aid, _ = ActivityService(store).create(closable_activity())
    LearnerService(store).enter_completions(
        aid,
        [
            (learner(), completion()),
            (learner(license_state="WI", npi="1245319599"), completion()),
        ],
    )
    assert PeopleService(store).possibly_same() == []


def test_keeping_apart_hides_the_pair_and_is_undone(
    store: Store, near_miss: tuple[int, int]
) -> None:
    il, wi = near_miss
    people = PeopleService(store)
    people.keep_apart(wi, il)
    assert people.possibly_same() == []
    people.stop_keeping_apart(il, wi)
    assert [(p.first_id, p.second_id) for p in people.possibly_same()] == [(il, wi)]


def test_merge_moves_records_fills_consent_releases_holds_and_unmerge_restores(
    store: Store, near_miss: tuple[int, int]
) -> None:
    il, wi = near_miss
    before_states, before_people = _states(store), _people(store)
    assert sorted(state for _, state in before_states.values()) == ["draft", "queued"]
    with store.reading() as s:
        wi_row_before = s.get(Learner, wi)
        assert wi_row_before is not None
        wi_record_before = (wi_row_before.first_name, wi_row_before.created_at)
    people = PeopleService(store)
    merged, changes = people.merge(il, wi)
    assert set(_people(store)) == {il}
    assert {lid for lid, _ in _states(store).values()} == {il}
    # Avery's consent now covers the record that was held for want of it.
    assert sorted(state for _, state in _states(store).values()) == ["queued", "queued"]
    assert people.possibly_same() == []
    assert changes.completions == {cid for cid, (lid, _) in before_states.items() if lid == wi}

    people.unmerge(merged)
    assert _people(store) == before_people
    assert {cid: lid for cid, (lid, _) in _states(store).items()} == {
        cid: lid for cid, (lid, _) in before_states.items()
    }
    # Without Avery's consent again, the record is kept here again (held: it was queued).
    assert sorted(state for _, state in _states(store).values()) == ["held", "queued"]
    with store.reading() as s:
        wi_row = s.get(Learner, wi)
        assert wi_row is not None
        assert (wi_row.first_name, wi_row.created_at) == wi_record_before


def test_merging_two_npis_is_refused_and_changes_nothing(store: Store) -> None:
    aid, _ = ActivityService(store).create(closable_activity())
    LearnerService(store).enter_completions(
        aid,
        [
            (learner(), completion()),
            (learner(license_state="WI", npi="1245319599"), completion()),
        ],
    )
    before = _states(store)
    ids = sorted(_people(store))
    with pytest.raises(NotAllowed, match="NPIs or board IDs differ"):
        PeopleService(store).merge(*ids)
    assert _states(store) == before and sorted(_people(store)) == ids


def test_split_gives_records_to_a_new_person_and_unsplit_takes_them_back(
    store: Store,
) -> None:
    service = ActivityService(store)
    a, _ = service.create(closable_activity(provider_activity_id="GR-A"))
    b, _ = service.create(closable_activity(provider_activity_id="GR-B"))
    learners = LearnerService(store)
    (first,), _ = learners.enter_completions(a, [(learner(), completion())])
    (second,), _ = learners.enter_completions(b, [(learner(), completion())])
    (person,) = _people(store)
    people = PeopleService(store)
    new_id, _ = people.split(person, [second])
    assert {cid: lid for cid, (lid, _) in _states(store).items()} == {
        first: person,
        second: new_id,
    }
    with pytest.raises(NotAllowed):
        people.split(person, [first])  # their last record stays
    people.unsplit(person, new_id)
    assert set(_people(store)) == {person}
    assert {lid for lid, _ in _states(store).values()} == {person}


@pytest.fixture
def three_records(store: Store) -> tuple[int, list[int]]:
    """Avery with records of three activities (one person in the directory)."""
    service = ActivityService(store)
    learners = LearnerService(store)
    ids = []
    for pai in ("GR-A", "GR-B", "GR-C"):
        aid, _ = service.create(closable_activity(provider_activity_id=pai, title=f"Rounds {pai}"))
        (cid,), _ = learners.enter_completions(aid, [(learner(), completion())])
        ids.append(cid)
    (person,) = _people(store)
    return person, ids


def test_a_split_plan_names_what_moves_and_what_stays(
    store: Store, three_records: tuple[int, list[int]]
) -> None:
    person, (_, b, c) = three_records
    plan = PeopleService(store).split_plan([c, b])
    assert (plan.person_id, plan.name, plan.staying) == (person, "Testperson, Avery", 1)
    assert [(m.completion_id, m.provider_activity_id, m.activity_title) for m in plan.moving] == [
        (b, "GR-B", "Rounds GR-B"),
        (c, "GR-C", "Rounds GR-C"),
    ]


def test_the_split_off_person_is_matched_again_and_kept_apart_after_a_correction(
    store: Store, three_records: tuple[int, list[int]]
) -> None:
    person, (*_, c) = three_records
    with store.transaction() as s:
        row = s.get(Learner, person)
        assert row is not None
        row.match_status = "matched"
    people = PeopleService(store)
    new_id, _ = people.split(person, [c])
    with store.reading() as s:
        status = {i: m for i, m in s.execute(select(Learner.id, Learner.match_status))}
    assert status == {person: "matched", new_id: "not_checked"}
    # The copy corrected to another state: one name and birthday in two states, which would be
    # "possibly the same person" had the coordinator not just said they are two.
    LearnerService(store).update_learner(new_id, license_state="WI", npi="", board_ids={})
    assert people.possibly_same() == []
    people.unsplit(person, new_id)
    with store.reading() as s:
        assert s.scalars(select(KeptApart)).all() == []  # gone with the split-off person
    assert {lid for lid, _ in _states(store).values()} == {person}


def test_the_list_by_name_keeps_each_persons_records_together_after_a_split(
    store: Store, three_records: tuple[int, list[int]]
) -> None:
    person, (a, b, c) = three_records
    new_id, _ = PeopleService(store).split(person, [b])
    rows = CompletionList(store).page("testperson")
    # Not in the order entered (Avery, the other Avery, Avery): person by person.
    assert [(r.learner_id, r.completion_id) for r in rows] == [
        (person, a),
        (person, c),
        (new_id, b),
    ]


@pytest.mark.parametrize(
    ("chosen", "code", "words"),
    [
        ([], "split_none", "Choose the records that are not this person's"),
        ([0, 1, 2], "split_all", "These are all of Testperson, Avery's records (3)"),
        ([0, 9], "split_two_people", "These records belong to 2 different people"),
        ([1], "split_pars_has", "PARS already has 1 of these records as Testperson, Avery's"),
    ],
)
def test_a_split_that_cannot_apply_is_refused_and_changes_nothing(
    store: Store,
    three_records: tuple[int, list[int]],
    chosen: list[int],
    code: str,
    words: str,
) -> None:
    person, ids = three_records
    aid, _ = ActivityService(store).create(closable_activity(provider_activity_id="GR-W"))
    (other,), _ = LearnerService(store).enter_completions(
        aid, [(learner(first_name="Blake", npi="", board_ids={}), completion())]
    )
    with store.transaction() as s:  # as a sync leaves a record PARS took
        taken = s.get(Completion, ids[1])
        assert taken is not None
        taken.state = "accepted"
    ids.append(other)
    wanted = [ids[i] if i < 9 else other for i in chosen]
    before, people_before = _states(store), _people(store)
    service = PeopleService(store)
    with pytest.raises(NotAllowed, match=re.escape(words)) as refused:
        service.split_plan(wanted)
    assert refused.value.code == code
    with pytest.raises(NotAllowed) as again:
        service.split(person, wanted)
    assert again.value.code == code
    assert _states(store) == before and _people(store) == people_before


def test_two_people_chosen_by_their_records_are_planned_for_a_merge(
    store: Store, three_records: tuple[int, list[int]]
) -> None:
    person, (a, b, c) = three_records
    people = PeopleService(store)
    new_id, _ = people.split(person, [b, c])
    LearnerService(store).update_learner(new_id, license_state="WI")
    plan = people.merge_plan([c, a])
    assert (plan.into, plan.other) == (
        PersonRecords(person, "Testperson, Avery", "IL", 1),
        PersonRecords(new_id, "Testperson, Avery", "WI", 2),
    )


@pytest.mark.parametrize(
    ("chosen", "words"),
    [
        ([], "Choose records of the two people who are one"),
        ([0, 1], "These records are all one person's."),
        ([0, 2, 3], "These records belong to 3 people. Merge two at a time"),
        ([0, 3], "Their NPIs or board IDs differ: they are two people"),
    ],
)
def test_a_merge_of_other_than_two_compatible_people_is_refused(
    store: Store, three_records: tuple[int, list[int]], chosen: list[int], words: str
) -> None:
    person, ids = three_records
    people = PeopleService(store)
    people.split(person, [ids[2]])  # a second Avery, same NPI
    aid, _ = ActivityService(store).create(closable_activity(provider_activity_id="GR-W"))
    (blake,), _ = LearnerService(store).enter_completions(
        aid,
        [(learner(npi="1245319599"), completion())],  # a third, with another NPI
    )
    ids.append(blake)
    with pytest.raises(NotAllowed, match=re.escape(words)):
        people.merge_plan([ids[i] for i in chosen])


def test_names_from_the_directory_complete_a_typed_prefix(store: Store) -> None:
    aid, _ = ActivityService(store).create(closable_activity())
    LearnerService(store).enter_completions(
        aid,
        [
            (learner(last_name="Testperson"), completion()),
            (learner(last_name="Tester", first_name="Blake"), completion()),
            (learner(last_name="Other"), completion()),
        ],
    )
    got = [p.label for p in PeopleService(store).names_starting("tes")]
    assert got == ["Tester, Blake (02/29, IL)", "Testperson, Avery (02/29, IL)"]
