"""A batch PARS refuses whole is halved until the bad record is alone (both push phases)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.sync.errors import DocumentRefused
from desktop.sync.halving import send_in_halves


def test_every_good_record_is_sent_and_the_bad_one_is_refused_alone() -> None:
    documents: list[list[str]] = []
    taken: list[str] = []
    refused: list[tuple[str, str]] = []
    progress: list[int] = []

    def send(part: Sequence[str]) -> list[str]:
        documents.append(list(part))
        if "bad" in part:  # the whole document is refused, naming no record
            raise DocumentRefused("The document does not match the schema.")
        return [f"ok {r}" for r in part]

    batch = ["a", "b", "c", "bad", "d", "e", "f", "g"]
    done = send_in_halves(
        batch,
        send,
        lambda part, answers: taken.extend(a.removeprefix("ok ") for a in answers),
        lambda record, e: refused.append((record, str(e))),
        progress.append,
        done=10,
    )
    assert done == 18
    assert sorted(taken) == ["a", "b", "c", "d", "e", "f", "g"]
    assert refused == [("bad", "The document does not match the schema.")]
    # Halves: the whole, [a b c bad] refused, [a b] taken, [c bad] refused, [c], [bad], then
    # [d e f g] in one document.
    assert documents == [
        batch,
        ["a", "b", "c", "bad"],
        ["a", "b"],
        ["c", "bad"],
        ["c"],
        ["bad"],
        ["d", "e", "f", "g"],
    ]
    assert progress == [12, 13, 14, 18]


def test_an_empty_batch_sends_nothing() -> None:
    def send(part: Sequence[str]) -> list[str]:
        raise AssertionError("nothing to send")

    assert send_in_halves([], send, lambda p, a: None, lambda r, e: None, lambda n: None, 3) == 3
