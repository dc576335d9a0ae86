"""Exit codes shared by every subcommand, documented in ``pars-desktop --help``."""

OK = 0
PROBLEMS = 1  # some records are rejected, held back or incomplete
USAGE = 2
CREDENTIALS = 3
NETWORK = 4
CANCELLED = 5
STORE = (
    6  # the store cannot be used: damaged, newer, not a store, read-only, another user's, disk full
)
UNEXPECTED = 7  # a bug: the traceback is in the log, the user gets one line

EPILOG = (
    "exit codes: 0 all good; 1 some records need attention; 2 usage error; "
    "3 PARS refused the credentials; 4 PARS could not be reached; 5 cancelled; "
    "6 the store cannot be used; 7 unexpected error (details in the log)"
)
