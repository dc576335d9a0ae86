"""Learner match states (SPEC §4) and what each means for the coordinator, in plain words."""

from __future__ import annotations

NOT_CHECKED = "not_checked"
MATCHED = "matched"
NOT_FOUND = "not_found"
MULTIPLE = "multiple"

# States whose completions PARS would reject: held back before sync (a setting).
UNMATCHED = {
    NOT_FOUND: "PARS found no physician with this identity: check the name, birth date and "
    "state of licensure before sending.",
    MULTIPLE: "More than one physician matches this identity: add the license number or NPI "
    "before sending.",
}

EXPLANATIONS = {
    MATCHED: "PARS recognises this physician.",
    NOT_CHECKED: "Not checked with PARS yet: it is checked in the background when online.",
    **UNMATCHED,
}
