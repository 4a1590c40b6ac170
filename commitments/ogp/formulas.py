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
