"""OGP's controlled vocabularies: policy areas (with their Spanish names) and regions.

Policy areas are data (editors can add and rename them as snippets); this module seeds
them with OGP's own names, the Spanish name and the area each belongs to. The names are
OGP's column headings, exactly, so an export matches them back.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .tables import read_table

# (OGP name, Spanish name, parent OGP name or None), in OGP's order: data/policy_areas.tsv.
POLICY_AREAS: list[tuple[str, str, str | None]] = read_table(
    Path(__file__).resolve().parent / "data" / "policy_areas.tsv",
    lambda name, spanish, parent: (name, spanish, parent or None),
)

SPANISH_NAMES = {name: es for name, es, _parent in POLICY_AREAS}
PARENTS = {name: parent for name, _es, parent in POLICY_AREAS}

# OGP's regions, with their translations. Stored as OGP writes them; shown translated.
REGIONS = {
    "Africa and the Middle East": _("Africa and the Middle East"),
    "Americas": _("Americas"),
    "Asia and the Pacific": _("Asia and the Pacific"),
    "Europe": _("Europe"),
}


def region_label(region: str) -> str:
    """The region's name in the active language; an unknown region as OGP wrote it."""
    return str(REGIONS.get(region, region))
