"""Field widgets that take typing: dates and numbers as a coordinator types them.

One set for the activity editor, the MOC panel, the wizards, the dashboard forms and the
learners grid's editors, so a date or a number behaves the same everywhere.
"""

from desktop.ui.fields.date_field import DateField
from desktop.ui.fields.number_field import CountField, DecimalField
from desktop.ui.fields.typed import parse_typed_count, parse_typed_date, parse_typed_decimal

__all__ = [
    "CountField",
    "DateField",
    "DecimalField",
    "parse_typed_count",
    "parse_typed_date",
    "parse_typed_decimal",
]
