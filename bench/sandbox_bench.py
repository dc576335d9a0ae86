"""The sandbox alone: POST /learner-activities with 500 reports per document; reports/s.

The sandbox runs as its own process (as in practice mode); documents are built before timing so
only the sandbox's work (parse, validate, match, store, answer) and loopback HTTP are measured.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.models.records import CreditRecord  # noqa: E402
from desktop.sync.contract.activity_document import ActivityEnvelope, build_activities  # noqa: E402
from desktop.sync.contract.learner_document import LearnerReport, build_learner_reports  # noqa: E402
from desktop.sync.contract.names import ProviderIdentity  # noqa: E402
from desktop.sync.contract.results_document import ResultStatus, parse_results  # noqa: E402
from tests.factories import closable_activity, completion  # noqa: E402
from tests.sandbox.helpers import unique_people  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sandbox_process import sandbox_process  # noqa: E402

from tests.physicians import as_learner  # noqa: E402

PER_DOCUMENT = 500
DOCUMENTS = 20
AUTH = ("sandbox", "sandbox")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sandbox_process(Path(tmp) / "bench.sqlite3") as url:
        activity = replace(closable_activity(), end_date=closable_activity().end_date)
        r = requests.post(
            f"{url}/activities",
            data=build_activities([ActivityEnvelope(activity)]),
            auth=AUTH,
            timeout=30,
        )
        accme = parse_results(r.content)[0].accme_activity_id or ""
        people = unique_people()
        docs = []
        n = 0
        for _ in range(DOCUMENTS):
            reports = []
            for _ in range(PER_DOCUMENT):
                p = people[n % len(people)]
                c = completion(
                    credits=(
                        CreditRecord(None, Decimal("1.5"), f"ccid:bench:B{n}"),
                        CreditRecord("ABIM", Decimal("1.5"), f"ccid:bench:M{n}"),
                    )
                )
                reports.append(LearnerReport(as_learner(p), accme, c, "Bench"))
                n += 1
            docs.append(build_learner_reports(reports, ProviderIdentity("0012345", "Bench")))
        with requests.Session() as session:
            session.auth = AUTH
            start = time.perf_counter()
            accepted = 0
            for doc in docs:
                results = parse_results(
                    session.post(f"{url}/learner-activities", data=doc, timeout=60).content
                )
                accepted += sum(1 for x in results if x.status is ResultStatus.ACCEPTED)
            elapsed = time.perf_counter() - start
    total = DOCUMENTS * PER_DOCUMENT
    print(
        f"sandbox: {total:,} learner reports in {DOCUMENTS} documents of {PER_DOCUMENT}: {elapsed:.2f} s"
    )
    print(f"sandbox: {total / elapsed:,.0f} reports/s ({accepted:,} accepted)")


if __name__ == "__main__":
    main()
