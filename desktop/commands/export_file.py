"""``pars-desktop export``: PARS batch XML, the tab-delimited template, or workbooks."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from typing import TextIO

from desktop.commands import exit_codes
from desktop.core import Core
from desktop.models.store import Store


def command(core: Core, args: Namespace, out: TextIO, err: TextIO) -> int:
    return run(
        core.store,
        what=args.what,
        fmt=args.format,
        year=args.year,
        out_path=args.out,
        out=out,
        err=err,
    )


def run(
    store: Store, *, what: str, fmt: str, year: int | None, out_path: Path, out: TextIO, err: TextIO
) -> int:
    from desktop.exports.run import export

    if what == "completions" and fmt == "tab":
        err.write("pars-desktop export: the tab-delimited template is for activities only.\n")
        return exit_codes.USAGE
    if not out_path.parent.is_dir():
        err.write(
            f"pars-desktop export: cannot write {out_path}: there is no folder {out_path.parent}.\n"
        )
        return exit_codes.USAGE
    try:
        result = export(store, what, fmt, year, out_path)
    except OSError as e:
        err.write(f"pars-desktop export: cannot write {out_path}: {e.strerror or e}.\n")
        return exit_codes.USAGE
    out.write(f"Wrote {result.written:,} {what} to {out_path}.\n")
    if result.note:
        out.write(result.note + "\n")
    return exit_codes.OK
