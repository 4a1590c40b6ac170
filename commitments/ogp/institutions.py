"""Lead and supporting institution cells of OGP's export, read as organisations with a sector.

The cells are free text: lists separated by lines, semicolons, bullets, numbers or commas;
labels such as "CSOs:" that give the sector of what follows; names broken across lines
("Go-\\n vernment"); annotations such as "(by agreement)"; and prose. ``split_institutions``
returns the names it finds, each with the sector its name (or its label) says, and the parts
it refused, for the importer to report:

- commas separate names, except inside one: a part that starts with no word of a body's name
  and follows a name with "of", "for", "de"… continues it ("Ministry of Education, Science,
  Culture and Sport"; "Department for Business, Innovation and Skills");
- "and", "y", dashes separate two names only where both sides start as a body does
  ("Department of X and Department of Y"); "Ministry of Justice and Human Rights" is one;
- refused: fragments too short to be a name (acronyms such as EU or CAF are names), only
  digits or punctuation, phone numbers, e-mail and web addresses, a leading conjunction
  ("and Development"), words with no capital at all ("research institutes", "etc"), kinds of
  body rather than bodies ("other civil society institutions"), and what is too long to be
  one name. Enumerators such as "(a)" or "1." are stripped from a name first.

The sector comes from the words of the name (``data/sector_words.tsv``, English and Spanish):
the word that starts first wins, and of those the longest. A name that says nothing keeps
"unknown": staff set it in the admin, and the importer never changes a known organisation's
sector.
"""

from __future__ import annotations

import re
from pathlib import Path

from django_countries import countries

from tracker.models import Sector

from ..tables import read_table

# Values of institution cells that name nobody.
NO_INSTITUTION = frozenset(
    {"", "na", "n/a", "nd", "nr", "none", "unclear", "-", "see action plan", "not specified", "tbd"}
)
MAX_ORGANISATION_NAME = 150
QUOTES = "\"“”„«»'"

# (sector, phrase), lowercase: data/sector_words.tsv.
SECTOR_WORDS: list[tuple[str, str]] = read_table(
    Path(__file__).resolve().parents[1] / "data" / "sector_words.tsv", lambda sector, phrase: (sector, phrase)
)
_SECTOR_PATTERN = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(p) for _s, p in sorted(SECTOR_WORDS, key=lambda w: -len(w[1])))
    + r")(?![\w])",
    re.I,
)
_SECTOR_OF = {phrase: Sector(sector) for sector, phrase in SECTOR_WORDS}

# Words a body's name starts with, for "and" and dashes between two names.
_HEADS = (
    "ministry|ministerio|minist[eè]re|department|departamento|secretariat|secretar[ií]a|office|oficina|"
    "agency|agencia|council|consejo|municipality|municipalidad|alcald[ií]a|parliament|congress|congreso|"
    "senate|senado|c[aá]mara|chamber|court|tribunal|corte|commission|comisi[oó]n|committee|comit[eé]|"
    "ngo|ong|foundation|fundaci[oó]n|association|asociaci[oó]n|university|universidad|institute|instituto|"
    "government|gobierno|state|estado|directorate|direcci[oó]n|authority|autoridad|poder|presidency|presidencia"
)
_HEAD = re.compile(rf"^(?:the\s+|la\s+|el\s+|los\s+|las\s+)?(?:{_HEADS})\b", re.I)
# A government body whose name a comma may continue ("Ministry of Education, Science, Culture").
_GOVERNMENT_HEAD = re.compile(
    r"^(?:the\s+)?(?:ministry|ministerio|minist[eè]re|department|secretariat|secretar[ií]a|office)\b", re.I
)
_CONNECTED = re.compile(r"\b(of|for|on|de|del|para|des|du)\b", re.I)
_OWN_CONNECTOR = re.compile(r"\b(?:of|for|de|del|para)\s+(?:the\s+|la\s+|el\s+)?[A-ZÁÉÍÓÚÑ]")
_ARTICLE = re.compile(r"^(?:the|la|el|los|las)\s+", re.I)
# Where a long run of names has no separator: before "Ministry"/"State" after a word that
# does not connect ("Ministry of Finance Ministry of Economy State Treasury").
_RUN_ON = re.compile(r"(?<=\w[”\"]|\w\w)\s+(?<!\bof )(?=(?:Ministry|Ministerio|Ministère|State|Estado)\b)")
_RUN_ON_AFTER = re.compile(r"\b(?:of|for|the|and|to|on|in|de|del|la|el|y|e|a)$", re.I)

_SEPARATORS = re.compile(r"\s*(?:\n|;|•|●|▪|◦|\u2022|\uf0b7|\u25aa)\s*")
_SENTENCE = re.compile(r"(?<=[a-záéíóúñ)”\"]{2})\.\s+(?=[A-ZÁÉÍÓÚÑ“\"])")
_ANNOTATION = re.compile(r"\s*\((?:by|per|por|upon|subject to|if|when)\b[^)]*\)", re.I)
_PERSON_NOTE = re.compile(r"\s*\((?:ms|mr|mrs|dr|sr|sra)\.?\s[^)]*\)?", re.I)
_BROKEN_WORD = re.compile(r"(\w)-\n\s*(\w)")
_LINE_MARK = re.compile(
    r"^\s*(?:[-–*•●▪◦·\u2022\uf0b7]|\d{1,2}[.)]|\(?[a-z]\)|[a-z]\.|\(?[ivx]{1,4}\))\s+", re.I
)
_ENUMERATOR = re.compile(r"^(?:(?:[-–*]+|\d{1,2}[.)]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s*|[a-z]\.\s+)", re.I)
_JOIN_AFTER = re.compile(r"\b(of|the|and|for|on|in|to|de|del|la|el|los|las|y|e|en|para)$", re.I)
_LABEL = re.compile(r"^([^:]{1,60}):\s*(.*)$", re.S)
_AND = re.compile(r"\s+(?:and|y|e|et|&)\s+|\s+[-–—]\s+", re.I)
_CONJUNCTION = re.compile(r"^(?:and|or|y|e|o|u|et|ou|&|as well as)\b\s*", re.I)
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_HEAD_CUT = re.compile(r",|\(|\s(?:which|that|who|responsible|in charge|will|to)\s", re.I)
_ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑ]{2,10}$")

# A part that names a kind of body, not a body: "other civil society institutions", "all ministries".
GENERIC_PREFIXES = (
    "other ",
    "others",
    "unspecified ",
    "non-specified ",
    "non-governmental organi",
    "all ",
    "various ",
    "interested ",
    "relevant ",
    "among ",
    "etc",
    "otros ",
    "otras ",
    "todos ",
    "todas ",
)
# Headings that give the sector of the names after them ("Government", "CSOs, private sector").
_HEADINGS = {
    "government": Sector.GOVERNMENT,
    "gobierno": Sector.GOVERNMENT,
    "state actors": Sector.GOVERNMENT,
    "state actors involved": Sector.GOVERNMENT,
    "government agencies": Sector.GOVERNMENT,
    "civil society": Sector.CIVIL_SOCIETY,
    "sociedad civil": Sector.CIVIL_SOCIETY,
    "csos": Sector.CIVIL_SOCIETY,
    "cso": Sector.CIVIL_SOCIETY,
    "ngos": Sector.CIVIL_SOCIETY,
    "osc": Sector.CIVIL_SOCIETY,
    "private sector": Sector.BUSINESS,
    "sector privado": Sector.BUSINESS,
    "multilaterals": Sector.MULTILATERAL,
    "multilateral organisations": Sector.MULTILATERAL,
    "multilateral organizations": Sector.MULTILATERAL,
    "academia": Sector.ACADEMIA,
    "other actors": None,
    "other actors involved": None,
    "actores": None,
    "working groups": None,
}


def country_for_member(code: str) -> str:
    """ISO 3166-1 alpha-2 from OGP's member code: UKR → UA; a local member ARBA → AR."""
    code = code.strip().upper()
    if len(code) == 3:
        return countries.alpha2(code) or ""
    if len(code) == 4:
        return countries.alpha2(code[:2]) or ""
    return ""


def sector_from_name(name: str) -> str:
    """The sector a name says ("Ministry of…", "Fundación…", "… S.A."), or unknown."""
    best: tuple[int, int, str] | None = None
    for match in _SECTOR_PATTERN.finditer(name):
        candidate = (match.start(), -len(match[1]), match[1].lower())
        if best is None or candidate < best:
            best = candidate
    return _SECTOR_OF[best[2]] if best else Sector.UNKNOWN


def _label_sector(label: str) -> tuple[bool, str | None]:
    """Whether a label ("CSOs", "State actors involved") is one, and the sector it gives."""
    key = " ".join(label.lower().split())
    if key in _HEADINGS:
        return True, _HEADINGS[key]
    if "civil society" in key or "sociedad civil" in key or re.search(r"\b(cso|ngo|osc)s?\b", key):
        return True, Sector.CIVIL_SOCIETY
    if "private sector" in key or "sector privado" in key:
        return True, Sector.BUSINESS
    if "multilateral" in key:
        return True, Sector.MULTILATERAL
    if "academ" in key or "universit" in key:
        return True, Sector.ACADEMIA
    return key.startswith(("state actors", "other actors", "actores", "other government")), None


def _heading(part: str) -> tuple[bool, str | None]:
    """A part made only of sector headings ("Civil Society / Private Sector")."""
    pieces = [p.strip(" .").lower() for p in re.split(r"[,/&]|\band\b|\by\b", part) if p.strip(" .")]
    if not pieces or not all(p in _HEADINGS for p in pieces):
        return False, None
    sectors = {_HEADINGS[p] for p in pieces}
    return True, sectors.pop() if len(sectors) == 1 else None


def _lines(text: str) -> list[str]:
    """The cell's lines, with names broken across lines put back together."""
    text = _BROKEN_WORD.sub(r"\1\2", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line for line in text.split("\n") if line.strip()]
    marked = sum(1 for line in lines if _LINE_MARK.match(line)) >= 2
    joined: list[str] = []
    for line in lines:
        stripped = line.strip()
        continues = (
            joined
            and not _LINE_MARK.match(line)
            and (
                marked
                or stripped[:1].islower()
                or stripped[:1].isdigit()
                or _JOIN_AFTER.search(joined[-1])
                or joined[-1].count("(") > joined[-1].count(")")
            )
        )
        if continues:
            joined[-1] = f"{joined[-1]} {stripped}"
        else:
            joined.append(stripped)
    return joined


def _comma_pieces(part: str) -> list[str]:
    """A part split on commas, a piece that cannot start a name staying with the one before."""
    pieces: list[str] = []
    for raw in part.split(","):
        piece = raw.strip()
        if not piece:
            continue
        if pieces and _continues(pieces[-1], piece):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.append(piece)
    return pieces


def _continues(previous: str, piece: str) -> bool:
    """Whether a piece after a comma goes on with the name before it."""
    if _ACRONYM.match(piece.split(" (")[0]) or piece.lower().startswith(GENERIC_PREFIXES):
        return False
    bare = _CONJUNCTION.sub("", piece)
    if _HEAD.match(bare) or _SECTOR_PATTERN.search(bare.split("(")[0]):
        return False
    if bare != piece:  # ", and Evaluation of Public Policies"
        return True
    unarticled = _ARTICLE.sub("", piece)
    if re.match(r"^[a-z]+[A-Z]", unarticled):  # "iLab", "eGovernment Directorate" are names
        return False
    if unarticled[:1].islower():
        return bool(_CONNECTED.search(previous)) and unarticled == piece
    if _OWN_CONNECTOR.search(piece):  # "Bank of Mongolia" is a name of its own
        return False
    government = _GOVERNMENT_HEAD.match(previous) or sector_from_name(previous) == Sector.GOVERNMENT
    return bool(government and _CONNECTED.search(previous)) and len(piece.split()) <= 5


def _run_on_pieces(piece: str) -> list[str]:
    """A long piece with no separator cut where a new "Ministry…"/"State…" name starts."""
    if len(piece) <= 60:
        return [piece]
    pieces, start = [], 0
    for match in _RUN_ON.finditer(piece):
        if not _RUN_ON_AFTER.search(piece[start : match.start()]):
            pieces.append(piece[start : match.start()])
            start = match.end()
    return [*pieces, piece[start:]]


def _and_pieces(piece: str) -> list[str]:
    """Split on "and", "y" and dashes where both sides start as a body's name does."""
    for match in _AND.finditer(piece):
        left, right = piece[: match.start()], piece[match.end() :]
        if _HEAD.match(left) and _HEAD.match(right):
            return [*_and_pieces(left), *_and_pieces(right)]
    return [piece]


def _names_a_body(text: str) -> bool:
    return bool(_HEAD.match(text)) or sector_from_name(text) != Sector.UNKNOWN


def refusal(name: str) -> str | None:
    """Why a piece of a cell is not an organisation's name, or None when it is one."""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return "only digits or punctuation"
    if _PHONE.search(name) and sum(c.isdigit() for c in name) >= 7:
        return "a phone number"
    if "@" in name or "http" in name.lower() or "www." in name.lower():
        return "an address"
    if _CONJUNCTION.match(name) and not _names_a_body(_CONJUNCTION.sub("", name)):
        return "starts with a conjunction"
    if len(letters) < 3 and not _ACRONYM.match(name):
        return "too short"
    if not any(c.isupper() for c in letters):
        return "no capital letter"
    if name[:1].islower() and not name[1:2].isupper():  # "iLab", "eGovernment" are names
        return "starts in lower case"
    words = name.split()
    if len(words) >= 5 and not any(c.isupper() for word in words[1:] for c in word):
        return "a description rather than a name"
    if len(name) > MAX_ORGANISATION_NAME:
        return "too long for one name"
    return None


def _clean_name(name: str) -> str:
    """Trim enumerators, notes such as "(by agreement)" and stray or unbalanced quotation marks."""
    name = _ENUMERATOR.sub("", name.strip())
    name = _ARTICLE.sub("", name) if name[:1].islower() else name
    name = _PERSON_NOTE.sub("", _ANNOTATION.sub("", name)).strip(" .,:-–")
    if sum(name.count(q) for q in QUOTES) % 2:
        name = name.translate({ord(q): None for q in QUOTES})
    if name.count("(") > name.count(")"):
        name = name.split("(")[0]
    if name.count(")") > name.count("("):
        name = name.replace(")", "")
    name = _CONJUNCTION.sub("", name) if _names_a_body(_CONJUNCTION.sub("", name)) else name
    return " ".join(name.strip(" .,:-–").split())


def split_institutions(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Organisation names (with a sector) named in an institution cell, and the parts refused
    (with the reason)."""
    found: list[tuple[str, str]] = []
    refused: list[tuple[str, str]] = []
    label: str | None = None
    text = re.sub(r"(?<=\w)·\s*", " ", _ANNOTATION.sub(";", text or ""))
    parts = [p for line in _lines(text) for s in _SEPARATORS.split(line) for p in _SENTENCE.split(s)]
    for raw in parts:
        part = _ENUMERATOR.sub("", raw.strip()).strip(" .,")
        if not part or part.lower() in NO_INSTITUTION:
            continue
        is_heading, heading_sector = _heading(part)
        if is_heading:
            label = heading_sector
            continue
        if match := _LABEL.match(part):
            is_label, label_sector = _label_sector(match[1])
            if is_label:
                label = label_sector
            if is_label or len(match[1].split()) >= 2:  # "For conducting trainings: The Office…"
                part = match[2].strip(" .,")
        pieces = [r for c in _comma_pieces(part) for a in _and_pieces(c) for r in _run_on_pieces(a)]
        for piece in pieces:
            name = _clean_name(piece)
            if not name or name.lower() in NO_INSTITUTION or _heading(name)[0]:
                continue
            if name.lower().startswith(GENERIC_PREFIXES):
                continue
            if len(name) > MAX_ORGANISATION_NAME and _HEAD.match(name):
                # A body named, then what it does: "Ministry of X, which will coordinate…".
                name = _clean_name(_HEAD_CUT.split(name, maxsplit=1)[0])
            if reason := refusal(name):
                refused.append((piece.strip(), reason))
                continue
            found.append((name, label or sector_from_name(name)))
    return list(dict.fromkeys(found)), refused
