"""What the sandbox does with activities: PARS's rules, IDs, update-not-duplicate, per account.

An activity is kept as the JSON object it arrived as (one ``MedicalEducationMetrics`` item),
with PARS's ACCME Activity ID added to its identifiers; a version counts its changes and
travels as the HTTP ETag (schemas/README.md, reading 12).
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from pars_sandbox import activity_rules
from pars_sandbox.answers import ACCEPTED, DELETED, Problem, Result, rejected
from pars_sandbox.storage import Storage

ACCME_CATALOG = "ACCME Activity ID"


def canonical(item: dict[str, Any]) -> bytes:
    """The activity as stored: what was sent, minus the request's verb, in one spelling."""
    kept = json.loads(json.dumps(item))
    kept.get("XtensibleInfo", {}).pop("activityRecordAction", None)
    return json.dumps(kept, sort_keys=True, ensure_ascii=False).encode("utf-8")


def with_accme_id(item: dict[str, Any], accme_id: str) -> dict[str, Any]:
    general = item.setdefault("Lom", {}).setdefault("general", {})
    ids = [
        i
        for i in general.get("identifier", [])
        if not (isinstance(i, dict) and i.get("catalog") == ACCME_CATALOG)
    ]
    general["identifier"] = [*ids, {"catalog": ACCME_CATALOG, "entry": accme_id}]
    return item


class ActivityBook:
    def __init__(self, storage: Storage, today: Callable[[], date], seed: int) -> None:
        self._db = storage
        self._today = today
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()

    def submit(self, account: str, items: list[tuple[str, dict[str, Any]]]) -> list[Result]:
        """``items``: (where in the body, the activity object) for each activity sent."""
        return [self._one(account, where, item) for where, item in items]

    def _one(self, account: str, where: str, item: dict[str, Any]) -> Result:
        key = activity_rules.provider_activity_id(item)
        action = str(item.get("XtensibleInfo", {}).get("activityRecordAction") or "Add")
        with self._db.transaction() as c:
            row = c.execute(
                "SELECT accme_id, document, version, deleted FROM activity WHERE account = ? AND provider_activity_id = ?",
                (account, key),
            ).fetchone()
            if action == "Delete":
                return self._delete(c, key, where, row)
            claimed = activity_rules.accme_activity_id(item)
            if claimed and (row is None or row[0] != claimed):
                return rejected(
                    key,
                    Problem(
                        "accme_id_mismatch",
                        f"{where}/Lom/general/identifier",
                        f"ACCME Activity ID {claimed} does not belong to activity {key}.",
                    ),
                )
            judgement = activity_rules.judge(item, self._today())
            if judgement.problems or judgement.status is None:
                return rejected(key, *(_at(where, p) for p in judgement.problems))
            accme_id = row[0] if row is not None else self._new_id(c)
            document = canonical(with_accme_id(item, accme_id))
            if row is None:
                c.execute(
                    "INSERT INTO activity (accme_id, account, provider_activity_id, document, status, version) VALUES (?, ?, ?, ?, ?, 1)",
                    (accme_id, account, key, document, judgement.status),
                )
                return Result(key, ACCEPTED, accme_id, 1)
            if bytes(row[1]) == document and not row[3]:
                return Result(key, ACCEPTED, accme_id, row[2])  # the same again: idempotent
            c.execute(
                "UPDATE activity SET document = ?, status = ?, version = version + 1, deleted = 0, updated_at = datetime('now') WHERE accme_id = ?",
                (document, judgement.status, accme_id),
            )
            return Result(key, ACCEPTED, accme_id, row[2] + 1)

    def _delete(self, c: sqlite3.Connection, key: str, where: str, row: Any) -> Result:
        if row is None or row[3]:
            return rejected(
                key,
                Problem(
                    "not_found", f"{where}/Lom/general/identifier", f"PARS has no activity {key}."
                ),
            )
        live = c.execute(
            "SELECT count(*) FROM learner_credit WHERE accme_id = ? AND deleted = 0", (row[0],)
        ).fetchone()[0]
        if live:
            return rejected(
                key,
                Problem(
                    "has_learners",
                    f"{where}/Lom/general/identifier",
                    f"The activity has {live} learner credits; delete them first.",
                ),
            )
        c.execute(
            "UPDATE activity SET deleted = 1, updated_at = datetime('now') WHERE accme_id = ?",
            (row[0],),
        )
        return Result(key, DELETED, row[0], row[2])

    def _new_id(self, c: sqlite3.Connection) -> str:
        while True:
            with self._rng_lock:
                candidate = str(self._rng.randint(100_000_000, 999_999_999))
            if (
                c.execute("SELECT 1 FROM activity WHERE accme_id = ?", (candidate,)).fetchone()
                is None
            ):
                return candidate

    def get(
        self, account: str, *, accme_id: str | None = None, provider_id: str | None = None
    ) -> tuple[dict[str, Any], int] | None:
        column, value = (
            ("accme_id", accme_id)
            if accme_id is not None
            else ("provider_activity_id", provider_id)
        )
        with self._db.transaction() as c:
            row = c.execute(
                f"SELECT document, version FROM activity WHERE account = ? AND {column} = ? AND deleted = 0",
                (account, value),
            ).fetchone()
        if row is None:
            return None
        item: dict[str, Any] = json.loads(bytes(row[0]))
        return item, int(row[1])

    def live(self, account: str, accme_ids: set[str]) -> dict[str, tuple[dict[str, Any], str]]:
        """This account's live activities among ``accme_ids``, with their status."""
        out: dict[str, tuple[dict[str, Any], str]] = {}
        ids = sorted(accme_ids)
        with self._db.transaction() as c:
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                marks = ",".join("?" * len(chunk))
                for accme, document, status in c.execute(
                    f"SELECT accme_id, document, status FROM activity WHERE account = ? AND deleted = 0 AND accme_id IN ({marks})",
                    (account, *chunk),
                ):
                    out[accme] = (json.loads(bytes(document)), status)
        return out

    def edit_on_server(self, accme_id: str, item: dict[str, Any]) -> int | None:
        """What a coordinator typing into the PARS web form does: change it there (for tests)."""
        judgement = activity_rules.judge(item, self._today())
        document = canonical(with_accme_id(item, accme_id))
        with self._db.transaction() as c:
            c.execute(
                "UPDATE activity SET document = ?, status = ?, version = version + 1 WHERE accme_id = ?",
                (document, judgement.status or activity_rules.DRAFT, accme_id),
            )
            row = c.execute(
                "SELECT version FROM activity WHERE accme_id = ?", (accme_id,)
            ).fetchone()
        return None if row is None else int(row[0])


def _at(where: str, p: Problem) -> Problem:
    return Problem(p.code, f"{where}{p.field}", p.message)
