"""Run the sandbox on a werkzeug server in a background thread (tests, the app's practice mode)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

from pars_sandbox.app import create_app
from pars_sandbox.settings import Settings


class SandboxServer:
    """A real HTTP server on 127.0.0.1; ``port=0`` picks a free port."""

    def __init__(
        self,
        db_path: Path,
        port: int = 0,
        settings: Settings | None = None,
        today: Callable[[], date] = date.today,
        host: str = "127.0.0.1",
    ) -> None:
        self.settings = settings or Settings()
        self.app = create_app(db_path, self.settings, today)
        self._server: BaseWSGIServer = make_server(host, port, self.app, threaded=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="pars-sandbox", daemon=True
        )
        # werkzeug logs every request; a dropped connection is expected here, not news.
        logging.getLogger("werkzeug").setLevel(logging.CRITICAL)

    @property
    def port(self) -> int:
        return self._server.server_port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> SandboxServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()
        self.app.extensions["pars_sandbox"]["storage"].close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
