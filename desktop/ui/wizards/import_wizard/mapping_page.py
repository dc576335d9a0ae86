"""The import wizard's column mapping page: suggested, editable, savable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool
from desktop.ui.wizards.import_wizard.common import page_button

if TYPE_CHECKING:
    from desktop.ui.wizards.import_wizard.wizard import ImportWizard


class MappingPage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Which column is which?"))
        self.setSubTitle(
            self.tr(
                "Suggested from the headings; change any of them. Save the mapping to reuse it."
            )
        )
        self._ctx, self._wizard = ctx, wizard
        self.saved = QComboBox()
        self.saved.currentIndexChanged.connect(self._use_saved)
        self.name = QLineEdit(placeholderText=self.tr("e.g. Registration system export"))
        self.save = page_button(self.tr("Save mapping"))
        self.save.clicked.connect(self._save)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5300")
        self.combos: dict[str, QComboBox] = {}
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Saved mapping")))
        top.addWidget(self.saved, 1)
        top.addWidget(self.name, 1)
        top.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.warnings)

    def initializePage(self) -> None:
        from desktop.models.importing.columns import FIELDS, column_name

        p = self._wizard.prepared
        if p is None:
            return
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        if p.legacy:
            self.form.addRow(
                QLabel(self.tr("A legacy PARS template has fixed columns: nothing to map."))
            )
            return
        headings = p.headings
        for f in FIELDS[p.kind]:
            combo = QComboBox()
            combo.addItem(self.tr("— not imported —"), None)
            for i in range(len(headings)):
                combo.addItem(column_name(headings, i), i)
            combo.setCurrentIndex(max(combo.findData(p.mapping.get(f.key)), 0))
            combo.currentIndexChanged.connect(
                lambda _i, key=f.key, c=combo: self._set(key, c.currentData())
            )
            self.combos[f.key] = combo
            self.form.addRow(self.tr(f.label) + (" *" if f.required else ""), combo)
        self.warnings.setText(" ".join(n for n in p.notes if "saved mapping" in n))
        kind = p.kind

        def names(found: list[str]) -> None:
            self.saved.blockSignals(True)
            self.saved.clear()
            self.saved.addItem(self.tr("(none)"), None)
            for n in found:
                self.saved.addItem(n, n)
            self.saved.blockSignals(False)

        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.mapping_names(kind),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(names)

    def _set(self, key: str, index: Any) -> None:
        p = self._wizard.prepared
        if p is None:
            return
        if index is None:
            p.mapping.pop(key, None)
        else:
            p.mapping[key] = int(index)
        self._wizard.plan = None

    def _use_saved(self) -> None:
        name = self.saved.currentData()
        p = self._wizard.prepared
        if not name or p is None:
            return
        headings = p.headings

        def loaded(result: Any) -> None:
            _kind, mapping, missing = result
            p.mapping = mapping
            self._wizard.plan = None
            for key, combo in self.combos.items():
                combo.blockSignals(True)
                combo.setCurrentIndex(max(combo.findData(mapping.get(key)), 0))
                combo.blockSignals(False)
            self.warnings.setText(" ".join(missing))

        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.load_mapping(name, headings),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(loaded)

    def _save(self) -> None:
        p = self._wizard.prepared
        name = self.name.text().strip()
        if p is None or not name:
            self.warnings.setText(self.tr("Name the mapping to save it."))
            return
        kind, headings, mapping = p.kind, p.headings, dict(p.mapping)
        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.save_mapping(name, kind, headings, mapping),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(
            lambda _r: self.warnings.setText(self.tr("Saved the mapping “%1”.").replace("%1", name))
        ).failed(lambda e: self.warnings.setText(str(e)))
