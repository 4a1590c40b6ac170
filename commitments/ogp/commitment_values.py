"""What one row of OGP's export says about its commitment: the page's fields, as the importer
writes them (see ``importer.OgpImporter._commitment_values``). Pure, no database."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from ..irm import NO_VALUE_CODES
from ..numbering import commitment_number
from .dates import PlanOrder, commitment_dates
from .template_text import split_template


def _no_value(value: str) -> bool:
    return value.strip().upper() in NO_VALUE_CODES


def commitment_values(
    row: dict[str, str], *, ogp_id: str, consumed: Container[str], plan: PlanOrder
) -> tuple[dict[str, Any], list[str]]:
    """The commitment's field values, and the notes on its dates to report (cells that are
    not dates, and every guess). Columns not ``consumed`` go to ``ogp_extra`` as published."""
    published_number = row.get("Commitment Number", "")
    title = " ".join(row["Commitment Title"].split()) or row.get("Short Title", "").strip() or ogp_id
    full_text = row.get("Full Text", "").strip()
    values: dict[str, Any] = {
        "title": title if len(title) <= 255 else title[:254].rstrip() + "…",
        "full_title": title,
        "short_title": row.get("Short Title", "").strip()[:255],
        "number": "" if _no_value(published_number) else commitment_number(published_number),
        "theme": "" if _no_value(row.get("Theme", "")) else row.get("Theme", "").strip()[:255],
        "full_text": full_text,
        "lead_institutions_text": row["Lead Institution"].strip(),
        "supporting_institutions_text": row["Supporting Institution(s)"].strip(),
        "ogp_url": row.get("URL", "").strip() if row.get("URL", "").startswith("http") else "",
    }
    parts = split_template(full_text)
    for key in ("problem", "causes", "solution", "expected_results", "ogp_relevance"):
        values[key] = parts.get(key, "")
    dates, notes = commitment_dates(row, plan)
    values.update(dates)
    values["ogp_extra"] = {
        column: value for column, value in row.items() if column not in consumed and column
    }
    return values, notes
