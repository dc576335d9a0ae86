"""The sandbox guards its admin API (issue 18, item 6): credentials and JSON, or nothing."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from pars_sandbox.server import SandboxServer
from tests.factories import closable_activity
from tests.sandbox.helpers import AUTH, TIMEOUT, admin, counts, edit_on_server, send_activities

FORM_TYPES = ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")
ADMIN_POSTS = (
    ("faults", b'{"error_rate": 1.0}'),
    ("board-polls", b'{"polls": 7}'),
    ("reset", b"{}"),
)


def _state(sandbox: SandboxServer) -> tuple[Any, ...]:
    c = counts(sandbox)
    s = sandbox.settings
    return c["activities"], s.faults.error_rate, s.board_polls


@pytest.mark.parametrize("auth", [None, AUTH, ("admin", "sandbox"), ("admin", "")])
def test_admin_calls_without_the_admin_credentials_are_refused(
    sandbox: SandboxServer, auth: tuple[str, str] | None
) -> None:
    send_activities(sandbox, closable_activity())
    before = _state(sandbox)
    for path, body in ADMIN_POSTS:
        r = requests.post(
            f"{sandbox.url}/_admin/{path}",
            data=body,
            headers={"Content-Type": "application/json"},
            auth=auth,
            timeout=TIMEOUT,
        )
        assert r.status_code == 401, (path, r.status_code)
    r = requests.get(f"{sandbox.url}/_admin/counts", auth=auth, timeout=TIMEOUT)
    assert r.status_code == 401 and "activities" not in r.text
    r = requests.put(
        f"{sandbox.url}/_admin/activities/123",
        data=b"<x/>",
        headers={"Content-Type": "application/xml"},
        auth=auth,
        timeout=TIMEOUT,
    )
    assert r.status_code == 401
    assert _state(sandbox) == before  # nothing reset, no faults switched on


@pytest.mark.parametrize("content_type", FORM_TYPES)
def test_admin_bodies_a_cross_site_form_can_send_are_refused(
    sandbox: SandboxServer, content_type: str
) -> None:
    send_activities(sandbox, closable_activity())
    before = _state(sandbox)
    for path, body in ADMIN_POSTS:
        r = requests.post(
            f"{sandbox.url}/_admin/{path}",
            data=body,
            headers={"Content-Type": content_type},
            auth=sandbox.settings.admin_auth,  # even with the credentials
            timeout=TIMEOUT,
        )
        assert r.status_code == 415, (path, r.status_code)
    assert _state(sandbox) == before


def test_the_admin_user_is_no_pars_account_and_admin_json_must_be_an_object(
    sandbox: SandboxServer,
) -> None:
    r = requests.get(
        f"{sandbox.url}/activities/123456789", auth=sandbox.settings.admin_auth, timeout=TIMEOUT
    )
    assert r.status_code == 401
    r = requests.post(
        f"{sandbox.url}/_admin/faults",
        data=b"[1, 2]",
        headers={"Content-Type": "application/json"},
        auth=sandbox.settings.admin_auth,
        timeout=TIMEOUT,
    )
    assert r.status_code == 400 and sandbox.settings.faults.error_rate == 0


def test_with_credentials_and_json_the_admin_api_works(sandbox: SandboxServer) -> None:
    [result] = send_activities(sandbox, closable_activity())
    admin(sandbox, "board-polls", {"polls": 3})
    assert sandbox.settings.board_polls == 3
    r = edit_on_server(sandbox, result.accme_activity_id or "", b"<not a document/>")
    assert r.status_code == 400  # a bad document is a clear 400, not a traceback
    assert counts(sandbox)["activities"] == 1
    admin(sandbox, "reset", {})
    assert counts(sandbox)["activities"] == 0


def test_each_server_has_its_own_admin_password(tmp_path: Any) -> None:
    with (
        SandboxServer(tmp_path / "a.sqlite3") as a,
        SandboxServer(tmp_path / "b.sqlite3") as b,
    ):
        assert a.settings.admin_password != b.settings.admin_password
        assert len(a.settings.admin_password) >= 20
        r = requests.get(f"{a.url}/_admin/counts", auth=b.settings.admin_auth, timeout=TIMEOUT)
        assert r.status_code == 401
