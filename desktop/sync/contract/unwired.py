"""What an activity document does not carry (reading 11 of ``schemas/README.md``).

ACCME's drafts have no element for a few fields we keep (the activity's fields the registry
marks as not on the wire — internal ID, enduring materials' yearly counts — and a board's attestation, internal ID, fee, registration and URL, each
board's own practice areas and content area). PARS's version of an activity therefore never
says anything about them, and taking it (a pull, "take PARS") must keep ours.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.models.fields import LOCAL_ONLY
from desktop.models.records import ActivityRecord, MocRegistration


def keep_local(mine: ActivityRecord, theirs: ActivityRecord) -> ActivityRecord:
    """``theirs`` with every field the wire cannot carry taken from ``mine``."""
    my_boards = {m.board: m for m in mine.moc}
    return replace(
        theirs,
        **{key: getattr(mine, key) for key in LOCAL_ONLY},
        moc=tuple(_board(my_boards.get(m.board), m) for m in theirs.moc),
    )


def _board(mine: MocRegistration | None, theirs: MocRegistration) -> MocRegistration:
    if mine is None:
        return theirs
    return replace(
        theirs,
        attested=mine.attested,
        practice_areas=mine.practice_areas,
        content_area=mine.content_area if theirs.board != "ABA" else theirs.content_area,
        internal_id=mine.internal_id,
        fee=mine.fee,
        registration=mine.registration,
        url=mine.url,
    )
