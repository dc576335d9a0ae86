"""Exit codes shared by every subcommand, documented in ``pars-desktop --help``."""

OK = 0
PROBLEMS = 1  # some records are rejected, held back or incomplete
USAGE = 2
CREDENTIALS = 3
NETWORK = 4
CANCELLED = 5

EPILOG = (
    "exit codes: 0 all good; 1 some records need attention; 2 usage error; "
    "3 PARS refused the credentials; 4 PARS could not be reached; 5 cancelled"
)
