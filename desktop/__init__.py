"""PARS Desktop: offline-first reporting of CME activities and learner completions to ACCME PARS."""

# The one place the version is written; pyproject.toml reads it from here. A constant, not
# importlib.metadata: that lookup alone cost 40 ms of every start-up.
__version__ = "0.1.0"
