"""Sending a batch PARS may refuse whole: both push phases (activities, completions) split it.

PARS answers a document with one malformed record with a 400 for the whole document, naming
no record. Halving the batch until the bad record is alone sends every good record and pins
the refusal on the one that caused it, in about log2(n) extra requests per bad record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from desktop.sync.errors import DocumentRefused

T = TypeVar("T")
R = TypeVar("R")


def send_in_halves(
    batch: Sequence[T],
    send: Callable[[Sequence[T]], R],
    sent: Callable[[Sequence[T], R], None],
    refused: Callable[[T, DocumentRefused], None],
    progress: Callable[[int], None],
    done: int,
) -> int:
    """Send ``batch``; a document refused whole is split in halves until the bad record is alone.

    ``sent`` stores the answers to a part PARS took; ``refused`` stores the refusal of a record
    sent alone. ``progress`` is told the records done so far, which this returns.
    """
    if not batch:
        return done
    try:
        answers = send(batch)
    except DocumentRefused as e:
        if len(batch) == 1:
            refused(batch[0], e)
            progress(done + 1)
            return done + 1
        middle = len(batch) // 2
        done = send_in_halves(batch[:middle], send, sent, refused, progress, done)
        return send_in_halves(batch[middle:], send, sent, refused, progress, done)
    sent(batch, answers)
    done += len(batch)
    progress(done)
    return done
