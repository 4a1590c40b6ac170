"""OGP's controlled vocabularies: policy areas (with their Spanish names) and regions.

Policy areas are data (editors can add and rename them as snippets); this module seeds
them with OGP's own names, the Spanish name and the area each belongs to. The names are
OGP's column headings, exactly, so an export matches them back.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import translation
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


# Spanish names of places in local members' names: data/place_names.tsv.
PLACE_NAMES_ES: dict[str, str] = dict(
    read_table(Path(__file__).resolve().parent / "data" / "place_names.tsv", lambda en, es: (en, es))
)
# Country names as OGP writes them where django-countries' English name differs.
OGP_COUNTRY_NAMES = {
    "United States": "US",
    "Kyrgyz Republic": "KG",
    "Slovak Republic": "SK",
    "Ivory Coast": "CI",
    "Korea": "KR",
    "Republic of Korea": "KR",
}


def member_name(title: str, *, national: bool, country: str) -> str:
    """OGP's name for a member (``MemberPage.display_name``), from its title, level and country
    code: in Spanish a national member by its country's name, and a local member with its
    country (and place, where Spanish has a name for it) translated. Lists of members read
    these columns with ``values()`` rather than building each page."""
    if translation.get_language() == "en":
        return title
    if national and country:
        from django_countries.fields import Country

        return str(Country(country).name)
    return local_member_name(title, country)


def local_member_name(title: str, country: str) -> str:
    """A local member's name in the active language. OGP writes them "Madrid, Spain" or
    "Scotland, United Kingdom": the country (the part after the last comma, when it names the
    member's country) is written in the active language, and the place too where Spanish has its
    own name for it ("Escocia, Reino Unido"). Other names are OGP's."""
    from django_countries import countries
    from django_countries.fields import Country

    language = (translation.get_language() or "en").split("-")[0]
    place, comma, country_part = title.rpartition(", ")
    if language == "en" or not comma:
        return title
    code = OGP_COUNTRY_NAMES.get(country_part) or countries.by_name(country_part)
    if not code or (country and code != country):
        return title
    if language == "es":
        place = ", ".join(PLACE_NAMES_ES.get(part, part) for part in place.split(", "))
    return f"{place}, {Country(code).name}"
