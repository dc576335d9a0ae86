"""one learner row per person: today's duplicate learners folded into people

Before the learner directory every completion made its own learner. Learners with one
identity (names case-folded and single-spaced, birth month and day, state of licensure) and
no contradicting NPI or board ID are folded into the oldest of them: its completions move to
it and what it lacked (NPI, license number, board IDs, consent, a PARS match) is taken from
the others. No completion is touched except for its learner_id. Also: the pairs the user
keeps apart, and ix_learner_name goes (ix_learner_search indexes the same names).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 15:30:00
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 900


def upgrade() -> None:
    _fold_duplicates(op.get_bind())
    op.drop_index("ix_learner_name", table_name="learner")
    op.create_table(
        "learner_kept_apart",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_id"],
            ["learner.id"],
            name=op.f("fk_learner_kept_apart_first_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["second_id"],
            ["learner.id"],
            name=op.f("fk_learner_kept_apart_second_id_learner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learner_kept_apart")),
        sa.UniqueConstraint("first_id", "second_id", name=op.f("uq_learner_kept_apart_first_id")),
    )


def downgrade() -> None:
    op.drop_table("learner_kept_apart")
    op.create_index("ix_learner_name", "learner", ["last_name", "first_name"], unique=False)


def _fold(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["npi"] and b["npi"] and a["npi"] != b["npi"]:
        return False
    return all(b["boards"].get(k, v) == v for k, v in a["boards"].items() if v)


def _fold_duplicates(bind: sa.Connection) -> None:
    # Plain SQL on the migration's connection: this file must not depend on today's models.
    rows = bind.execute(
        sa.text(
            "SELECT id, first_name, last_name, birth_month, birth_day, license_state, npi,"
            " license_number, board_ids, consent, consent_date, consent_source, match_status,"
            " match_detail, match_checked_at FROM learner ORDER BY id"
        )
    ).mappings()
    people: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    moved: dict[int, int] = {}  # folded learner -> the person it is
    for row in rows:
        me = dict(row)
        me["npi"] = me["npi"] or ""
        me["boards"] = json.loads(me["board_ids"] or "{}")
        key = (
            _fold(me["first_name"]),
            _fold(me["last_name"]),
            me["birth_month"],
            me["birth_day"],
            me["license_state"],
        )
        group = people.setdefault(key, [])
        into = next((p for p in group if _compatible(p, me)), None)
        if into is None:
            me["changed"] = False
            group.append(me)
            continue
        moved[me["id"]] = into["id"]
        _take_what_is_missing(into, me)
    if not moved:
        return
    survivors = {p["id"]: p for group in people.values() for p in group if p["changed"]}
    for p in survivors.values():
        bind.execute(
            sa.text(
                "UPDATE learner SET npi = :npi, license_number = :license_number,"
                " board_ids = :board_ids, consent = :consent, consent_date = :consent_date,"
                " consent_source = :consent_source, match_status = :match_status,"
                " match_detail = :match_detail, match_checked_at = :match_checked_at"
                " WHERE id = :id"
            ),
            {**p, "board_ids": json.dumps(p["boards"])},
        )
    pairs = [{"old": old, "new": new} for old, new in moved.items()]
    bind.execute(sa.text("UPDATE completion SET learner_id = :new WHERE learner_id = :old"), pairs)
    bind.execute(sa.text("DELETE FROM learner WHERE id = :old"), pairs)
    bind.execute(
        sa.text(
            "INSERT INTO audit_log (at, entity, entity_id, action, field, old_value, new_value)"
            " VALUES (CURRENT_TIMESTAMP, 'learner', :new, 'merge', '', :old, NULL)"
        ),
        pairs,
    )


def _take_what_is_missing(into: dict[str, Any], other: dict[str, Any]) -> None:
    for name in ("npi", "license_number"):
        if other[name] and not into[name]:
            into[name] = other[name]
            into["changed"] = True
    extra = {k: v for k, v in other["boards"].items() if v and k not in into["boards"]}
    if extra:
        into["boards"] = {**into["boards"], **extra}
        into["changed"] = True
    if into["consent"] is None and other["consent"] is not None:
        for name in ("consent", "consent_date", "consent_source"):
            into[name] = other[name]
        into["changed"] = True
    if into["match_status"] != "matched" and other["match_status"] == "matched":
        # PARS already recognised this identity: the person need not be asked again.
        for name in ("match_status", "match_detail", "match_checked_at"):
            into[name] = other[name]
        into["changed"] = True
