"""MOC registrations: a checkbox per board, and a section of fields per registered board."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.models.records import MocRegistration
from desktop.models.reference import Board, load_reference
from desktop.models.rules.checks import QUARTER
from desktop.ui.editor.field_widgets import CheckList, Choice, DateField, DecimalField


class BoardSection(QGroupBox):
    edited = Signal()

    def __init__(self, board: Board) -> None:
        super().__init__(board.name)
        ref = load_reference()
        self.board = board
        self.attested = QCheckBox(
            self.tr("The activity meets this board's MOC requirements (attestation)")
        )
        whole = board.whole_points
        self.points = DecimalField(
            Decimal(1) if whole else QUARTER,
            self.tr("%1 takes whole MOC points.").replace("%1", board.code)
            if whole
            else self.tr("MOC points must be in steps of 0.25."),
        )
        self.credit_types = CheckList([(t.name, t.code) for t in board.credit_types])
        self.practice_areas = CheckList([(p, p) for p in board.practice_areas])
        self.content_area = QLineEdit()
        self.internal_id = QLineEdit()
        self.fee = Choice([(f, f) for f in ref.passport_fees], self.tr("Not answered"))
        self.registration = Choice([(r, r) for r in ref.registrations], self.tr("Not answered"))
        self.url = QLineEdit()
        self.claim_date = DateField()
        form = QFormLayout(self)
        form.addRow(self.attested)
        form.addRow(self.tr("MOC points"), self.points)
        form.addRow(self.tr("Credit types"), self.credit_types)
        form.addRow(self.tr("Practice areas"), self.practice_areas)
        form.addRow(
            self.tr("Content area") + (" *" if board.requires_content_area else ""),
            self.content_area,
        )
        form.addRow(
            self.tr("Board's internal ID") + (" *" if board.requires_internal_id else ""),
            self.internal_id,
        )
        form.addRow(self.tr("Fee"), self.fee)
        form.addRow(self.tr("Registration"), self.registration)
        form.addRow(self.tr("Web address"), self.url)
        form.addRow(self.tr("Credit claim date"), self.claim_date)
        self.attested.toggled.connect(lambda _b: self.edited.emit())
        for w in (
            self.points,
            self.credit_types,
            self.practice_areas,
            self.fee,
            self.registration,
            self.claim_date,
        ):
            w.edited.connect(self.edited)
        for line in (self.content_area, self.internal_id, self.url):
            line.editingFinished.connect(self.edited)

    def registration_value(self) -> MocRegistration:
        return MocRegistration(
            board=self.board.code,
            attested=self.attested.isChecked(),
            points=self.points.decimal(),
            credit_types=self.credit_types.checked(),
            practice_areas=self.practice_areas.checked(),
            content_area=self.content_area.text().strip(),
            internal_id=self.internal_id.text().strip(),
            fee=self.fee.choice(),
            registration=self.registration.choice(),
            url=self.url.text().strip(),
            credit_claim_date=self.claim_date.value(),
        )

    def show_registration(self, m: MocRegistration) -> None:
        self.attested.blockSignals(True)
        self.attested.setChecked(m.attested)
        self.attested.blockSignals(False)
        self.points.set_decimal(m.points)
        self.credit_types.set_checked(m.credit_types)
        self.practice_areas.set_checked(m.practice_areas)
        for line, text in (
            (self.content_area, m.content_area),
            (self.internal_id, m.internal_id),
            (self.url, m.url),
        ):
            if line.text() != text:
                line.setText(text)
        self.fee.set_choice(m.fee)
        self.registration.set_choice(m.registration)
        self.claim_date.set_value(m.credit_claim_date)


class MocPanel(QWidget):
    """Emits ``edited`` with the whole tuple of registrations after any change."""

    edited = Signal(tuple)

    def __init__(self) -> None:
        super().__init__()
        boards = load_reference().boards
        self.toggles: dict[str, QCheckBox] = {}
        self.sections: dict[str, BoardSection] = {}
        grid = QGridLayout()
        for i, b in enumerate(boards):
            box = QCheckBox(b.code)
            box.setToolTip(b.name)
            box.toggled.connect(lambda _on, code=b.code: self._toggled(code))
            self.toggles[b.code] = box
            grid.addWidget(box, i // 5, i % 5)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        for b in boards:
            section = BoardSection(b)
            section.setVisible(False)
            section.edited.connect(self._emit)
            self.sections[b.code] = section
            layout.addWidget(section)
        self._current: tuple[MocRegistration, ...] = ()

    def set_registrations(self, regs: tuple[MocRegistration, ...]) -> None:
        self._current = regs
        registered = {m.board: m for m in regs}
        for code, box in self.toggles.items():
            box.blockSignals(True)
            box.setChecked(code in registered)
            box.blockSignals(False)
            section = self.sections[code]
            section.setVisible(code in registered)
            if code in registered:
                section.show_registration(registered[code])

    def _toggled(self, code: str) -> None:
        on = self.toggles[code].isChecked()
        self.sections[code].setVisible(on)
        if on:
            self.sections[code].show_registration(MocRegistration(board=code))
        self._emit()

    def _emit(self) -> None:
        regs = tuple(
            self.sections[code].registration_value()
            for code, box in self.toggles.items()
            if box.isChecked()
        )
        self._current = regs
        self.edited.emit(regs)

    def focus_chain(self) -> list[QWidget]:
        """The panel's fields in the order they are laid out: boards, then each section."""
        chain: list[QWidget] = list(self.toggles.values())
        for section in self.sections.values():
            chain += [section.attested, section.points, section.credit_types]
            chain += [section.practice_areas, section.content_area, section.internal_id]
            chain += [section.fee, section.registration, section.url, section.claim_date]
        return chain

    def set_anchor(self, anchor: Callable[[], date | None]) -> None:
        """Where an empty claim date's calendar opens (the activity's end)."""
        for section in self.sections.values():
            section.claim_date.set_anchor(anchor)

    def focus_board(self, board: str) -> None:
        section = self.sections.get(board)
        if section is not None and section.isVisible():
            section.points.setFocus()
