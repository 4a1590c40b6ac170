"""Small OGP exports built for a test: the sample's header, and rows made from one sample row
with the cells a test cares about replaced."""

from __future__ import annotations

import csv
from pathlib import Path

from devdata.demo import SAMPLE


def sample_header_and_rows() -> tuple[list[str], list[dict[str, str]]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_export(path: Path, rows: list[dict[str, str]], *, base_id: str = "UA0068") -> Path:
    """A CSV export at ``path`` with one row per dict: the sample's row ``base_id`` with the
    dict's cells in place of its own."""
    header, sample = sample_header_and_rows()
    base = next(row for row in sample if row["Commitment Unique Identifier"] == base_id)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for cells in rows:
            writer.writerow({**base, **cells})
    return path


def row(ogp_id: str, plan: str = "AP_UKR03", **cells: str) -> dict[str, str]:
    """Cells of one row: its identifier, its plan, and others by column name with spaces as
    underscores (Start_Date="1/7/2014")."""
    return {
        "Commitment Unique Identifier": ogp_id,
        "Action Plan ID": plan,
        **{name.replace("_", " "): value for name, value in cells.items()},
    }
