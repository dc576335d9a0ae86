"""Every activity field, described once (the field registry).

The editor form, the bulk insert columns, copying, import headings, export headings, undo
merging and the labels on screen are all derived from ``ACTIVITY_FIELDS``: adding a field means
one entry here (plus the record, the entity and its migration), not a hand copy in ten places.
Qt-free: the UI reads ``widget`` and builds its own widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from desktop.models import field_cells as cells
from desktop.models.field_cells import Cell
from desktop.models.records import ActivityRecord
from desktop.models.reference import load_reference


class Widget(StrEnum):
    """The kind of editor widget that enters a field."""

    LINE = "line"  # one line of text
    TEXT = "text"  # several lines
    CHOICE = "choice"  # one of a list
    YES_NO = "yes_no"  # Yes / No / not answered
    CHECK = "check"  # one checkbox
    CHECKS = "checks"  # several checkboxes
    DATE = "date"
    DECIMAL = "decimal"
    COUNT = "count"
    TABLE = "table"  # rows of parts (commercial supporters)
    GRID = "grid"  # outcomes: objective/subjective per measure
    MOC = "moc"  # one section per board
    ENDURING = "enduring"  # yearly counts
    READ_ONLY = "read_only"  # shown, never typed (assigned by PARS)
    BUTTON = "button"  # an action (asking to close)


class Stored(StrEnum):
    """How the activity table holds a field."""

    COLUMN = "column"  # a column of the same name holding the record's value as it is
    ENUM = "enum"  # a column holding the enum's value
    LIST = "list"  # a JSON list column
    CHILD = "child"  # child rows


class Section(StrEnum):
    """The editor's groups, top to bottom."""

    ACTIVITY = "Activity"
    WHEN = "Format and dates"
    LOCATION = "Location (in person)"
    CREDIT = "Credit and providership"
    PASSPORT = "CME Passport"
    SUPPORT = "Commercial support"
    LEARNERS = "Learners and outcomes"
    ENDURING = "Enduring material"
    MOC = "MOC / Continuing Certification"
    REMS_MIPS = "REMS and MIPS"
    STATUS = "Status"


@dataclass(frozen=True)
class ActivityField:
    """One field of ``ActivityRecord`` and everything the app needs to know about it."""

    key: str  # the ActivityRecord attribute (and the entity column when stored as one)
    label: str  # how the field is named on screen (sync conflicts, review, blockers)
    widget: Widget
    section: Section
    cell: Cell  # its spreadsheet form (import and export)
    heading: str  # the export heading, also the import label
    synonyms: tuple[str, ...] = ()  # other headings people give the column
    copy_group: str | None = None  # the copy wizard's group; None: never carried
    merge_edits: bool = False  # typing in it is one undo step, not one per pause
    stored: Stored = Stored.COLUMN
    importable: bool = True
    required_on_import: bool = False
    form_label: str = ""  # the label inside its editor section, when shorter than ``label``
    # ACCME's activity document has an element for it. A field it cannot carry is ours alone:
    # taking PARS's version of an activity keeps our value.
    on_wire: bool = True

    @property
    def row_label(self) -> str:
        return self.form_label or self.label


F = ActivityField
S = Section
W = Widget

ACTIVITY_FIELDS: tuple[ActivityField, ...] = (
    F(
        "provider_activity_id",
        "Provider Activity ID",
        W.LINE,
        S.ACTIVITY,
        cells.IDENTIFIER,
        "Provider Activity ID",
        ("provider activity id", "activity id", "course id", "course code", "event id"),
        merge_edits=True,
    ),
    F(
        "accme_activity_id",
        "ACCME Activity ID",
        W.READ_ONLY,
        S.ACTIVITY,
        cells.OPTIONAL_TEXT,
        "ACCME Activity ID",
        # PARS assigns it on first sync: an import never claims one.
        importable=False,
    ),
    F(
        "title",
        "Title",
        W.LINE,
        S.ACTIVITY,
        cells.TEXT,
        "Title",
        ("title", "activity title", "course title", "event name", "activity name", "name"),
        "content",
        merge_edits=True,
        required_on_import=True,
    ),
    F(
        "description",
        "Description",
        W.TEXT,
        S.ACTIVITY,
        cells.TEXT,
        "Description",
        ("description", "abstract", "learning objectives", "content outline", "objectives"),
        "content",
        merge_edits=True,
    ),
    F(
        "format",
        "Format",
        W.CHOICE,
        S.WHEN,
        cells.FORMAT,
        "Format",
        ("format", "activity format", "activity type", "type"),
        "format",
    ),
    F(
        "delivery_methods",
        "Delivery methods",
        W.CHECKS,
        S.WHEN,
        cells.DELIVERY,
        "Delivery methods",
        ("delivery method", "delivery methods", "delivery"),
        "format",
        stored=Stored.LIST,
        form_label="Delivery",
    ),
    F(
        "start_date",
        "Start date",
        W.DATE,
        S.WHEN,
        cells.DATE,
        "Start date",
        ("start date", "begin date", "from", "activity date", "date"),
        required_on_import=True,
    ),
    F(
        "end_date",
        "End date",
        W.DATE,
        S.WHEN,
        cells.DATE,
        "End date",
        ("end date", "to", "through", "finish date"),
    ),
    F(
        "city",
        "City",
        W.LINE,
        S.LOCATION,
        cells.TEXT,
        "City",
        ("city", "location city"),
        merge_edits=True,
    ),
    F("state", "State", W.CHOICE, S.LOCATION, cells.STATE, "State", ("location state", "province")),
    F(
        "country",
        "Country",
        W.CHOICE,
        S.LOCATION,
        cells.COUNTRY,
        "Country",
        ("country", "location country"),
    ),
    F(
        "providership",
        "Providership",
        W.CHOICE,
        S.CREDIT,
        cells.PROVIDERSHIP,
        "Providership",
        ("providership", "direct or joint", "sponsorship"),
        "providership",
        stored=Stored.ENUM,
    ),
    F(
        "joint_providers",
        "Joint providers",
        W.LINE,
        S.CREDIT,
        cells.LIST,
        "Joint providers",
        ("joint providers", "joint provider", "joint provider names"),
        "providership",
        stored=Stored.LIST,
    ),
    F(
        "ama_credits",
        "AMA PRA Category 1 Credits™",
        W.DECIMAL,
        S.CREDIT,
        cells.DECIMAL,
        "AMA PRA Category 1 Credit",
        (
            "ama credits",
            "credits",
            "ama pra category 1 credits",
            "credits designated",
            "cme credits",
            "hours",
        ),
        "credits",
    ),
    F(
        "passport",
        "CME Passport",
        W.YES_NO,
        S.PASSPORT,
        cells.YES_NO,
        "CME Passport",
        ("passport", "cme passport", "list in cme passport", "listed in cme passport"),
        "passport",
        form_label="List in CME Passport",
    ),
    F(
        "activity_url",
        "Web address",
        W.LINE,
        S.PASSPORT,
        cells.TEXT,
        "Web address",
        ("activity url", "url", "web address", "website", "activity web address", "link"),
        "passport",
        merge_edits=True,
    ),
    F(
        "passport_fee",
        "Passport fee",
        W.CHOICE,
        S.PASSPORT,
        cells.PASSPORT_FEE,
        "Passport fee",
        ("fee", "passport fee", "cme passport fee"),
        "passport",
        form_label="Fee",
    ),
    F(
        "passport_registration",
        "Passport registration",
        W.CHOICE,
        S.PASSPORT,
        cells.REGISTRATION,
        "Passport registration",
        ("registration", "passport registration", "cme passport registration"),
        "passport",
        form_label="Registration",
    ),
    F(
        "commercial_support",
        "Commercial support",
        W.YES_NO,
        S.SUPPORT,
        cells.YES_NO,
        "Commercial support",
        ("commercial support", "commercial support received"),
        "support",
        form_label="Received commercial support",
    ),
    F(
        "support_sources",
        "Support sources",
        W.TABLE,
        S.SUPPORT,
        cells.SUPPORT,
        "Commercial supporters",
        ("commercial supporters", "supporters", "support sources", "commercial support sources"),
        "support",
        stored=Stored.CHILD,
    ),
    F(
        "physician_learners",
        "Physicians",
        W.COUNT,
        S.LEARNERS,
        cells.COUNT,
        "Physician learners",
        ("physicians", "physician learners", "number of physicians", "md count"),
        form_label="Physicians (incl. residents)",
    ),
    F(
        "other_learners",
        "Other learners",
        W.COUNT,
        S.LEARNERS,
        cells.COUNT,
        "Other learners",
        ("other learners", "number of other learners", "non-physicians", "others"),
    ),
    F(
        "outcomes",
        "Outcomes measured",
        W.GRID,
        S.LEARNERS,
        cells.OUTCOMES,
        "Outcomes measured",
        ("outcomes", "outcomes measured", "outcome measures"),
        "outcomes",
        stored=Stored.CHILD,
    ),
    F(
        "commendation_tags",
        "Commendation criteria",
        W.CHECKS,
        S.LEARNERS,
        cells.TAGS,
        "Commendation criteria",
        ("commendation criteria", "commendation tags", "commendation"),
        "tags",
        stored=Stored.LIST,
    ),
    F(
        "moc",
        "MOC registrations",
        W.MOC,
        S.MOC,
        cells.MOC,
        "MOC",  # one column per board: "ABIM MOC", … (see ``import_columns``)
        (),
        "moc",
        stored=Stored.CHILD,
    ),
    F(
        "rems_type",
        "REMS",
        W.CHOICE,
        S.REMS_MIPS,
        cells.REMS_TYPE,
        "REMS",
        ("rems", "rems type"),
        "rems_mips",
    ),
    F(
        "rems_grant_id",
        "RPC grant ID",
        W.LINE,
        S.REMS_MIPS,
        cells.TEXT,
        "RPC grant ID",
        ("rpc grant id", "rems grant id", "grant id"),
        "rems_mips",
        merge_edits=True,
    ),
    F(
        "mips",
        "MIPS",
        W.CHECK,
        S.REMS_MIPS,
        cells.FLAG,
        "MIPS",
        ("mips", "mips improvement activity"),
        "rems_mips",
        form_label="Registered as a MIPS improvement activity",
    ),
    F(
        "internal_id",
        "Internal ID",
        W.LINE,
        S.ACTIVITY,
        cells.TEXT,
        "Internal ID",
        ("internal id", "internal code", "our code"),
        "internal_id",
        merge_edits=True,
        on_wire=False,
    ),
    F(
        "close_requested",
        "Close requested",
        W.BUTTON,
        S.STATUS,
        cells.FLAG,
        "Close requested",
        # Not "closed": sheets use it for the date an activity closed, which is no answer here.
        ("close requested", "close activity requested"),
    ),
    F(
        "enduring_counts",
        "Enduring learner counts",
        W.ENDURING,
        S.ENDURING,
        cells.ENDURING,
        "Enduring learner counts",
        ("enduring counts", "enduring learner counts", "yearly counts"),
        stored=Stored.CHILD,
        on_wire=False,
    ),
)
del F, S, W

BY_KEY: dict[str, ActivityField] = {f.key: f for f in ACTIVITY_FIELDS}
# Stored as plain columns of the same name: read and written as they are (mapping, bulk).
SCALAR_KEYS = tuple(f.key for f in ACTIVITY_FIELDS if f.stored is Stored.COLUMN)
MERGEABLE = frozenset(f.key for f in ACTIVITY_FIELDS if f.merge_edits)
LABELS = {f.key: f.label for f in ACTIVITY_FIELDS}
LOCAL_ONLY = tuple(f.key for f in ACTIVITY_FIELDS if not f.on_wire)


def label(key: str) -> str:
    """A field's name on screen; an unknown key reads as its words."""
    found = BY_KEY.get(key)
    return found.label if found else key.replace("_", " ").capitalize()


def copy_fields(group: str) -> tuple[str, ...]:
    """The fields a copy group carries, in the record's order."""
    return tuple(f.key for f in ACTIVITY_FIELDS if f.copy_group == group)


# --- spreadsheet columns --------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One spreadsheet column of an activity: the MOC field has one per board."""

    key: str  # the import mapping key: the field's key, or "moc.<BOARD>"
    field: str
    heading: str
    synonyms: tuple[str, ...]
    required: bool = False

    def value(self, record: ActivityRecord) -> Any:
        """The cell this column holds for ``record``."""
        if self.field == "moc":
            return cells.moc_out(record.moc_for(self.key.split(".", 1)[1]))
        return BY_KEY[self.field].cell.write(getattr(record, self.field))


# Workbooks written before the registry had these columns, in this order: they stay first, so
# a coordinator's formulas and macros over them keep working. Every other field follows.
_FIRST_COLUMNS = (
    "provider_activity_id",
    "accme_activity_id",
    "title",
    "format",
    "start_date",
    "end_date",
    "city",
    "state",
    "country",
    "providership",
    "ama_credits",
    "physician_learners",
    "other_learners",
    "commercial_support",
    "description",
)


@cache
def columns() -> tuple[Column, ...]:
    """Every activity column of a workbook: the earlier workbook's first, then the record's order."""
    out: list[Column] = []
    rest = [f for f in ACTIVITY_FIELDS if f.key not in _FIRST_COLUMNS]
    for f in [BY_KEY[k] for k in _FIRST_COLUMNS] + rest:
        if f.key == "moc":
            out += [
                Column(
                    f"moc.{b.code}",
                    "moc",
                    f"{b.code} MOC",
                    # "ABIM MOC points" holds a bare number: the points alone.
                    (
                        f"{b.code} moc",
                        f"{b.code} moc registration",
                        f"{b.name} moc",
                        f"{b.code} moc points",
                        f"{b.code} points",
                    ),
                )
                for b in load_reference().boards
            ]
        else:
            out.append(Column(f.key, f.key, f.heading, f.synonyms, f.required_on_import))
    return tuple(out)


def import_columns() -> tuple[Column, ...]:
    """The columns an activity import can read."""
    return tuple(c for c in columns() if BY_KEY[c.field].importable)


def read_cells(
    values: dict[str, Any], keys: frozenset[str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The record values of the columns ``keys`` among the mapped ``values`` (key → raw cell).

    Returns the values by field and the problems as (column key, sentence); a column with a
    problem gives no value.
    """
    out: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    moc = []
    for c in import_columns():
        if c.key not in keys or c.key not in values:
            continue
        try:
            if c.field == "moc":
                registration = cells.moc_in(c.key.split(".", 1)[1], values[c.key])
                if registration is not None:
                    moc.append(registration)
            else:
                out[c.field] = BY_KEY[c.field].cell.read(values[c.key])
        except ValueError as e:
            problems.append((c.key, f"{e}."))
    if moc:
        out["moc"] = tuple(moc)
    return out, problems
