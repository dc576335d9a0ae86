"""One side of the import race: plan a file, say so, wait for "go", then commit.

Run as ``python -m tests.models.import_racer STORE FILE``. The test starts two, lets both plan
(each sees a store without the file's rows), then says "go" to both at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.models.importing.commit import commit_import
from desktop.models.importing.problems import ImportProblem
from desktop.models.importing.session import plan, prepare
from desktop.models.store import open_store
from tests.conftest import TODAY


def main(store_path: str, file: str) -> None:
    store = open_store(Path(store_path))
    result = plan(store, prepare(store, Path(file), None), TODAY)
    print(f"planned {len(result.valid)}", flush=True)
    assert sys.stdin.readline().strip() == "go"
    try:
        batch, _ = commit_import(store, result, TODAY)
        print(f"imported {len(result.valid)} as {batch}", flush=True)
    except ImportProblem as e:
        print(f"refused: {e}", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
