"""Number fields: credits, points, counts and dollars, saved exactly as typed."""

from __future__ import annotations

from decimal import Decimal

from desktop.ui.fields.typed import off_step, parse_typed_count, parse_typed_decimal, show_decimal
from desktop.ui.fields.typed_line import TypedLine


class DecimalField(TypedLine):
    """An optional decimal (empty: not set). A value off ``step`` is saved but marked: PARS
    refuses it, and rounding it silently would report credits nobody designated."""

    def __init__(self, step: Decimal | None = None, step_problem: str = "") -> None:
        super().__init__()
        self.step = step
        self.step_problem = step_problem
        self._value: Decimal | None = None
        self.setPlaceholderText(self.tr("Not set"))

    def decimal(self) -> Decimal | None:
        return self._value

    def set_decimal(self, value: Decimal | None) -> None:
        if not (self.hasFocus() and self.isModified()):
            self._value = value
        self.show_text(show_decimal(value), self._step_problem(value))

    def read(self) -> str:
        self._value = parse_typed_decimal(self.text())
        return self._step_problem(self._value)

    def _step_problem(self, value: Decimal | None) -> str:
        if value is None or self.step is None or not off_step(value, self.step):
            return ""
        return self.step_problem or self.tr("PARS takes this in steps of %1.").replace(
            "%1", str(self.step)
        )


class CountField(TypedLine):
    """An optional whole number (empty: not set; 0 is a real answer)."""

    def __init__(self) -> None:
        super().__init__()
        self._value: int | None = None
        self.setPlaceholderText(self.tr("Not set"))

    def count(self) -> int | None:
        return self._value

    def set_count(self, value: int | None) -> None:
        if not (self.hasFocus() and self.isModified()):
            self._value = value
        self.show_text("" if value is None else f"{value:,}")

    def read(self) -> str:
        self._value = parse_typed_count(self.text())
        return ""
