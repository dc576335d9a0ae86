"""Name the records in a sync report the way a coordinator knows them (title, learner name).

Labels live only in memory for the results panel; they are never logged.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from desktop.models.entities import Activity, Completion, Learner
from desktop.models.store import Store
from desktop.sync.report import RecordProblem, SyncReport


def label_problems(store: Store, report: SyncReport) -> None:
    items = [*report.problems, *report.warnings]
    activity_ids = {p.entity_id for p in items if p.entity == "activity"}
    completion_ids = {p.entity_id for p in items if p.entity == "completion"}
    labels: dict[tuple[str, int], str] = {}
    with store.reading() as s:
        if activity_ids:
            for aid, pai, title in s.execute(
                select(Activity.id, Activity.provider_activity_id, Activity.title).where(
                    Activity.id.in_(activity_ids)
                )
            ):
                labels[("activity", aid)] = f"{pai} {title}".strip()
        if completion_ids:
            for cid, last, first, title in s.execute(
                select(Completion.id, Learner.last_name, Learner.first_name, Activity.title)
                .join(Learner, Learner.id == Completion.learner_id)
                .join(Activity, Activity.id == Completion.activity_id)
                .where(Completion.id.in_(completion_ids))
            ):
                labels[("completion", cid)] = f"{last}, {first} — {title}"

    def named(p: RecordProblem) -> RecordProblem:
        return replace(p, label=labels.get((p.entity, p.entity_id), p.key))

    report.problems = [named(p) for p in report.problems]
    report.warnings = [named(p) for p in report.warnings]
