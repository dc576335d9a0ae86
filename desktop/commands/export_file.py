"""``pars-desktop export``: PARS batch XML, the tab-delimited template, or workbooks."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from desktop.commands import exit_codes
from desktop.models.services.provider import ProviderService
from desktop.models.store import Store


def run(
    store: Store, *, what: str, fmt: str, year: int | None, out_path: Path, out: TextIO, err: TextIO
) -> int:
    from desktop.exports import sheets, xml_batch

    if what == "completions" and fmt == "tab":
        err.write("pars-desktop export: the tab-delimited template is for activities only.\n")
        return exit_codes.USAGE
    try:
        if fmt == "xml" and what == "activities":
            result = xml_batch.export_activities_xml(store, out_path, year)
        elif fmt == "xml":
            provider = ProviderService(store).get()
            name = provider.name if provider else ""
            result = xml_batch.export_completions_xml(store, out_path, name, year)
        elif fmt == "tab":
            result = sheets.export_activities_tab(store, out_path, year)
        elif what == "activities":
            result = sheets.export_activities_xlsx(store, out_path, year)
        else:
            result = sheets.export_completions_xlsx(store, out_path, year)
    except OSError as e:
        err.write(f"pars-desktop export: cannot write {out_path}: {e.strerror or e}.\n")
        return exit_codes.USAGE
    out.write(f"Wrote {result.written:,} {what} to {out_path}.\n")
    if result.note:
        out.write(result.note + "\n")
    return exit_codes.OK
