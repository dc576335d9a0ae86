"""The headless command line (SPEC M15): the core's other face, beside the window.

It opens the same ``Core`` (``desktop.core.open_core``) with the same stored settings as the
window, so a choice made in Settings — hold unmatched learners, records per request, the wire
format — applies here too. Global options (``--store``, ``--settings``) may come before or after
the subcommand; each subcommand names its handler with ``set_defaults(func=…)``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop import __version__
from desktop.commands import (
    check_store,
    exit_codes,
    export_file,
    import_file,
    status,
    sync,
    validate,
)
from desktop.core.settings import SETTINGS_ENV
from desktop.models import error_log
from desktop.models.paths import STORE_ENV


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 86_400:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (up to 86400)")
    return value


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    # Given to the main parser (default None) and to every subcommand (default SUPPRESS, so an
    # option before the subcommand is not overwritten by its absence after it).
    parser.add_argument(
        "--store",
        type=Path,
        default=default,
        help=f"the local store file (default: ${STORE_ENV}, else the per-user data folder)",
    )
    parser.add_argument(
        "--settings",
        type=Path,
        default=default,
        help=f"the settings file the window writes (default: ${SETTINGS_ENV}, else the "
        "per-user config folder)",
    )


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
    _global_options(parser, None)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[common], epilog=exit_codes.EPILOG)

    p = command("validate", "print each activity's status and what blocks it")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=validate.command)

    p = command("status", "counts by state, pending work, errors, conflicts")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=status.command)

    p = command("check", "check the whole store file for damage; list its backups")
    p.set_defaults(func=check_store.command)

    p = command("sync", "send pending changes to PARS and fetch its decisions")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--sandbox", action="store_true", help="use the embedded practice sandbox")
    where.add_argument("--url", help="PARS web-services base URL (default: from Settings)")
    p.add_argument("--user", help="web-services user name (default: from Settings)")
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="say what would be sent and held; send nothing"
    )
    p.add_argument(
        "--batch-size", type=int, help="records per request (default: from Settings, else 500)"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--deadline",
        type=_seconds,
        metavar="SECONDS",
        help="stop the whole run after this long (exit 4); default 3600",
    )
    hold = p.add_mutually_exclusive_group()
    hold.add_argument(
        "--send-unmatched",
        dest="hold_unmatched",
        action="store_false",
        default=None,
        help="send completions of learners PARS does not recognise (default: from Settings)",
    )
    hold.add_argument(
        "--hold-unmatched",
        dest="hold_unmatched",
        action="store_true",
        default=None,
        help="hold them back until the identity is fixed (the default in Settings)",
    )
    p.set_defaults(func=sync.command)

    p = command("import", "import a spreadsheet (.xlsx, .xls, .csv, .txt)")
    p.add_argument("file", type=Path)
    p.add_argument("--kind", choices=["activities", "completions", "learners"])
    p.add_argument(
        "--activity",
        metavar="PAI",
        help="the Provider Activity ID these completions belong to (a sign-in sheet)",
    )
    p.add_argument("--mapping", help="a column mapping saved in the import dialog")
    p.add_argument("--dry-run", action="store_true", help="check every row; import nothing")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=import_file.command)

    p = command("export", "write PARS batch XML, the tab template or a workbook")
    p.add_argument("--what", choices=["activities", "completions"], required=True)
    p.add_argument("--format", choices=["xml", "tab", "xlsx"], required=True)
    p.add_argument("--year", type=int, help="only this reporting year")
    p.add_argument("out", type=Path)
    p.set_defaults(func=export_file.command)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run a command; return the process exit code. No command opens the desktop app."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as e:  # --help, --version (0) and usage errors (2), already printed
        return int(e.code) if isinstance(e.code, int) else exit_codes.USAGE
    error_log.configure()  # once, here: the window and every command log the same way
    if args.self_check:
        from desktop.self_check import run as self_check

        return self_check(out)
    if args.command is None:
        from desktop.app import run_app  # Qt is loaded only when the window is wanted

        return int(run_app(args.store, args.settings))
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
    # Imported here: opening the desktop app (no command) must not wait for SQLAlchemy.
    from desktop.core import open_core

    core = open_core(args.store, args.settings)
    try:
        code: int = args.func(core, args, out, err)
        return code
    finally:
        core.close()
