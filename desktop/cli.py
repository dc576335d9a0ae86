"""The headless command line (SPEC M15) over the same store and services as the app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from desktop import __version__
from desktop.commands import exit_codes
from desktop.models import error_log
from desktop.models.paths import STORE_ENV
from desktop.sync.settings import SyncSettings


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 86_400:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (up to 86400)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pars-desktop",
        description="Report CME activities and learner completions to ACCME PARS.",
        epilog=exit_codes.EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"pars-desktop {__version__}")
    parser.add_argument(
        "--self-check", action="store_true", help="check this installation works, then exit"
    )
    parser.add_argument(
        "--store",
        type=Path,
        help=f"the local store file (default: ${STORE_ENV}, else the per-user data folder)",
    )
    sub = parser.add_subparsers(dest="command")
    validate = sub.add_parser("validate", help="print each activity's status and what blocks it")
    validate.add_argument("--json", action="store_true", help="machine-readable output")
    status = sub.add_parser("status", help="counts by state, pending work, errors, conflicts")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    sub.add_parser("check", help="check the whole store file for damage; list its backups")
    sync = sub.add_parser("sync", help="send pending changes to PARS and fetch its decisions")
    where = sync.add_mutually_exclusive_group()
    where.add_argument("--sandbox", action="store_true", help="use the embedded practice sandbox")
    where.add_argument("--url", help="PARS web-services base URL (default: from Settings)")
    sync.add_argument("--user", help="web-services user name (default: from Settings)")
    sync.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    sync.add_argument("--dry-run", action="store_true", help="say what would be sent; send nothing")
    sync.add_argument("--batch-size", type=int, default=500, help="records per request")
    sync.add_argument("--json", action="store_true", help="machine-readable output")
    sync.add_argument(
        "--deadline",
        type=_seconds,
        default=SyncSettings.sync_deadline,
        metavar="SECONDS",
        help="stop the whole run after this long (exit 4); default %(default).0f",
    )
    imp = sub.add_parser("import", help="import a spreadsheet (.xlsx, .xls, .csv, .txt)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--kind", choices=["activities", "completions", "learners"])
    imp.add_argument("--mapping", help="a column mapping saved in the import dialog")
    imp.add_argument("--dry-run", action="store_true", help="check every row; import nothing")
    imp.add_argument("--json", action="store_true", help="machine-readable output")
    exp = sub.add_parser("export", help="write PARS batch XML, the tab template or a workbook")
    exp.add_argument("--what", choices=["activities", "completions"], required=True)
    exp.add_argument("--format", choices=["xml", "tab", "xlsx"], required=True)
    exp.add_argument("--year", type=int, help="only this reporting year")
    exp.add_argument("out", type=Path)
    sync.add_argument(
        "--send-unmatched",
        action="store_true",
        help="send completions of learners PARS does not recognise (default: hold them back)",
    )
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run a command; return the process exit code. No command opens the desktop app."""
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    error_log.configure()  # once, here: the window and every command log the same way
    if args.self_check:
        from desktop.self_check import run as self_check

        return self_check(out)
    if args.command is None:
        from desktop.app import run_app  # Qt is loaded only when the window is wanted

        return int(run_app(args.store))
    return _guarded(args, out, err)


def _guarded(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the command; every failure is one line on ``err`` and its exit code, never a
    traceback (an unexpected one goes to the log, without its message)."""
    from desktop.models.paths import default_store_path
    from desktop.models.store_problem import StoreProblem, store_failure

    try:
        return _command(args, out, err)
    except StoreProblem as e:
        err.write(f"pars-desktop: {e.message()}\n")
        return exit_codes.STORE
    except KeyboardInterrupt:
        err.write("pars-desktop: cancelled; nothing half-done was kept.\n")
        return exit_codes.CANCELLED
    except Exception as e:
        problem = store_failure(e, (args.store or default_store_path()).resolve())
        if problem is not None:
            err.write(f"pars-desktop: {problem.message()}\n")
            return exit_codes.STORE
        logged = error_log.record(e)
        where = f"details are in {logged}" if logged else "the log could not be written"
        err.write(f"pars-desktop: unexpected error ({type(e).__name__}); {where}.\n")
        return exit_codes.UNEXPECTED


def _command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Imported here: opening the desktop app (no command) must not wait for them.
    from desktop.commands import status, sync, validate
    from desktop.models.services import ActivityService
    from desktop.models.store import open_store

    store = open_store(args.store)
    today = date.today()
    try:
        if args.command == "validate":
            return validate.run(ActivityService(store, lambda: today), as_json=args.json, out=out)
        if args.command == "check":
            from desktop.commands import check_store

            return check_store.run(store, out=out)
        if args.command == "status":
            return status.run(store, as_json=args.json, out=out, today=today)
        if args.command == "import":
            from desktop.commands import import_file

            return import_file.run(
                store,
                args.file,
                kind=args.kind,
                mapping=args.mapping,
                dry_run=args.dry_run,
                as_json=args.json,
                out=out,
                err=err,
                today=today,
            )
        if args.command == "export":
            from desktop.commands import export_file

            return export_file.run(
                store,
                what=args.what,
                fmt=args.format,
                year=args.year,
                out_path=args.out,
                out=out,
                err=err,
            )
        if args.command == "sync":
            return sync.run(
                store,
                sandbox=args.sandbox,
                url=args.url,
                user=args.user,
                password_stdin=args.password_stdin,
                dry_run=args.dry_run,
                as_json=args.json,
                batch_size=args.batch_size,
                send_unmatched=args.send_unmatched,
                deadline=args.deadline,
                out=out,
                err=err,
                today=today,
            )
    finally:
        store.close()
    return exit_codes.USAGE
