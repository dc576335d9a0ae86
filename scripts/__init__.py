"""Developer scripts, run as files (``python scripts/…``); a package so tests can use them."""
