"""The learner directory's own actions: people who are possibly the same, merging them,
splitting a person's records off to a new person, keeping two apart — each undoable by ids.

A merge is taken back by ``unmerge`` with what ``merge`` returned; a split by merging the new
person back (``unsplit``); keeping apart by ``stop_keeping_apart``. Every action is one
transaction with its audit entries, and the records it moves are judged again at once (a
person's consent or identifiers decide whether their records are held).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from desktop.models.changes import Changes
from desktop.models.entities import Activity, Completion, KeptApart, Learner
from desktop.models.entities.base import table_of, utcnow
from desktop.models.mapping import learner_record, search_key
from desktop.models.people import PossiblySame, compatible, possibly_same, possibly_same_count
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.models.services.journal import audit
from desktop.models.services.learners import _recheck_learner, pars_holds
from desktop.models.store import Store

_FILLED = ("npi", "license_number", "board_ids", "consent", "consent_date", "consent_source")
_MATCH = ("match_status", "match_checked_at", "match_detail")


@dataclass(frozen=True)
class Merged:
    """What a merge changed, everything ``unmerge`` needs to take it back."""

    into_id: int
    other_id: int
    other_row: dict[str, Any]  # the merged-away person's row as it was
    into_before: dict[str, Any]  # the kept person's filled-in columns as they were
    moved: tuple[int, ...]  # completions that were the other person's
    kept_apart: tuple[tuple[int, int], ...]  # the other's kept-apart pairs (gone with it)


@dataclass(frozen=True)
class PersonName:
    """A directory entry for completing a typed name."""

    id: int
    first_name: str
    last_name: str
    birth_month: int | None
    birth_day: int | None
    license_state: str

    @property
    def label(self) -> str:
        born = (
            f"{self.birth_month:02d}/{self.birth_day:02d}"
            if self.birth_month and self.birth_day
            else "—"
        )
        return f"{self.last_name}, {self.first_name} ({born}, {self.license_state or '—'})"


@dataclass(frozen=True)
class MovingRecord:
    """A record a split would give to the new person, as the confirmation names it."""

    completion_id: int
    provider_activity_id: str
    activity_title: str
    completion_date: date | None


@dataclass(frozen=True)
class SplitPlan:
    """What a split would do: whose records move, which, and how many stay."""

    person_id: int
    name: str  # "Last, First"
    moving: tuple[MovingRecord, ...]
    staying: int


@dataclass(frozen=True)
class PersonRecords:
    """A person as a merge names them: who, where licensed, and how many records."""

    id: int
    name: str  # "Last, First"
    license_state: str
    records: int


@dataclass(frozen=True)
class MergePlan:
    """Two people the user says are one: ``other`` becomes ``into`` (the older)."""

    into: PersonRecords
    other: PersonRecords


class PeopleService:
    def __init__(self, store: Store, today: Any = date.today) -> None:
        self._store = store
        self._today = today

    # --- reading ---------------------------------------------------------------------------

    def possibly_same(self, limit: int = 500) -> list[PossiblySame]:
        with self._store.reading() as s:
            return possibly_same(s, limit)

    def count_possibly_same(self) -> int:
        with self._store.reading() as s:
            return possibly_same_count(s)

    def names_starting(self, typed: str, limit: int = 20) -> list[PersonName]:
        """People whose "last first" name starts with what was typed (either order of the
        words is not guessed: the grid's name columns are last name, then first name)."""
        prefix = search_key(typed, "").strip()
        if not prefix:
            return []
        with self._store.reading() as s:
            rows = s.execute(
                select(
                    Learner.id,
                    Learner.first_name,
                    Learner.last_name,
                    Learner.birth_month,
                    Learner.birth_day,
                    Learner.license_state,
                )
                .where(Learner.search_key >= prefix, Learner.search_key < prefix + "\U0010ffff")
                .order_by(Learner.search_key, Learner.id)
                .limit(limit)
            ).all()
        return [PersonName(*r) for r in rows]

    # --- merge and unmerge ----------------------------------------------------------------

    def merge_plan(self, completion_ids: Sequence[int]) -> MergePlan:
        """The two people whose records these are, as a merge would join them — or
        ``NotAllowed`` saying why not: not two people, or identifiers that differ."""
        wanted = sorted(set(completion_ids))
        with self._store.reading() as s:
            owners: set[int] = set()
            for i in range(0, len(wanted), 900):
                owners.update(
                    s.scalars(
                        select(Completion.learner_id).where(Completion.id.in_(wanted[i : i + 900]))
                    )
                )
            if len(owners) != 2:
                raise NotAllowed("merge_two", _not_two(len(owners)))
            into, other = (_get(s, i) for i in sorted(owners))
            if not compatible(into.npi, into.board_ids, other.npi, other.board_ids):
                raise NotAllowed(
                    "different",
                    "Their NPIs or board IDs differ: they are two people and are kept apart.",
                )
            counts = dict(
                s.execute(
                    select(Completion.learner_id, func.count())
                    .where(Completion.learner_id.in_(owners))
                    .group_by(Completion.learner_id)
                ).all()
            )
            return MergePlan(
                *(
                    PersonRecords(
                        p.id,
                        f"{p.last_name}, {p.first_name}".strip(", "),
                        p.license_state,
                        counts.get(p.id, 0),
                    )
                    for p in (into, other)
                )
            )

    def merge(self, into_id: int, other_id: int) -> tuple[Merged, Changes]:
        """One person from two: the other's records become ``into``'s, what ``into`` lacked is
        taken from the other, and the other goes."""
        if into_id == other_id:
            raise NotAllowed("same", "A person cannot be merged with themselves.")
        with self._store.transaction() as s:
            into, other = _get(s, into_id), _get(s, other_id)
            if not compatible(into.npi, into.board_ids, other.npi, other.board_ids):
                raise NotAllowed(
                    "different",
                    "Their NPIs or board IDs differ: they are two people and are kept apart.",
                )
            row = _row(s, other_id)
            before = _row(s, into_id)
            moved = tuple(
                s.scalars(
                    select(Completion.id)
                    .where(Completion.learner_id == other_id)
                    .order_by(Completion.id)
                )
            )
            apart = tuple(
                (a, b)
                for a, b in s.execute(
                    select(KeptApart.first_id, KeptApart.second_id).where(
                        or_(KeptApart.first_id == other_id, KeptApart.second_id == other_id)
                    )
                )
            )
            identity_before = learner_record(into)
            for name in ("npi", "license_number"):
                if getattr(other, name) and not getattr(into, name):
                    setattr(into, name, getattr(other, name))
            extra = {k: v for k, v in other.board_ids.items() if v and k not in into.board_ids}
            if extra:
                into.board_ids = {**into.board_ids, **extra}
            if into.consent is None and other.consent is not None:
                into.consent = other.consent
                into.consent_date = other.consent_date
                into.consent_source = other.consent_source
            identity_after = learner_record(into)
            if (identity_before.npi, identity_before.license_number, identity_before.board_ids) != (
                identity_after.npi,
                identity_after.license_number,
                identity_after.board_ids,
            ):
                into.match_status, into.match_checked_at, into.match_detail = (
                    "not_checked",
                    None,
                    {},
                )
            into.updated_at = utcnow()
            s.execute(
                update(Completion)
                .where(Completion.learner_id == other_id)
                .values(learner_id=into_id, updated_at=utcnow())
            )
            s.flush()
            s.expunge(other)
            s.execute(delete(Learner).where(Learner.id == other_id))
            audit(s, "learner", into_id, "merge", {"merged": other_id}, {"records": len(moved)})
            rechecked = _recheck_learner(s, into_id, self._today())
            merged = Merged(into_id, other_id, row, before, moved, apart)
            return merged, Changes(
                learners=frozenset({into_id, other_id}),
                completions=frozenset(moved) | frozenset(rechecked),
                outbox=bool(rechecked),
            )

    def unmerge(self, merged: Merged) -> Changes:
        """Two people again, exactly as before the merge."""
        with self._store.transaction() as s:
            if s.get(Learner, merged.other_id) is not None:
                raise NotAllowed("taken", "That person's place was taken: the merge stays.")
            _get(s, merged.into_id)
            s.execute(insert(table_of(Learner)).values(merged.other_row))
            s.execute(
                update(Learner)
                .where(Learner.id == merged.into_id)
                .values({k: merged.into_before[k] for k in (*_FILLED, *_MATCH)})
            )
            for i in range(0, len(merged.moved), 900):
                s.execute(
                    update(Completion)
                    .where(
                        Completion.id.in_(merged.moved[i : i + 900]),
                        Completion.learner_id == merged.into_id,
                    )
                    .values(learner_id=merged.other_id, updated_at=utcnow())
                )
            for a, b in merged.kept_apart:
                s.add(KeptApart(first_id=a, second_id=b))
            s.flush()
            audit(s, "learner", merged.into_id, "unmerge", {}, {"restored": merged.other_id})
            today = self._today()
            rechecked = _recheck_learner(s, merged.into_id, today)
            rechecked += _recheck_learner(s, merged.other_id, today)
            return Changes(
                learners=frozenset({merged.into_id, merged.other_id}),
                completions=frozenset(merged.moved) | frozenset(rechecked),
                outbox=bool(rechecked),
            )

    # --- split and unsplit ----------------------------------------------------------------

    def split_plan(self, completion_ids: Sequence[int]) -> SplitPlan:
        """What splitting these records off would do — or ``NotAllowed`` saying why it cannot:
        nothing chosen, two people's records, all of one person's, or records PARS holds."""
        with self._store.reading() as s:
            return _plan(s, completion_ids)

    def split(self, person_id: int, completion_ids: Sequence[int]) -> tuple[int, Changes]:
        """Some of a person's records belong to someone else: a new person (a copy of the
        identity, to be corrected in the grid) takes them. The two are kept apart: once the
        copy is corrected (another state, say) they are not offered as possibly the same."""
        wanted = sorted(set(completion_ids))
        with self._store.transaction() as s:
            _get(s, person_id)
            plan = _plan(s, wanted)
            if plan.person_id != person_id:
                raise NotAllowed("split", "Choose records of this person to give to another.")
            row = _row(s, person_id)
            row.pop("id")
            row.update(import_batch_id=None, created_at=utcnow(), updated_at=utcnow())
            # Another person: PARS's answer for the copied identity is not theirs to keep.
            row.update(match_status="not_checked", match_checked_at=None, match_detail={})
            table = table_of(Learner)
            new_id = s.scalar(insert(table).values(row).returning(table.c.id))
            assert new_id is not None
            for i in range(0, len(wanted), 900):
                s.execute(
                    update(Completion)
                    .where(Completion.id.in_(wanted[i : i + 900]))
                    .values(learner_id=new_id, updated_at=utcnow())
                )
            first, second = sorted((person_id, new_id))
            s.add(KeptApart(first_id=first, second_id=second))
            audit(s, "learner", new_id, "split", {"from": person_id}, {"records": len(wanted)})
            return new_id, Changes(
                learners=frozenset({person_id, new_id}), completions=frozenset(wanted)
            )

    def unsplit(self, person_id: int, new_id: int) -> Changes:
        """Take back a split: the new person's records return and the new person goes."""
        with self._store.transaction() as s:
            _get(s, person_id)
            _get(s, new_id)
            moved = list(s.scalars(select(Completion.id).where(Completion.learner_id == new_id)))
            s.execute(
                update(Completion)
                .where(Completion.learner_id == new_id)
                .values(learner_id=person_id, updated_at=utcnow())
            )
            s.execute(delete(Learner).where(Learner.id == new_id))
            audit(s, "learner", person_id, "unsplit", {"split_off": new_id}, {})
            rechecked = _recheck_learner(s, person_id, self._today())
            return Changes(
                learners=frozenset({person_id, new_id}),
                completions=frozenset(moved) | frozenset(rechecked),
                outbox=bool(rechecked),
            )

    # --- keeping apart --------------------------------------------------------------------

    def keep_apart(self, a: int, b: int) -> Changes:
        first, second = sorted((a, b))
        with self._store.transaction() as s:
            _get(s, first)
            _get(s, second)
            if s.scalar(_apart(first, second)) is None:
                s.add(KeptApart(first_id=first, second_id=second))
                audit(s, "learner", first, "keep_apart", {}, {"other": second})
            return Changes(learners=frozenset({first, second}))

    def stop_keeping_apart(self, a: int, b: int) -> Changes:
        first, second = sorted((a, b))
        with self._store.transaction() as s:
            s.execute(
                delete(KeptApart).where(KeptApart.first_id == first, KeptApart.second_id == second)
            )
            audit(s, "learner", first, "keep_apart", {"other": second}, {})
            return Changes(learners=frozenset({first, second}))


def _plan(s: Session, completion_ids: Sequence[int]) -> SplitPlan:
    wanted = sorted(set(completion_ids))
    if not wanted:
        raise NotAllowed(
            "split_none", "Choose the records that are not this person's, then split them off."
        )
    chosen: list[Completion] = []
    for i in range(0, len(wanted), 900):
        chosen += s.scalars(select(Completion).where(Completion.id.in_(wanted[i : i + 900])))
    if len(chosen) != len(wanted):
        raise NotAllowed("split_none", "Some of these records were deleted meanwhile.")
    owners = {c.learner_id for c in chosen}
    if len(owners) > 1:
        raise NotAllowed(
            "split_two_people",
            f"These records belong to {len(owners)} different people. Choose records of one "
            "person only: the records that are not theirs.",
        )
    (person_id,) = owners
    person = _get(s, person_id)
    name = f"{person.last_name}, {person.first_name}".strip(", ")
    total = (
        s.scalar(
            select(func.count()).select_from(Completion).where(Completion.learner_id == person_id)
        )
        or 0
    )
    if total == len(chosen):
        raise NotAllowed(
            "split_all",
            f"These are all of {name}'s records ({total}): there is nothing to split off. "
            "If the person is wrong, correct their name, birthday, state or NPI in the "
            "learners grid instead.",
        )
    held = [c for c in chosen if pars_holds(c)]
    if held:
        raise NotAllowed(
            "split_pars_has",
            f"PARS already has {len(held)} of these records as {name}'s, and a record PARS "
            "holds cannot be given to another person. Delete it in the activity's learners "
            "(PARS deletes it on the next sync) and enter it again for the right person.",
        )
    shown = {c.activity_id for c in chosen}
    activities = {a.id: a for a in s.scalars(select(Activity).where(Activity.id.in_(shown)))}
    moving = tuple(
        MovingRecord(
            c.id,
            activities[c.activity_id].provider_activity_id,
            activities[c.activity_id].title,
            c.completion_date,
        )
        for c in sorted(chosen, key=lambda c: c.id)
    )
    return SplitPlan(person_id, name, moving, total - len(chosen))


def _not_two(people: int) -> str:
    if people == 1:
        return (
            "These records are all one person's. Choose records of the two people who are "
            "one (a record of each is enough)."
        )
    if people > 2:
        return (
            f"These records belong to {people} people. Merge two at a time: choose records "
            "of two people."
        )
    return "Choose records of the two people who are one (a record of each is enough)."


def _apart(first: int, second: int) -> Any:
    return select(KeptApart.id).where(KeptApart.first_id == first, KeptApart.second_id == second)


def _get(s: Session, person_id: int) -> Learner:
    person = s.get(Learner, person_id)
    if person is None:
        raise NotFound(f"learner {person_id}")
    return person


def _row(s: Session, person_id: int) -> dict[str, Any]:
    table = table_of(Learner)
    row = s.execute(select(table).where(table.c.id == person_id)).mappings().one()
    return dict(row)


__all__ = [
    "MergePlan",
    "Merged",
    "MovingRecord",
    "PeopleService",
    "PersonName",
    "PersonRecords",
    "PossiblySame",
    "SplitPlan",
]
