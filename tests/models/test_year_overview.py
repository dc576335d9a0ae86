"""The reporting year: deadline and countdown, the yearly records, and the dashboard's figures
checked against counts taken directly with SQL (SPEC M11, M12, §2.6–§2.7)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from desktop.models.entities import Activity
from desktop.models.queries.year_overview import year_overview
from desktop.models.records import (
    ContactRecord,
    CreditRecord,
    SupportKind,
    SupportSource,
)
from desktop.models.reporting_year import CENTRAL, countdown, cycle_start, deadline_for
from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.annual import AnnualService
from desktop.models.services.errors import NotAllowed
from desktop.models.services.provider import ProviderService
from desktop.models.store import Store
from tests.conftest import TODAY
from tests.factories import closable_activity, completion, learner

# --- deadline and countdown -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "due"),
    [
        # ACCME's own four years (issue 15): March 31, or the Monday after a weekend.
        (2021, date(2022, 3, 31)),  # a Thursday
        (2022, date(2023, 3, 31)),  # a Friday
        (2023, date(2024, 4, 1)),  # March 31 2024 is a Sunday: Monday April 1 (the seed)
        (2024, date(2025, 3, 31)),  # a Monday
        (2026, date(2027, 3, 31)),  # a Wednesday
        (2029, date(2030, 4, 1)),  # March 31 2030 is a Sunday
        (2032, date(2033, 3, 31)),  # a Thursday
    ],
)
def test_accme_deadline_is_march_31_or_the_next_business_day(year: int, due: date) -> None:
    deadline = deadline_for(year)
    assert deadline.date() == due
    assert (deadline.hour, deadline.minute, deadline.tzinfo) == (23, 59, CENTRAL)


def test_a_state_accreditors_own_deadline() -> None:
    assert deadline_for(2026, 3, 15) == datetime(2027, 3, 15, 23, 59, tzinfo=CENTRAL)
    assert cycle_start(2026, 3, 15) == date(2026, 3, 16)
    assert cycle_start(2026) == date(2026, 4, 1)  # the day after Tuesday March 31 2026


def test_countdown_before_on_and_after_the_deadline() -> None:
    due = deadline_for(2026)  # Wednesday March 31 2027, 11:59 pm Central
    before = countdown(due, datetime(2027, 3, 19, 9, 0, tzinfo=CENTRAL))
    assert (before.state, before.days) == ("before", 12)
    assert before.text.startswith("12 days left — due Wednesday March 31, 2027, 11:59 pm")
    one = countdown(due, datetime(2027, 3, 30, 23, 0, tzinfo=CENTRAL))
    assert one.text.startswith("1 day left")
    # On the day, even from another time zone: 9 am UTC is 4 am Central.
    on = countdown(due, datetime(2027, 3, 31, 9, 0, tzinfo=UTC))
    assert (on.state, on.days) == ("today", 0)
    assert on.text.startswith("Due today — 19 h 59 min left")
    last_minute = countdown(due, datetime(2027, 3, 31, 23, 59, tzinfo=CENTRAL))
    assert last_minute.state == "today"
    late_same_day = countdown(due, datetime(2027, 3, 31, 23, 59, 30, tzinfo=CENTRAL))
    assert (late_same_day.state, late_same_day.text[:32]) == (
        "after",
        "The deadline passed today (Wedne",
    )
    after = countdown(due, datetime(2027, 4, 3, 8, 0, tzinfo=CENTRAL))
    assert (after.state, after.days) == ("after", 3)
    assert after.text.startswith("The deadline passed 3 days ago")


# --- yearly records -----------------------------------------------------------------------------


def test_program_summary_is_whole_dollars_and_submitted_only_when_complete(store: Store) -> None:
    annual = AnnualService(store)
    with pytest.raises(NotAllowed, match="Registration fees: enter whole dollars"):
        annual.save_program_summary(2026, registration_fees=-5)
    with pytest.raises(NotAllowed, match="whole dollars"):
        annual.save_program_summary(2026, government_grants=12.5)
    annual.save_program_summary(2026, registration_fees=12000, government_grants=0)
    with pytest.raises(NotAllowed, match="Answer every figure"):
        annual.save_program_summary(2026, submitted_on=date(2027, 2, 1))
    annual.save_program_summary(
        2026, advertising_exhibit_income=3500, private_donations=250, submitted_on=date(2027, 2, 1)
    )
    saved = annual.program_summary(2026)
    assert (saved.registration_fees, saved.government_grants, saved.private_donations) == (
        12000,
        0,
        250,
    )
    assert saved.complete and saved.submitted_on == date(2027, 2, 1)
    assert annual.program_summary(2025).registration_fees is None


def test_commercial_support_total_comes_from_the_years_activities(store: Store) -> None:
    acts = ActivityService(store, lambda: TODAY)
    acts.create(closable_activity(provider_activity_id="A"))  # 5,000 monetary + in-kind
    acts.create(
        closable_activity(
            provider_activity_id="B",
            support_sources=(
                SupportSource("Acme Devices", SupportKind.MONETARY, 1250),
                SupportSource("Beta Pharma", SupportKind.MONETARY, 300),
            ),
        )
    )
    acts.create(
        closable_activity(
            provider_activity_id="C", start_date=date(2025, 3, 1), end_date=date(2025, 3, 2)
        )
    )
    acts.create(
        closable_activity(provider_activity_id="D", commercial_support=False, support_sources=())
    )
    assert AnnualService(store).commercial_support_total(2026) == 6550
    assert AnnualService(store).commercial_support_total(2025) == 5000


def test_agreement_and_contacts(store: Store) -> None:
    annual = AnnualService(store)
    with pytest.raises(NotAllowed, match="who accepted"):
        annual.accept_agreement(2026, "  ", date(2027, 1, 10))
    annual.accept_agreement(2026, "Dana  Example", date(2027, 1, 10))
    agreement = annual.agreement(2026)
    assert agreement is not None and agreement.accepted_by == "Dana Example"
    assert annual.agreement(2025) is None
    with pytest.raises(NotAllowed, match="Add your contacts"):
        annual.mark_contacts_reviewed(date(2027, 1, 5))
    with pytest.raises(NotAllowed, match="not an email address"):
        annual.save_contact(None, ContactRecord("Pat Sample", "Primary CME contact", "pat@"))
    pat, _ = annual.save_contact(
        None, ContactRecord("Pat Sample", "Primary CME contact", "pat@example.org")
    )
    annual.save_contact(None, ContactRecord("Lee Sample", "CEO"))
    annual.mark_contacts_reviewed(date(2027, 1, 5))
    assert {c.reviewed_on for _, c in annual.contacts()} == {date(2027, 1, 5)}
    annual.save_contact(
        pat,
        ContactRecord(
            "Pat Sample-Jones", "Primary CME contact", "pat@example.org", "", date(2027, 1, 5)
        ),
    )
    annual.delete_contact(pat)
    assert [c.name for _, c in annual.contacts()] == ["Lee Sample"]


def test_enduring_counts_keep_a_history_and_warn_when_they_go_down(store: Store) -> None:
    acts = ActivityService(store, lambda: TODAY)
    material, _ = acts.create(
        closable_activity(
            format="enduring",
            delivery_methods=("online",),
            start_date=date(2025, 1, 1),
            end_date=date(2027, 12, 31),
            moc=(),
        )
    )
    course, _ = acts.create(closable_activity(provider_activity_id="COURSE"))
    with pytest.raises(NotAllowed, match="Only enduring materials"):
        acts.record_enduring_count(course, 2026, 1, 1)
    with pytest.raises(NotAllowed, match="runs from 2025 to 2027"):
        acts.record_enduring_count(material, 2028, 1, 1)
    changes, warnings = acts.record_enduring_count(material, 2025, 120, 30)
    assert warnings == [] and changes.outbox
    _, warnings = acts.record_enduring_count(material, 2026, 110, 45)
    assert warnings == [
        "2026: the cumulative count of physicians (110) is lower than 2025's (120); "
        "a cumulative count never goes down."
    ]
    assert [
        (c.year, c.physician_learners, c.other_learners) for c in acts.enduring_counts(material)
    ] == [
        (2025, 120, 30),
        (2026, 110, 45),
    ]
    # The latest year's figures are the activity's counts, which go to PARS.
    record = acts.get(material)
    assert (record.physician_learners, record.other_learners) == (110, 45)
    acts.record_enduring_count(material, 2025, 100, 30)  # correcting an earlier year
    record = acts.get(material)
    assert (record.physician_learners, record.other_learners) == (110, 45)


def test_provider_deadline_must_be_a_real_month_and_day(store: Store) -> None:
    provider = ProviderService(store)
    for month, day in ((2, 30), (2, 29), (13, 1), (3, None)):
        with pytest.raises(NotAllowed, match="month and day"):
            provider.save(deadline_month=month, deadline_day=day)
    provider.save(deadline_month=3, deadline_day=15)
    p = provider.get()
    assert p is not None and (p.deadline_month, p.deadline_day) == (3, 15)


# --- the dashboard's figures against SQL -------------------------------------------------------


def _seed_year(store: Store) -> None:
    """A messy store: activities of three years in every state, completions, rejections."""
    rng = random.Random(9)
    acts = ActivityService(store, lambda: TODAY)
    people = LearnerService(store, lambda: TODAY)
    ids, years = [], []
    for i in range(40):
        year = rng.choice((2025, 2026, 2026, 2026, 2027))
        years.append(year)
        start = date(year, rng.randint(1, 12), rng.randint(1, 28))
        enduring = i % 7 == 0
        record = closable_activity(
            provider_activity_id=f"Y-{i:03d}",
            title=f"Session {i}",
            format="enduring" if enduring else rng.choice(("course", "rss", "other")),
            delivery_methods=("online",) if enduring else ("in_person",),
            start_date=start,
            end_date=start + timedelta(days=rng.choice((0, 1, 30, 400 if enduring else 2))),
            close_requested=rng.random() < 0.6,
            physician_learners=rng.randint(0, 90),
            other_learners=rng.randint(0, 10),
            outcomes=closable_activity().outcomes if rng.random() < 0.8 else (),
        )
        aid, _ = acts.create(record)
        ids.append(aid)
        if enduring and rng.random() < 0.5:
            acts.record_enduring_count(aid, start.year, 10, 2)
    with store.transaction() as s:  # some reached PARS; one of those was edited since
        for aid in [a for i, a in enumerate(ids) if i % 3 != 2]:
            a = s.get(Activity, aid)
            assert a is not None
            a.accme_activity_id, a.synced_revision, a.sync_state = (
                f"{aid:09d}",
                a.revision,
                "synced",
            )
        a = s.get(Activity, ids[3])
        assert a is not None
        a.revision += 1
        b = s.get(
            Activity,
            next(a for i, a in enumerate(ids) if i % 3 == 2 and i > 12 and years[i] == 2026),
        )
        assert b is not None
        b.sync_state = "rejected"
        b.sync_error = '[{"field": "outcomes", "message": "Add an outcome measure."}]'
    acts.delete(ids[15])  # PARS has it: only marked deleted until PARS confirms
    for n, aid in enumerate(ids[:12]):
        record = acts.get(aid)
        assert record.start_date is not None and record.end_date is not None
        when = min(record.end_date, TODAY, record.start_date + timedelta(days=n % 3))
        if when < record.start_date:
            continue
        cids, _ = people.enter_completions(
            aid,
            [
                (
                    learner(last_name=f"P{n}{k}"),
                    completion(completion_date=when, credits=(CreditRecord(None, Decimal("1")),)),
                )
                for k in range(1 + n % 4)
            ],
        )
        if n % 4 == 1:
            with store.transaction() as s:
                s.execute(
                    text("UPDATE completion SET state='rejected', sync_errors=:e WHERE id=:i"),
                    {
                        "e": '[{"field": "learner", "message": "PARS found no physician."}]',
                        "i": cids[0],
                    },
                )


def test_dashboard_figures_equal_counts_taken_with_sql(store: Store) -> None:
    _seed_year(store)
    AnnualService(store).save_contact(
        None, ContactRecord("Pat Sample", reviewed_on=date(2026, 5, 1))
    )
    AnnualService(store).save_contact(
        None, ContactRecord("Lee Sample", reviewed_on=date(2026, 1, 5))
    )
    y = year_overview(store, 2026, TODAY)

    def sql(query: str) -> int:
        with store.reading() as s:
            return int(s.execute(text(query)).scalar() or 0)

    live = "deleted_at IS NULL"
    started = "start_date BETWEEN '2026-01-01' AND '2026-12-31'"
    ended = "end_date BETWEEN '2026-01-01' AND '2026-12-31'"
    in_pars = "accme_activity_id IS NOT NULL AND synced_revision = revision"
    closed = f"rule_level = 3 AND end_date < '{TODAY.isoformat()}'"
    enduring = (
        f"{live} AND format = 'enduring' AND start_date <= '2026-12-31' "
        "AND (end_date IS NULL OR end_date >= '2026-01-01')"
    )
    expected = {
        "activities_started": sql(f"SELECT count(*) FROM activity WHERE {live} AND {started}"),
        "activities_in_pars": sql(
            f"SELECT count(*) FROM activity WHERE {live} AND {started} AND {in_pars}"
        ),
        "activities_ended": sql(f"SELECT count(*) FROM activity WHERE {live} AND {ended}"),
        "activities_closed": sql(
            f"SELECT count(*) FROM activity WHERE {live} AND {ended} AND {closed} AND {in_pars}"
        ),
        "enduring": sql(f"SELECT count(*) FROM activity WHERE {enduring}"),
        "enduring_counted": sql(
            f"SELECT count(*) FROM activity WHERE {enduring} AND id IN "
            "(SELECT activity_id FROM enduring_count WHERE year = 2026)"
        ),
        "physician_learners": sql(
            f"SELECT sum(physician_learners) FROM activity WHERE {live} AND {started}"
        ),
        "other_learners": sql(
            f"SELECT sum(other_learners) FROM activity WHERE {live} AND {started}"
        ),
        "completions": sql(
            "SELECT count(*) FROM completion WHERE state NOT IN ('deleted', 'delete_queued') "
            "AND completion_date BETWEEN '2026-01-01' AND '2026-12-31'"
        ),
        "commercial_support": sql(
            "SELECT sum(s.amount) FROM activity_support_source s JOIN activity a ON a.id = s.activity_id "
            f"WHERE s.kind = 'monetary' AND a.commercial_support AND a.{live} AND a.{started}"
        ),
        "contacts": 2,
        "contacts_reviewed": 1,  # reviews count from the day after 2025's deadline (03/31/2026)
    }
    assert y.figures == expected
    assert 0 < expected["activities_in_pars"] < expected["activities_started"]
    assert 0 < expected["activities_closed"] < expected["activities_ended"]
    assert 0 < expected["enduring_counted"] < expected["enduring"]
    # Blocker lists name exactly the activities that keep each step open.
    with store.reading() as s:

        def ids(q: str) -> set[int]:
            return set(s.execute(text(q)).scalars())

        assert {b.activity_id for b in y.not_entered} == ids(
            f"SELECT id FROM activity WHERE {live} AND {started} AND NOT ({in_pars})"
        )
        assert {b.activity_id for b in y.not_closed} == ids(
            f"SELECT id FROM activity WHERE {live} AND {ended} AND NOT ({closed} AND {in_pars})"
        )
        assert {b.activity_id for b in y.enduring_without_count} == ids(
            f"SELECT id FROM activity WHERE {enduring} AND id NOT IN "
            "(SELECT activity_id FROM enduring_count WHERE year = 2026)"
        )
        by_month: dict[int, int] = dict(
            s.execute(
                text(
                    "SELECT CAST(strftime('%m', completion_date) AS INTEGER), count(*) FROM completion "
                    "WHERE state NOT IN ('deleted', 'delete_queued') AND completion_date LIKE '2026-%' GROUP BY 1"
                )
            ).all()
        )
        assert y.completions_by_month == tuple(by_month.get(m, 0) for m in range(1, 13))
        by_format: dict[str, int] = dict(
            s.execute(
                text(
                    f"SELECT format, count(*) FROM activity WHERE {live} AND {started} GROUP BY format"
                )
            ).all()
        )
    names = {
        "course": "Course",
        "rss": "Regularly Scheduled Series",
        "other": "Other/Blended Learning",
        "enduring": "Enduring Material",
    }
    assert y.by_format == {names[k]: v for k, v in by_format.items()}
    assert sum(y.by_status.values()) == expected["activities_started"]
    rejected_2026 = sql(
        "SELECT count(*) FROM completion WHERE state = 'rejected' AND completion_date LIKE '2026-%'"
    )
    assert y.rejections_by_reason.get("PARS found no physician.", 0) == rejected_2026
    steps = {s.key: s for s in y.steps}
    assert [(p.done, p.total) for p in steps["activities"].parts] == [
        (expected["activities_in_pars"], expected["activities_started"]),
        (expected["activities_closed"], expected["activities_ended"]),
    ]
    assert not steps["agreement"].complete and not steps["contacts"].complete
    assert y.steps_complete == 0
    refused = [b.needs for b in y.not_entered if b.needs.startswith("PARS refused")]
    assert refused
    assert refused == ["PARS refused it: Add an outcome measure."] * sql(
        f"SELECT count(*) FROM activity WHERE {live} AND {started} AND sync_state = 'rejected'"
    )
