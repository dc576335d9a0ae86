"""One entry point for every export, as the window and the command line ask for them."""

from __future__ import annotations

from pathlib import Path

from desktop.exports import sheets, template_d, xml_batch
from desktop.exports.xml_batch import Exported
from desktop.models.services.provider import ProviderService
from desktop.models.store import Store

FORMATS = {
    ("activities", "xml"): "PARS XML batch (ACCMEActivities)",
    ("activities", "tab"): "PARS tab-delimited template (pre-2021 Template D)",
    ("activities", "xlsx"): "Excel workbook",
    ("completions", "xml"): "PARS XML batch (ActivityReports)",
    ("completions", "xlsx"): "Excel workbook",
}


def export(store: Store, what: str, fmt: str, year: int | None, path: Path) -> Exported:
    if (what, fmt) not in FORMATS:
        raise ValueError(f"There is no {fmt} export of {what}.")
    if fmt == "xml" and what == "activities":
        return xml_batch.export_activities_xml(store, path, year, ProviderService(store).get())
    if fmt == "xml":
        return xml_batch.export_completions_xml(store, path, ProviderService(store).get(), year)
    if fmt == "tab":
        return template_d.export_activities_tab(store, path, year)
    if what == "activities":
        return sheets.export_activities_xlsx(store, path, year)
    return sheets.export_completions_xlsx(store, path, year)
