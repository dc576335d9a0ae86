"""The yearly steps PARS's web services do not cover (SPEC §2.6–§2.7): the program summary,
the annual agreement and the contacts. The coordinator does them on PARS's own pages; here they
are kept, checked and recorded as done, so the dashboard knows how far the year is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.changes import Changes
from desktop.models.entities import Activity, AnnualAgreement, Contact, ProgramSummary
from desktop.models.entities import SupportSourceRow as Source
from desktop.models.records import AgreementRecord, ContactRecord, ProgramSummaryRecord
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.models.services.journal import audit, fields_of
from desktop.models.store import Store

INCOME_FIELDS = {
    "advertising_exhibit_income": "Advertising and exhibit income",
    "registration_fees": "Registration fees",
    "government_grants": "Government monetary grants",
    "private_donations": "Private monetary donations",
}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AnnualService:
    def __init__(self, store: Store) -> None:
        self._store = store

    # --- program summary ---------------------------------------------------------------------

    def program_summary(self, year: int) -> ProgramSummaryRecord:
        with self._store.reading() as s:
            row = s.get(ProgramSummary, year)
            if row is None:
                return ProgramSummaryRecord()
            return ProgramSummaryRecord(
                row.advertising_exhibit_income,
                row.registration_fees,
                row.government_grants,
                row.private_donations,
                row.submitted_on,
            )

    def save_program_summary(self, year: int, **values: Any) -> Changes:
        """Whole dollars, 0 or more; None leaves a figure unanswered."""
        for name, value in values.items():
            bad = isinstance(value, bool) or not isinstance(value, int) or value < 0
            if name in INCOME_FIELDS and value is not None and bad:
                raise NotAllowed(name, f"{INCOME_FIELDS[name]}: enter whole dollars, 0 or more.")
        before = self.program_summary(year)
        after = replace(before, **values)
        if after == before:
            return Changes()
        if after.submitted_on is not None and not after.complete:
            raise NotAllowed(
                "submitted_on", "Answer every figure before marking the summary as submitted."
            )
        with self._store.transaction() as s:
            row = s.get(ProgramSummary, year) or ProgramSummary(year=year)
            s.add(row)
            for name, value in fields_of(after).items():
                setattr(row, name, value)
            audit(s, "program_summary", year, "update", fields_of(before), fields_of(after))
        return Changes(annual=True)

    def commercial_support_total(self, year: int) -> int:
        """Monetary commercial support of the activities that started in ``year``, in dollars."""
        with self._store.reading() as s:
            total = s.scalar(
                select(func.coalesce(func.sum(Source.amount), 0))
                .join(Activity, Activity.id == Source.activity_id)
                .where(
                    Source.kind == "monetary",
                    Activity.deleted_at.is_(None),
                    Activity.commercial_support.is_(True),
                    Activity.start_date >= date(year, 1, 1),
                    Activity.start_date <= date(year, 12, 31),
                )
            )
        return int(total or 0)

    # --- annual agreement --------------------------------------------------------------------

    def agreement(self, year: int) -> AgreementRecord | None:
        with self._store.reading() as s:
            row = s.get(AnnualAgreement, year)
            return None if row is None else AgreementRecord(row.accepted_on, row.accepted_by)

    def accept_agreement(self, year: int, accepted_by: str, accepted_on: date) -> Changes:
        """Record that the agreement was accepted in PARS: when, and by whom."""
        who = " ".join(accepted_by.split())
        if not who:
            raise NotAllowed("accepted_by", "Enter who accepted the agreement.")
        with self._store.transaction() as s:
            row = s.get(AnnualAgreement, year)
            before = {} if row is None else {"accepted_on": row.accepted_on, "by": row.accepted_by}
            if row is None:
                row = AnnualAgreement(year=year, accepted_on=accepted_on, accepted_by=who)
                s.add(row)
            row.accepted_on, row.accepted_by = accepted_on, who
            audit(
                s,
                "annual_agreement",
                year,
                "update",
                before,
                {"accepted_on": accepted_on, "by": who},
            )
        return Changes(annual=True)

    def withdraw_agreement(self, year: int) -> Changes:
        with self._store.transaction() as s:
            row = s.get(AnnualAgreement, year)
            if row is None:
                return Changes()
            audit(s, "annual_agreement", year, "delete", {"accepted_on": row.accepted_on}, {})
            s.delete(row)
        return Changes(annual=True)

    # --- contacts ----------------------------------------------------------------------------

    def contacts(self) -> list[tuple[int, ContactRecord]]:
        with self._store.reading() as s:
            return [(c.id, _record(c)) for c in s.scalars(select(Contact).order_by(Contact.id))]

    @staticmethod
    def _checked(record: ContactRecord) -> ContactRecord:
        clean = replace(
            record,
            name=" ".join(record.name.split()),
            role=record.role.strip(),
            email=record.email.strip(),
            phone=record.phone.strip(),
        )
        if not clean.name:
            raise NotAllowed("name", "Enter the contact's name.")
        if clean.email and not _EMAIL.fullmatch(clean.email):
            raise NotAllowed("email", f"{clean.name}: “{clean.email}” is not an email address.")
        return clean

    def save_contact(self, contact_id: int | None, record: ContactRecord) -> tuple[int, Changes]:
        clean = self._checked(record)
        with self._store.transaction() as s:
            return _write_contact(s, contact_id, clean), Changes(annual=True)

    def save_contacts(
        self, rows: list[tuple[int | None, ContactRecord]], reviewed_on: date | None = None
    ) -> Changes:
        """The contacts editor's Save: the list as shown becomes the list kept, in one
        transaction (new rows added, edited ones changed, removed ones deleted); with
        ``reviewed_on``, every contact is marked reviewed that day."""
        clean = [(cid, self._checked(r)) for cid, r in rows]
        with self._store.transaction() as s:
            existing = {c.id: c for c in s.scalars(select(Contact))}
            kept = {cid for cid, _ in clean if cid is not None}
            for old_id, row in existing.items():
                if old_id not in kept:
                    audit(s, "contact", old_id, "delete", {"name": row.name}, {})
                    s.delete(row)
            for cid, record in clean:
                if reviewed_on is not None:
                    record = replace(record, reviewed_on=reviewed_on)
                _write_contact(s, cid, record)
        return Changes(annual=True)

    def delete_contact(self, contact_id: int) -> Changes:
        with self._store.transaction() as s:
            row = s.get(Contact, contact_id)
            if row is None:
                return Changes()
            audit(s, "contact", contact_id, "delete", {"name": row.name}, {})
            s.delete(row)
        return Changes(annual=True)

    def mark_contacts_reviewed(self, on: date) -> Changes:
        """The coordinator checked every contact in PARS on ``on``."""
        with self._store.transaction() as s:
            rows = list(s.scalars(select(Contact)))
            if not rows:
                raise NotAllowed("contacts", "Add your contacts before marking them reviewed.")
            for row in rows:
                audit(
                    s,
                    "contact",
                    row.id,
                    "update",
                    {"reviewed_on": row.reviewed_on},
                    {"reviewed_on": on},
                )
                row.reviewed_on = on
        return Changes(annual=True)


def _write_contact(s: Session, contact_id: int | None, record: ContactRecord) -> int:
    """Create or change one contact (an audit row when anything changed); returns its id."""
    contact = s.get(Contact, contact_id) if contact_id is not None else None
    if contact_id is not None and contact is None:
        raise NotFound(f"contact {contact_id}")
    before = {} if contact is None else fields_of(_record(contact))
    if contact is None:
        contact = Contact()
        s.add(contact)
    for name, value in fields_of(record).items():
        setattr(contact, name, value)
    s.flush()
    if before != fields_of(record):
        action = "update" if before else "create"
        audit(s, "contact", contact.id, action, before, fields_of(record))
    return contact.id


def _record(c: Contact) -> ContactRecord:
    return ContactRecord(c.name, c.role, c.email, c.phone, c.reviewed_on)
