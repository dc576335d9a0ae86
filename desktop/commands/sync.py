"""``pars-desktop sync``: one run of the sync engine, with progress and a readable result."""

from __future__ import annotations

import getpass
import json
import signal
import sys
import threading
from dataclasses import asdict
from datetime import date
from typing import TextIO

from sqlalchemy import select

from desktop.commands import exit_codes
from desktop.models.endpoint_url import UrlRefused, check_endpoint_url
from desktop.models.entities import Provider
from desktop.models.store import Store
from desktop.practice import start_practice_sandbox
from desktop.sync.client import ParsClient
from desktop.sync.credentials import Credentials
from desktop.sync.engine import SyncEngine
from desktop.sync.report import Progress, SyncReport
from desktop.sync.settings import Endpoint, SyncSettings
from pars_sandbox.server import SandboxServer


class EndpointProblem(Exception):
    pass


class AddressProblem(Exception):
    """The PARS address may not carry the password (clear text, '@' in it): a usage error."""


def run(
    store: Store,
    *,
    sandbox: bool,
    url: str | None,
    user: str | None,
    password_stdin: bool,
    dry_run: bool,
    as_json: bool,
    batch_size: int,
    out: TextIO,
    send_unmatched: bool = False,
    deadline: float = SyncSettings.sync_deadline,
    err: TextIO,
    today: date,
) -> int:
    settings = SyncSettings(
        batch_size=batch_size, hold_unmatched=not send_unmatched, sync_deadline=deadline
    )
    server: SandboxServer | None = None
    try:
        if dry_run:
            endpoint = Endpoint("http://127.0.0.1:9", "", "")  # never contacted in a dry run
        else:
            endpoint, server = _endpoint(store, sandbox, url, user, password_stdin)
    except AddressProblem as e:
        err.write(f"pars-desktop sync: {e}\n")
        return exit_codes.USAGE
    except EndpointProblem as e:
        err.write(f"pars-desktop sync: {e}\n")
        return exit_codes.CREDENTIALS
    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda _s, _f: cancel.set()) if _main_thread() else None
    try:
        with ParsClient(endpoint, settings, cancel) as client:
            report = SyncEngine(store, client, settings, lambda: today).run(_progress(err), dry_run)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        if server is not None:
            server.stop()
    _print(report, as_json, out, err, server is not None)
    return _code(report)


def _endpoint(
    store: Store, sandbox: bool, url: str | None, user: str | None, password_stdin: bool
) -> tuple[Endpoint, SandboxServer | None]:
    with store.reading() as s:
        provider = s.scalar(select(Provider).limit(1))
        configured_url = provider.endpoint_url if provider else ""
        configured_user = provider.ws_username if provider else ""
        ca_bundle = provider.ca_bundle if provider else ""
    target = None if sandbox else (url or configured_url or None)
    if target is None:
        server, endpoint = start_practice_sandbox(store.path)
        return endpoint, server
    try:
        # Before any password is read: a clear-text or '@' address is refused outright.
        target = check_endpoint_url(target)
    except UrlRefused as e:
        raise AddressProblem(f"--url {target}: {e}" if url else str(e)) from None
    username = user or configured_user
    if not username:
        raise EndpointProblem("no web-services user name: give --user or set it in Settings")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = Credentials().get(username) or ""
        if not password and sys.stdin.isatty():
            password = getpass.getpass(f"PARS password for {username}: ")
    if not password:
        raise EndpointProblem(
            "no password: store it in the OS keyring from the app, or pass --password-stdin"
        )
    return Endpoint(target, username, password, ca_bundle), None


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _progress(err: TextIO) -> Progress:
    tty = err.isatty()

    def show(done: int, total: int, message: str) -> None:
        if tty:
            err.write(f"\r{done}/{total} {message}\033[K")
        else:
            err.write(f"progress {done}/{total} {message}\n")
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
    for w in report.warnings:
        out.write(f"  ! {w.entity} {w.key} {w.field}: {w.message}\n")
    for p in report.problems:
        tag = "held" if p.held else "rejected"
        out.write(f"  - {p.entity} {p.key} {p.field} ({tag}): {p.message}\n")
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
