"""The export's columns written a run at a time (see ``export.CommitmentExport.rows``).

A row of the export has some 190 cells: written cell by cell through each column's function,
they cost more than reading the data. Runs of columns read from one place are written with one
comprehension per row instead: the policy-area flags, and the columns kept as OGP published
them; the rest, column by column. Each run gives a row's cells as values (str, int, date or
None) or as CSV text (``explorer.rows.csv_texts``), the same either way as the columns'
own ``value`` functions.
"""

from __future__ import annotations

import itertools
from typing import Any

from ..explorer.rows import csv_texts


class Segment:
    """A run of columns written together: cells of a row as values, or as CSV text."""

    def __init__(self, columns: list):
        self.columns = columns
        self.getters = [column.value for column in columns]

    def values(self, record) -> list[Any]:
        return [value(record) for value in self.getters]

    def texts(self, record, memo: dict[str, str]) -> list[str]:
        return csv_texts([value(record) for value in self.getters], memo)


class AreaFlags(Segment):
    """Policy-area flags: 1 where the commitment has the area, else 0."""

    def __init__(self, columns: list):
        super().__init__(columns)
        self.keys = [column.key for column in columns]

    def values(self, record) -> list[Any]:
        areas = record.areas
        return [1 if key in areas else 0 for key in self.keys]

    def texts(self, record, memo: dict[str, str]) -> list[str]:
        areas = record.areas
        return ["1" if key in areas else "0" for key in self.keys]


class Published(Segment):
    """Columns kept as OGP published them: from the IRM's reports or the page's ``ogp_extra``."""

    def __init__(self, columns: list):
        super().__init__(columns)
        self.keys = [(column.key, column.source == "irm") for column in columns]
        self.empty = [None] * len(columns)
        self.blank = [""] * len(columns)

    def values(self, record) -> list[Any]:
        published, extra = record.irm, record.page.ogp_extra or {}
        if not published and not extra:
            return list(self.empty)
        return [(published if is_irm else extra).get(key) for key, is_irm in self.keys]

    def texts(self, record, memo: dict[str, str]) -> list[str]:
        if not record.irm and not record.page.ogp_extra:
            return list(self.blank)
        return csv_texts(self.values(record), memo)


def runs(columns: list) -> list[Segment]:
    """The columns cut into runs of one kind of segment, in order."""
    kinds = {"area": AreaFlags, "irm": Published, "extra": Published}
    segments: list[Segment] = []
    for kind, run in itertools.groupby(columns, key=lambda column: kinds.get(column.source, Segment)):
        segments.append(kind(list(run)))
    return segments
