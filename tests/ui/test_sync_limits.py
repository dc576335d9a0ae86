"""The window against a PARS that never answers: the wait is shown as it grows, Cancel ends
the sync within 2 s, and a run past its time limit says so in one line (issue 18, item 4)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.store import Store
from desktop.sync.credentials import Credentials
from desktop.sync.settings import SyncSettings
from desktop.ui.context import AppContext, build_context
from desktop.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.factories import closable_activity, completion, learner
from tests.sync.hostile import Behaviour, HostileServer
from tests.sync.test_credentials import FakeKeyring


@pytest.fixture
def silent() -> Iterator[HostileServer]:
    with HostileServer(Behaviour(mode="silent")) as server:
        yield server


@pytest.fixture
def real_account(store: Store, tmp_path: Path, silent: HostileServer) -> Iterator[AppContext]:
    ctx = build_context(store, tmp_path / "prefs.ini", today=lambda: TODAY)
    ctx.core.credentials = Credentials(FakeKeyring())  # type: ignore[arg-type]
    ctx.core.provider.save(
        accme_provider_id="0012345", endpoint_url=silent.url, ws_username="cme-office"
    )
    ctx.core.credentials.set("cme-office", "s3cret-password")
    ctx.core.activities.create(closable_activity(provider_activity_id="W-1"))
    yield ctx
    ctx.tasks.wait()
    ctx.core.close()


def _window(ctx: AppContext, qtbot: QtBot) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.loaded, timeout=10_000):
        w.show()
    return w


def test_the_wait_is_shown_and_cancel_ends_the_sync_within_2_s(
    real_account: AppContext, silent: HostileServer, qtbot: QtBot
) -> None:
    ctx = real_account
    window = _window(ctx, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F5)

    def waiting_shown() -> bool:
        dialog = window.progress_dialog
        return dialog is not None and "waiting for PARS, 2 s" in dialog.labelText()

    qtbot.waitUntil(waiting_shown, timeout=10_000)
    assert any(s.path == "/activities" for s in silent.seen)
    pressed = time.monotonic()
    with qtbot.waitSignal(window.sync_finished, timeout=2_000) as finished:
        qtbot.keyClick(window.progress_dialog, Qt.Key.Key_Escape)  # the dialog's Cancel
    assert time.monotonic() - pressed < 2
    report = finished.args[0]
    assert report.cancelled and report.activities_accepted == 0
    assert window.statusBar().currentMessage().startswith("Sync cancelled")


def test_a_sync_past_its_time_limit_stops_with_one_line(
    real_account: AppContext, qtbot: QtBot
) -> None:
    ctx = real_account
    ctx.core.sync_limits = SyncSettings(request_deadline=1, call_deadline=1.5, sync_deadline=2)
    window = _window(ctx, qtbot)
    with qtbot.waitSignal(window.sync_finished, timeout=6_000) as finished:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    report = finished.args[0]
    assert report.error_kind == "network" and not report.cancelled
    message = window.statusBar().currentMessage()
    assert message.startswith("Sync stopped: PARS could not be reached") and "\n" not in message
    assert "Traceback" not in message


def test_closing_the_window_ends_a_background_match_waiting_on_pars(
    real_account: AppContext, silent: HostileServer, qtbot: QtBot
) -> None:
    ctx = real_account
    activity, _ = ctx.core.activities.create(closable_activity(provider_activity_id="W-2"))
    ctx.core.learners.enter_completions(activity, [(learner(), completion())])
    window = _window(ctx, qtbot)
    qtbot.waitUntil(
        lambda: any(s.path == "/learner-match" for s in silent.seen), timeout=10_000
    )  # online (the probe answered), and the background match is waiting on PARS
    pressed = time.monotonic()
    window.close()
    assert time.monotonic() - pressed < 2  # not the 30 s the task pool would wait
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=1000)
