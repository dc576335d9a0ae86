"""Entry point for ``python -m desktop``, the ``pars-desktop`` script and the frozen app."""

from __future__ import annotations

import os
import sys

from desktop.cli import main as cli_main


def main() -> None:
    # The frozen window (built windowed, so Windows opens no console behind it) starts with no
    # stdout or stderr there; what it would print goes nowhere rather than failing. Commands
    # are for pars-desktop-cli, the bundle's console program.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    sys.exit(cli_main())


if __name__ == "__main__":
    main()
