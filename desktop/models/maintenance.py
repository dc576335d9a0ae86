"""Fill derived columns that a migration added, and recompute them when the rules changed.

Run on open; it touches only rows whose derived value is missing — or, once after the rules'
version changed, every activity — so it costs nothing on an ordinary open.
"""

from __future__ import annotations

from sqlalchemy import Engine, bindparam, select, text
from sqlalchemy.orm import Session

from desktop.models.entities import Activity, Learner
from desktop.models.entities.base import table_of
from desktop.models.mapping import activity_record, search_key, with_children
from desktop.models.rules import version
from desktop.models.rules.activity_status import rule_level

BATCH = 2000


def fill_derived_columns(engine: Engine) -> int:
    filled = 0
    with Session(engine) as s, s.begin():
        # In the same transaction as the levels it vouches for: both or neither are stored.
        if s.execute(text("PRAGMA user_version")).scalar() != version.RULES_VERSION:
            filled += _recompute_levels(s)
            s.execute(text(f"PRAGMA user_version = {int(version.RULES_VERSION)}"))
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


def _recompute_levels(s: Session) -> int:
    """Every activity's level under the rules of this version (they changed since)."""
    done, last = 0, 0
    while True:
        activities = s.scalars(
            select(Activity)
            .where(Activity.id > last)
            .order_by(Activity.id)
            .options(*with_children())
            .limit(BATCH)
        ).all()
        if not activities:
            return done
        for a in activities:
            a.rule_level = rule_level(activity_record(a))
        s.flush()
        s.expunge_all()  # a big store is recomputed a page at a time, not held in memory
        last = activities[-1].id
        done += len(activities)
