"""``python -m pars_sandbox --port N --db PATH``: serve the PARS sandbox on 127.0.0.1."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from pathlib import Path

from pars_sandbox.server import SandboxServer
from pars_sandbox.settings import ADMIN_PASSWORD_ENV, ADMIN_USER, Faults, Settings


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m pars_sandbox", description="A local stand-in for ACCME PARS."
    )
    p.add_argument("--port", type=int, default=8765)
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: loopback only)"
    )
    p.add_argument("--db", type=Path, default=Path("pars-sandbox.sqlite3"))
    p.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="USER:PASSWORD",
        help="a web-services account (default: sandbox:sandbox)",
    )
    p.add_argument(
        "--seed", type=int, default=20250101, help="seed of the synthetic physician directory"
    )
    p.add_argument("--board-polls", type=int, default=1)
    p.add_argument(
        "--practice",
        action="store_true",
        help="simulated matching: any well-formed identity is known (except Notfound, Several)",
    )
    for name in ("error-rate", "throttle-rate", "drop-rate", "malformed-rate"):
        p.add_argument(f"--{name}", type=float, default=0.0)
    p.add_argument("--latency-ms", type=int, default=0)
    p.add_argument("--retry-after", type=int, default=1)
    p.add_argument("--fault-seed", type=int, default=0)
    args = p.parse_args(argv)
    accounts = dict(a.split(":", 1) for a in args.account) if args.account else None
    try:
        faults = Faults.from_dict(
            {
                "error_rate": args.error_rate,
                "throttle_rate": args.throttle_rate,
                "drop_rate": args.drop_rate,
                "malformed_rate": args.malformed_rate,
                "latency_ms": args.latency_ms,
                "retry_after": args.retry_after,
                "seed": args.fault_seed,
            }
        )
    except ValueError as e:
        p.error(str(e))
    settings = Settings(
        directory_seed=args.seed,
        board_polls=args.board_polls,
        faults=faults,
        practice=args.practice,
    )
    if accounts:
        settings.accounts = accounts
    # From the environment, not argv: other users can read a process's arguments.
    given = os.environ.get(ADMIN_PASSWORD_ENV, "")
    if given:
        settings.admin_password = given
    server = SandboxServer(args.db, args.port, settings, host=args.host)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server.start()
    print(f"PARS sandbox serving on {server.url} (database {args.db})", flush=True)
    if not given:
        print(f"admin API: user {ADMIN_USER!r}, password {settings.admin_password}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
