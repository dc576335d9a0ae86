"""Entry point for ``python -m desktop``, the ``pars-desktop`` script and the frozen app."""

from __future__ import annotations

import sys

from desktop.cli import main as cli_main


def main() -> None:
    sys.exit(cli_main())


if __name__ == "__main__":
    main()
