"""Lead and supporting institution cells of OGP's export, read as organisations with a sector.

The cells are free text: lists separated by lines, semicolons or bullets (commas too when a part
is clearly several names), labels such as "CSOs:" that give the sector, and annotations to drop.
"""

from __future__ import annotations

import re

from django_countries import countries

from tracker.models import Sector

# Values of institution cells that name nobody.
NO_INSTITUTION = frozenset(
    {"", "na", "n/a", "nd", "nr", "none", "unclear", "-", "see action plan", "not specified", "tbd"}
)
MAX_ORGANISATION_NAME = 150


def country_for_member(code: str) -> str:
    """ISO 3166-1 alpha-2 from OGP's member code: UKR → UA; a local member ARBA → AR."""
    code = code.strip().upper()
    if len(code) == 3:
        return countries.alpha2(code) or ""
    if len(code) == 4:
        return countries.alpha2(code[:2]) or ""
    return ""


_SPLIT = re.compile(r"\s*(?:\n|;|•|●|▪|◦|·|\u2022|\uf0b7)\s*")
_LABEL = re.compile(r"^([^:]{1,60}):\s*(.*)$", re.S)
_BULLET = re.compile(r"^(?:[-–*]|\d+[.)])\s+")


def _label_sector(label: str) -> str | None:
    label = label.lower()
    if "cso" in label or "civil society" in label or "ngo" in label or "sociedad civil" in label:
        return Sector.CIVIL_SOCIETY
    if "private sector" in label or "sector privado" in label:
        return Sector.BUSINESS
    if "multilateral" in label:
        return Sector.MULTILATERAL
    if "academ" in label or "universit" in label:
        return Sector.ACADEMIA
    return None


def split_institutions(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Organisation names (with a sector) named in an institution cell, and what was skipped.

    Splits only on unambiguous separators (lines, semicolons, bullets): commas also appear
    inside names ("Ministry of Regional Development, Construction and Communal Services").
    A part too long to be one name, or with two commas or more, is split on commas: such
    parts are lists (one comma is often inside a name: "Ministry of Regional Development,
    Construction and Communal Services"). A part
    introduced by a label such as "CSOs:" takes the label's sector; a name that says what it
    is ("NGO …", "United Nations …", "Chamber of Commerce") takes that sector; any other
    institution is taken as government, as OGP lists them. Editors correct sectors in the
    admin, and the importer never changes a known organisation's sector. What is still too long to be a
    name (prose, contact details) is returned as skipped and stays in the commitment's text.
    """
    found: list[tuple[str, str]] = []
    skipped: list[str] = []
    sector_from_label: str | None = None
    for raw in _SPLIT.split(text or ""):
        part = _BULLET.sub("", raw.strip()).strip(" .,")
        if not part:
            continue
        if match := _LABEL.match(part):
            label_sector = _label_sector(match[1])
            if label_sector or match[1].lower().startswith(("state actors", "other actors", "actores")):
                sector_from_label = label_sector
                part = match[2].strip(" .,")
                if not part:
                    continue
        if part.lower() in NO_INSTITUTION:
            continue
        # Too long for one name: most often a comma-separated list of names.
        if len(part) > MAX_ORGANISATION_NAME or part.count(",") >= 2:
            pieces = [p.strip(" .") for p in part.split(",")]
        else:
            pieces = [part]
        for piece in pieces:
            if not piece or piece.lower() in NO_INSTITUTION:
                continue
            if len(piece) > MAX_ORGANISATION_NAME or "http" in piece or "@" in piece:
                skipped.append(piece)
                continue
            piece = _clean_name(piece)
            if not piece or piece.lower().startswith(GENERIC_PREFIXES):
                continue
            found.append((piece, sector_from_label or _sector_from_name(piece)))
    return list(dict.fromkeys(found)), skipped


# A part that names a kind of body, not a body: "other civil society institutions", "all ministries".
GENERIC_PREFIXES = (
    "other ",
    "unspecified ",
    "non-specified ",
    "all ",
    "various ",
    "interested ",
    "relevant ",
)
_ANNOTATION = re.compile(r"\s*\((?:by|per|por|upon|subject to)\b[^)]*\)\s*$", re.I)
QUOTES = "\"“”„«»'"
SECTOR_WORDS = [
    (
        Sector.CIVIL_SOCIETY,
        re.compile(
            r"\b(NGOs?|ONGs?|CSOs?|OSC|non-governmental|civil society|sociedad civil|charity|charitable|"
            r"foundation|fundaci[oó]n|association|asociaci[oó]n|transparency international)\b",
            re.I,
        ),
    ),
    (
        Sector.MULTILATERAL,
        re.compile(
            r"\b(United Nations|UNDP|UNICEF|UNESCO|OSCE|OECD|World Bank|Banco Mundial|European Union|"
            r"Uni[oó]n Europea|Council of Europe|USAID|GIZ|IMF|Inter-American Development Bank|BID)\b",
            re.I,
        ),
    ),
    (
        Sector.BUSINESS,
        re.compile(
            r"\b(chamber of commerce|c[aá]mara de comercio|entrepreneurs?|business|empresas?|"
            r"private sector|sector privado|LLC|Ltd|S\.A\.|CJSC|JSC)\b",
            re.I,
        ),
    ),
    (
        Sector.ACADEMIA,
        re.compile(r"\b(universit(y|ies)|universidad(es)?|academia|academy of sciences)\b", re.I),
    ),
]


def _clean_name(name: str) -> str:
    """Trim notes such as "(by agreement)" and stray or unbalanced quotation marks."""
    name = _ANNOTATION.sub("", name).strip(" .,:-")
    if sum(name.count(q) for q in QUOTES) % 2:
        name = name.translate({ord(q): None for q in QUOTES})
    return " ".join(name.strip(" .,:-").split())


GOVERNMENT_NAME = re.compile(
    r"^(the\s+)?(ministry|ministerio|minist[eè]re|department|departamento|secretar[ií]at?|"
    r"office|oficina|agency|agencia|state|national|federal|government|gobierno|cabinet|"
    r"parliament|congress|congreso|senate|senado|presidency|presidencia|municipal|city)\b",
    re.I,
)


def _sector_from_name(name: str) -> str:
    """The sector a name plainly states (an NGO, a UN agency…); government otherwise."""
    if GOVERNMENT_NAME.search(name):
        return Sector.GOVERNMENT
    for sector, pattern in SECTOR_WORDS:
        if pattern.search(name):
            return sector
    return Sector.GOVERNMENT
