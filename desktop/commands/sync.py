"""``pars-desktop sync``: one run of the sync engine, with progress and a readable result."""

from __future__ import annotations

import getpass
import json
import signal
import sys
import threading
from argparse import Namespace
from dataclasses import asdict, replace
from typing import TextIO

from desktop.commands import exit_codes
from desktop.core import Core
from desktop.core.endpoint import EndpointRefused, NoCredentials, Target
from desktop.sync.report import Progress, SyncReport


def command(core: Core, args: Namespace, out: TextIO, err: TextIO) -> int:
    """One run with the settings the window saved; options given here win for this run."""
    settings = core.sync_settings()
    overrides: dict[str, object] = {}
    if args.batch_size is not None:
        overrides["batch_size"] = args.batch_size
    if args.hold_unmatched is not None:
        overrides["hold_unmatched"] = args.hold_unmatched
    if args.deadline is not None:
        overrides["sync_deadline"] = args.deadline
    settings = replace(settings, **overrides)  # type: ignore[arg-type]
    target = Target(
        practice=args.sandbox,
        url=args.url,
        user=args.user,
        password=_read_stdin if args.password_stdin else None,
        ask_password=_ask if sys.stdin.isatty() else None,
    )
    practice = core.practice(target)
    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda _s, _f: cancel.set()) if _main_thread() else None
    try:
        report = core.run_sync(
            cancel, _progress(err), dry_run=args.dry_run, target=target, settings=settings
        )
    except EndpointRefused as e:
        err.write(f"pars-desktop sync: {e}\n")
        return exit_codes.USAGE
    except NoCredentials as e:
        err.write(f"pars-desktop sync: {e}\n")
        return exit_codes.CREDENTIALS
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    _print(report, args.json, out, err, practice and not args.dry_run)
    return _code(report)


def _read_stdin(_user: str) -> str:
    return sys.stdin.readline().rstrip("\n")


def _ask(user: str) -> str:
    return getpass.getpass(f"PARS password for {user}: ")


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _progress(err: TextIO) -> Progress:
    tty = err.isatty()

    def show(done: int, total: int, message: str) -> None:
        # ``total`` counts every record of the whole sync; the message names the step now
        # running. Said as such: "0/4 activities" read as four activities when there was one.
        line = f"{done} of {total} records done — now: {message}"
        if tty:
            err.write(f"\r{line}\033[K")
        else:
            err.write(f"progress: {line}\n")
        err.flush()

    return show


def _print(report: SyncReport, as_json: bool, out: TextIO, err: TextIO, practice: bool) -> None:
    if err.isatty():
        err.write("\n")
    if as_json:
        data = asdict(report)
        data["practice_mode"] = practice
        json.dump(data, out, indent=2, default=str)
        out.write("\n")
        return
    if practice:
        out.write("Practice mode: records went to the local PARS sandbox, not to ACCME.\n")
    verb = "Would send" if report.dry_run else "Sent"
    out.write(
        f"{verb} {report.activities_sent} activities ({report.activities_accepted} accepted, "
        f"{report.activities_deleted} deleted) and {report.completions_sent} learner completions "
        f"({report.completions_accepted} accepted, {report.completions_deleted} deleted).\n"
    )
    if report.statuses_updated or report.pulled or report.conflicts:
        out.write(
            f"Board decisions: {report.statuses_updated}; taken from PARS: {report.pulled}; conflicts: {report.conflicts}.\n"
        )
    # Named as the coordinator knows them: a learner and the activity, not a Credit ID.
    for w in report.warnings:
        out.write(f"  ! {w.entity} {w.label or w.key} {w.field}: {w.message}\n")
    for p in report.problems:
        tag = "held" if p.held else "rejected"
        out.write(f"  - {p.entity} {p.label or p.key} {p.field} ({tag}): {p.message}\n")
    if report.error:
        out.write(f"Stopped: {report.error}\n")


def _code(report: SyncReport) -> int:
    if report.cancelled:
        return exit_codes.CANCELLED
    if report.error_kind == "auth":
        return exit_codes.CREDENTIALS
    if report.error_kind == "address":
        return exit_codes.USAGE
    if report.error:
        return exit_codes.NETWORK
    return exit_codes.PROBLEMS if report.problems else exit_codes.OK
