"""The import dialog (SPEC M8), one page per module."""

from desktop.ui.wizards.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]
