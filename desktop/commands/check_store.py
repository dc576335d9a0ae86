"""``pars-desktop check``: the full integrity check on demand, and the backups there are."""

from __future__ import annotations

from argparse import Namespace
from typing import TextIO

from desktop.commands import exit_codes
from desktop.core import Core
from desktop.models.backup import list_backups
from desktop.models.store import Store
from desktop.models.store_checks import read_revision


def command(core: Core, _args: Namespace, out: TextIO, _err: TextIO) -> int:
    return run(core.store, out=out)


def run(store: Store, *, out: TextIO) -> int:
    """Exit 0 when the store passes; a damaged one raises ``StoreProblem`` (exit 6)."""
    revision = read_revision(store.path, check="integrity_check")
    backups = list_backups(store.path)
    out.write(f"{store.path}: integrity check ok (schema {revision}).\n")
    out.write(
        f"{len(backups)} backup(s); newest: {backups[0]}\n" if backups else "No backups yet.\n"
    )
    return exit_codes.OK
