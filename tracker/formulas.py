"""Formula injection: cells that a spreadsheet would run, guarded on export, restored on import.

A spreadsheet takes a cell whose text begins with ``=``, ``+``, ``-`` or ``@`` (after any
spaces), or with a tab or a carriage return, for a formula. Every text cell of our CSV exports
that would be one gets a leading apostrophe (OWASP's advice: spreadsheets show the rest as
text), published values included. A plain negative number such as ``-1`` is left alone: it is
a number to a spreadsheet, not a formula, and OGP publishes some.

The guard can be undone exactly, so that an export imports back to the same records: text
that starts with apostrophes followed by a formula gets one more, and the importer takes one
off (``formula_guard_undo``) wherever one or more apostrophes are followed by a formula. A
spreadsheet reads such a cell the same way: as the text after the apostrophe.

Wagtail's own admin exports (the reports' CSV downloads: page titles, users' names) are
guarded the same way (``wagtail_exports_guard``, called once when the site starts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text (apostrophes before it aside) for a formula."""
    core = text.lstrip("'")
    if core.startswith(("\t", "\r")):
        return True
    core = core.lstrip()
    return core.startswith(FORMULA_START) and not _PLAIN_NEGATIVE_NUMBER.fullmatch(core)


def formula_guard(text: str) -> str:
    """The text as a CSV cell that no spreadsheet runs (a leading apostrophe where needed)."""
    return "'" + text if formula_like(text) else text


def formula_guard_undo(text: str) -> str:
    """The text a guarded cell stood for: ``formula_guard_undo(formula_guard(t)) == t``."""
    return text[1:] if text.startswith("'") and formula_like(text) else text


def formula_guards_undone(rows: Iterable[list[str]]) -> Iterator[list[str]]:
    """A CSV reader's rows with every cell's guard undone (for the importer)."""
    for row in rows:
        yield [formula_guard_undo(cell) if cell.startswith("'") else cell for cell in row]


def wagtail_exports_guard() -> None:
    """Guard every cell of the CSV files Wagtail's admin exports (its reports' "Download CSV").

    Wagtail's ``SpreadsheetExportMixin`` writes XLSX cells as strings, never formulas, but its
    CSV cells as they are: a commitment titled ``=HYPERLINK(…)`` would reach the spreadsheet of
    whoever downloads the "Aging pages" report. Its ``preprocess_field_value`` is wrapped once.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "formula_guarded", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return formula_guard(value)
        return value

    preprocess_field_value.formula_guarded = True  # type: ignore[attr-defined]
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
