"""Read the small tab-separated tables the app keeps as data (vocabularies, label lists)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Row = TypeVar("Row")


def read_table(path: Path, row: Callable[..., Row]) -> list[Row]:
    """Each line of a UTF-8 TSV file as ``row(*cells)``; blank lines and ``#`` lines are skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(row(*line.split("\t")))
    return rows
