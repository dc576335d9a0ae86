"""PARS Desktop: offline-first reporting of CME activities and learner completions to ACCME PARS."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pars-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
