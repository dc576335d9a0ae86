"""The provider this store reports for, and where its PARS account lives (SPEC §2.1)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from desktop.models.changes import Changes
from desktop.models.endpoint_url import UrlRefused, check_endpoint_url
from desktop.models.entities import Provider
from desktop.models.records import ProviderRecord
from desktop.models.rules.checks import is_valid_month_day
from desktop.models.services.errors import NotAllowed
from desktop.models.services.journal import audit, fields_of
from desktop.models.store import Store

_PROVIDER_ID = re.compile(r"\d{7}")


class ProviderService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self) -> ProviderRecord | None:
        """None until the coordinator has been asked (first run)."""
        with self._store.reading() as s:
            p = s.scalar(select(Provider).order_by(Provider.id).limit(1))
            if p is None:
                return None
            return ProviderRecord(
                p.accme_provider_id,
                p.name,
                p.ws_username,
                p.endpoint_url,
                p.ca_bundle,
                p.deadline_month,
                p.deadline_day,
            )

    def save(self, **values: Any) -> Changes:
        current = self.get() or ProviderRecord()
        cleaned: dict[str, Any] = {
            k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()
        }
        new = replace(current, **cleaned)
        if new.accme_provider_id and not _PROVIDER_ID.fullmatch(new.accme_provider_id):
            raise NotAllowed(
                "provider_id", "The ACCME Provider ID has 7 digits (keep leading zeros)."
            )
        if new.endpoint_url:
            try:
                new = replace(new, endpoint_url=check_endpoint_url(new.endpoint_url))
            except UrlRefused as e:
                raise NotAllowed("endpoint_url", str(e)) from None
        if (new.deadline_month is None) != (new.deadline_day is None) or (
            new.deadline_month is not None
            and new.deadline_day is not None
            and (
                not is_valid_month_day(new.deadline_month, new.deadline_day)
                or (new.deadline_month, new.deadline_day) == (2, 29)  # not every year has it
            )
        ):
            raise NotAllowed("deadline", "Enter the deadline as a month and day, e.g. 03/31.")
        with self._store.transaction() as s:
            p = s.scalar(select(Provider).order_by(Provider.id).limit(1))
            if p is None:
                p = Provider()
                s.add(p)
            for name, value in fields_of(new).items():
                setattr(p, name, value)
            s.flush()
            audit(s, "provider", p.id, "update", fields_of(current), fields_of(new))
        return Changes(provider=True)
