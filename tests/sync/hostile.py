"""A hostile "PARS" on 127.0.0.1: a raw threaded socket server that misbehaves on purpose.

Every request it receives is recorded (method, path, headers, body) so tests can assert what
was — and was not — sent to it. Modes:

- ``redirect``: answer ``status`` with ``Location: location`` (another origin or the same).
- ``ok``: a fixed 200 answer (``body``), e.g. the target of a same-origin redirect.
- ``gzip_bomb``: 200, ``Content-Encoding: gzip``, a small body that inflates to ``bomb_bytes``.
- ``endless``: 200 with no length, zeros until the client hangs up.
- ``drip``: 200 headers, then one byte every ``drip_every`` seconds, for ever.
- ``silent``: read the request, never answer.
- ``retry_after``: 503 with ``Retry-After: retry_after``.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Behaviour:
    mode: str = "ok"
    status: int = 200
    location: str = ""
    body: bytes = b""
    content_type: str = "application/xml"
    bomb_bytes: int = 64 * 1024 * 1024
    drip_every: float = 0.5
    retry_after: str = "999999"
    sent_bytes: list[int] = field(default_factory=list)  # per answer, what got out


@cache
def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes as gzip (about 1,000:1): one 1 MiB member repeated, as gzip allows."""
    member = gzip.compress(bytes(1024 * 1024), compresslevel=9)
    return member * max(1, size // (1024 * 1024))


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        reader = sock.makefile("rb")
        while not self.server.stopping.is_set():
            try:
                seen = _read_request(reader)
            except OSError:
                return  # the client hung up between requests
            if seen is None:
                return
            self.server.seen.append(seen)
            if seen.method == "HEAD":  # the app's "is PARS there?" probe: yes, in every mode
                _send(sock, 200, {"Content-Length": "0"})
                continue
            if not self._answer(sock):
                return

    def _arrived(self, b: Behaviour) -> bool:
        """A same-origin redirect's target is served normally (the ``ok`` answer)."""
        target = urlsplit(b.location)
        here = target.port in (None, self.server.server_address[1])
        return here and self.server.seen[-1].path == target.path

    def _answer(self, sock: socket.socket) -> bool:
        """Act out the behaviour; False when the connection is finished."""
        b = self.server.behaviour
        stopping = self.server.stopping
        try:
            if b.mode == "silent":
                stopping.wait()
                return False
            if b.mode == "redirect" and not self._arrived(b):
                _send(sock, b.status, {"Location": b.location, "Content-Length": "0"})
                return True
            if b.mode == "retry_after":
                _send(sock, 503, {"Retry-After": b.retry_after, "Content-Length": "0"})
                return True
            if b.mode == "gzip_bomb":
                bomb = gzip_bomb(b.bomb_bytes)
                head = {"Content-Encoding": "gzip", "Content-Length": str(len(bomb))}
                _send(sock, 200, {**head, "Content-Type": b.content_type})
                b.sent_bytes.append(_stream(sock, [bomb], stopping))
                return True
            if b.mode == "endless":
                _send(sock, 200, {"Content-Type": b.content_type, "Connection": "close"})
                b.sent_bytes.append(_stream(sock, _zeros(), stopping))
                return False
            if b.mode == "drip":
                _send(sock, 200, {"Content-Type": b.content_type, "Content-Length": "1000000"})
                sent = 0
                while not stopping.wait(b.drip_every):
                    sock.sendall(b" ")
                    sent += 1
                b.sent_bytes.append(sent)
                return False
            head = {"Content-Type": b.content_type, "Content-Length": str(len(b.body))}
            _send(sock, 200 if b.mode == "redirect" else b.status, head)
            sock.sendall(b.body)
            return True
        except OSError:
            return False  # the client hung up: what these modes are for


def _zeros() -> Any:
    block = bytes(64 * 1024)
    while True:
        yield block


def _stream(sock: socket.socket, blocks: Any, stopping: threading.Event) -> int:
    sent = 0
    try:
        for block in blocks:
            if stopping.is_set():
                break
            sock.sendall(block)
            sent += len(block)
    except OSError:
        pass
    return sent


def _send(sock: socket.socket, status: int, headers: dict[str, str]) -> None:
    lines = [f"HTTP/1.1 {status} Hostile", *(f"{k}: {v}" for k, v in headers.items())]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


def _read_request(reader: Any) -> Seen | None:
    line = reader.readline(65536)
    if not line.strip():
        return None
    method, path, _version = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        h = reader.readline(65536).decode("latin-1")
        if h in ("\r\n", "\n", ""):
            break
        name, _, value = h.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = reader.read(int(headers.get("content-length", "0") or 0))
    return Seen(method, path, headers, body)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, behaviour: Behaviour, host: str) -> None:
        super().__init__((host, 0), _Handler)
        self.behaviour = behaviour
        self.seen: list[Seen] = []
        self.stopping = threading.Event()


class HostileServer:
    def __init__(self, behaviour: Behaviour | None = None, host: str = "127.0.0.1") -> None:
        self._server = _Server(behaviour or Behaviour(), host)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def behaviour(self) -> Behaviour:
        return self._server.behaviour

    @behaviour.setter
    def behaviour(self, b: Behaviour) -> None:
        self._server.behaviour = b

    @property
    def seen(self) -> list[Seen]:
        return self._server.seen

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = str(self._server.server_address[0])  # bytes only for AF_UNIX, never here
        return f"http://{host}:{self.port}"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        with contextlib.suppress(OSError):
            self._server.server_close()
        self._thread.join(timeout=5)
