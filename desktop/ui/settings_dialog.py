"""Settings: the provider, where PARS is, the account, and sync/backup preferences.

Like Picard's setup wizard, nothing is saved until OK.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.models.changes import Changes
from desktop.models.coerce import parse_month_day
from desktop.models.records import ProviderRecord
from desktop.models.services.errors import NotAllowed
from desktop.sync.contract.encoding import WireFormat
from desktop.ui.context import AppContext


class SettingsDialog(QDialog):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, first_run: bool = False
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(
            self.tr("Welcome to PARS Desktop") if first_run else self.tr("Settings")
        )
        current = ctx.core.provider.get() or ProviderRecord()
        self.provider_id = QLineEdit(current.accme_provider_id, placeholderText="0001234")
        self.provider_id.setInputMask("9999999;_")
        self.name = QLineEdit(current.name)
        self.practice = QRadioButton(
            self.tr("Practice: the embedded PARS sandbox on this computer")
        )
        self.real = QRadioButton(self.tr("ACCME PARS web services at:"))
        group = QButtonGroup(self)
        group.addButton(self.practice)
        group.addButton(self.real)
        self.url = QLineEdit(current.endpoint_url, placeholderText="https://")
        (self.practice if current.practice_mode else self.real).setChecked(True)
        self.user = QLineEdit(current.ws_username)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        stored = bool(current.ws_username) and ctx.core.has_password(current.ws_username)
        self.password.setPlaceholderText(self.tr("stored in the keyring") if stored else "")
        self.ca_bundle = QLineEdit(
            current.ca_bundle, placeholderText=self.tr("optional: a custom CA bundle file")
        )
        self.batch = QSpinBox(minimum=1, maximum=5000, value=ctx.prefs.batch_size)
        self.hold_unmatched = QCheckBox(
            self.tr("Hold back completions of learners PARS does not recognise")
        )
        self.hold_unmatched.setToolTip(
            self.tr(
                "Held records wait, marked in Needs attention, until the learner's identity is "
                "fixed. Untick to send them anyway and let PARS reject them."
            )
        )
        self.hold_unmatched.setChecked(ctx.prefs.hold_unmatched)
        # ACCME offers "XML- or JSON-based web services"; a provider's account may be on either.
        self.wire_format = QComboBox()
        self.wire_format.addItem(self.tr("JSON"), WireFormat.JSON.value)
        self.wire_format.addItem(self.tr("XML"), WireFormat.XML.value)
        self.wire_format.setCurrentIndex(
            max(self.wire_format.findData(ctx.prefs.wire_format.value), 0)
        )
        # The yearly deadline: ACCME's unless a state accreditor sets another month and day.
        self.own_deadline = QCheckBox(self.tr("Our accreditor's own deadline (month/day):"))
        self.deadline = QLineEdit(placeholderText="MM/DD")
        if current.deadline_month and current.deadline_day:
            self.own_deadline.setChecked(True)
            self.deadline.setText(f"{current.deadline_month:02d}/{current.deadline_day:02d}")
        self.deadline.setEnabled(self.own_deadline.isChecked())
        self.own_deadline.toggled.connect(self.deadline.setEnabled)
        self.own_deadline.setToolTip(
            self.tr(
                "Unticked: ACCME's — the first business day of April, 11:59 pm US Central, "
                "for the year before."
            )
        )
        self.backups = QLineEdit(
            ctx.prefs.backups_folder, placeholderText=self.tr("a backups folder beside the store")
        )
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e")
        self.message.setWordWrap(True)

        # First run asks three things: who you are, and practice or live. The rest has
        # working defaults and lives in its own sections of Settings.
        form = QFormLayout()
        form.addRow(self.tr("ACCME Provider ID"), self.provider_id)
        form.addRow(self.tr("Organization name"), self.name)
        form.addRow(self.practice)
        form.addRow(self.real, self.url)
        self.url.setEnabled(self.real.isChecked())
        self.real.toggled.connect(self.url.setEnabled)
        self.account = QGroupBox(self.tr("PARS web-services account"))
        account = QFormLayout(self.account)
        account.addRow(self.tr("Web-services user name"), self.user)
        account.addRow(self.tr("Password"), self.password)
        self.reporting = QGroupBox(self.tr("Reporting"))
        reporting = QFormLayout(self.reporting)
        reporting.addRow(self.hold_unmatched)
        reporting.addRow(self.own_deadline, self.deadline)
        self.advanced = QGroupBox(self.tr("Advanced"))
        advanced = QFormLayout(self.advanced)
        advanced.addRow(self.tr("CA bundle"), self.ca_bundle)
        advanced.addRow(self.tr("Records per request"), self.batch)
        advanced.addRow(self.tr("Web-services format"), self.wire_format)
        advanced.addRow(self.tr("Backups folder"), self.backups)
        for section in (self.account, self.reporting, self.advanced):
            section.setVisible(not first_run)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if first_run:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Skip for now"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(
                self.tr(
                    "Enter your ACCME Provider ID and organization name, and choose practice "
                    "or live. Your PARS account and everything else are in Settings (Ctrl+,)."
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addLayout(form)
        for section in (self.account, self.reporting, self.advanced):
            layout.addWidget(section)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.password_stored_in: str | None = None
        self._saving = False

    def save(self) -> None:
        month: int | None = None
        day: int | None = None
        if self.own_deadline.isChecked():
            try:
                parsed = parse_month_day(self.deadline.text())
            except ValueError:
                parsed = None
            if parsed is None:
                self.message.setText(self.tr("Enter the deadline as a month and day, e.g. 03/31."))
                return
            month, day = parsed
        values = {
            "accme_provider_id": self.provider_id.text().strip(),
            "name": self.name.text(),
            "endpoint_url": "" if self.practice.isChecked() else self.url.text(),
            "ws_username": self.user.text(),
            "ca_bundle": self.ca_bundle.text(),
            "deadline_month": month,
            "deadline_day": day,
        }
        user, password = self.user.text().strip(), self.password.text()

        # The store and the keyring are written on the write thread, never on this one.
        def work() -> tuple[Changes, str | None]:
            changes = self._ctx.core.provider.save(**values)
            stored = self._ctx.core.set_password(user, password) if password and user else None
            return changes, stored

        def done(result: tuple[Changes, str | None]) -> None:
            self._saving = False
            self.password_stored_in = result[1]
            self._ctx.prefs.batch_size = self.batch.value()
            self._ctx.prefs.hold_unmatched = self.hold_unmatched.isChecked()
            self._ctx.prefs.wire_format = WireFormat(self.wire_format.currentData())
            self._ctx.prefs.backups_folder = self.backups.text().strip()
            self.accept()

        def failed(e: Exception) -> None:
            self._saving = False
            # A refusal (NotAllowed) is worded for the person; anything else, in one line.
            self.message.setText(str(e) if isinstance(e, NotAllowed) else type(e).__name__)

        if self._saving:  # Save pressed twice: the first is on its way
            return
        self._saving = True
        self._ctx.tasks.op(work, owner=self).done(done).failed(failed)
