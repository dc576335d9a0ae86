"""Fill derived columns that a migration added or a rules change left empty.

Run on open; it touches only rows whose derived value is missing, so it costs nothing after
the first time.
"""

from __future__ import annotations

from sqlalchemy import Engine, bindparam, select
from sqlalchemy.orm import Session

from desktop.models.entities import Activity, Learner
from desktop.models.entities.base import table_of
from desktop.models.mapping import activity_record, search_key, with_children
from desktop.models.rules.activity_status import rule_level

BATCH = 2000


def fill_derived_columns(engine: Engine) -> int:
    filled = 0
    with Session(engine) as s, s.begin():
        while True:
            activities = s.scalars(
                select(Activity)
                .where(Activity.rule_level.is_(None))
                .options(*with_children())
                .limit(BATCH)
            ).all()
            if not activities:
                break
            for a in activities:
                a.rule_level = rule_level(activity_record(a))
            s.flush()
            filled += len(activities)
        learners = table_of(Learner)
        while True:
            rows = s.execute(
                select(Learner.id, Learner.last_name, Learner.first_name)
                .where(Learner.search_key.is_(None))
                .limit(BATCH)
            ).all()
            if not rows:
                break
            s.execute(
                learners.update()
                .where(learners.c.id == bindparam("lid"))
                .values(search_key=bindparam("key")),
                [{"lid": r.id, "key": search_key(r.last_name, r.first_name)} for r in rows],
            )
            filled += len(rows)
    return filled
