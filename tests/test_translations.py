"""Every user-facing string has its Spanish translation, and the compiled catalogue is current."""

from __future__ import annotations

import gettext
import os
import re
import shutil
from pathlib import Path

import pytest

from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = ["tracker", "commitments", "peers", "reports", "devdata", "templates", "locale"]


def unescape(text: str) -> str:
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text)


def entries(po_text: str) -> list[dict]:
    """The catalogue's entries: msgctxt, msgid, msgid_plural, msgstr(s), flags."""
    result = []
    for block in re.split(r"\n\s*\n", po_text.strip()):
        entry: dict = {"flags": "", "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line):
                key = match[1]
                if key.startswith("msgstr"):
                    entry["msgstr"].append(unescape(match[2]))
                else:
                    entry[key] = unescape(match[2])
            elif line.startswith('"') and key:
                if key.startswith("msgstr"):
                    entry["msgstr"][-1] += unescape(line[1:-1])
                else:
                    entry[key] += unescape(line[1:-1])
        if "msgid" in entry:
            result.append(entry)
    return result


def untranslated(po_text: str) -> list[str]:
    return [
        e["msgid"] for e in entries(po_text) if e["msgid"] and (not all(e["msgstr"]) or "fuzzy" in e["flags"])
    ]


def test_the_spanish_catalogue_is_complete():
    assert untranslated(PO.read_text(encoding="utf-8")) == []


def test_the_compiled_catalogue_matches_the_po_file():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    for entry in entries(PO.read_text(encoding="utf-8")):
        if not entry["msgid"] or "msgid_plural" in entry:
            continue
        key = entry["msgid"] if "msgctxt" not in entry else (entry["msgctxt"], entry["msgid"])
        found = catalogue.pgettext(*key) if isinstance(key, tuple) else catalogue.gettext(key)
        assert found == entry["msgstr"][0], f"{key!r}: run 'make messages' to compile"


@pytest.mark.skipif(
    shutil.which("xgettext") is None and os.environ.get("CI") != "true",
    reason="gettext is not installed (apt-get install gettext)",
)
def test_no_string_in_the_code_lacks_a_spanish_translation(tmp_path):
    """Extract the strings afresh from a copy of the sources: a string added without its
    translation fails here. (makemessages writes next to the sources it reads, so it runs
    on a copy and the real catalogue is never touched.)"""
    for folder in SOURCES:
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.csv", "__pycache__")
        )
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[str(tmp_path / "locale")]):
            call_command("makemessages", locale=["es"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    missing = untranslated((tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    assert missing == [], "translate these in locale/es/LC_MESSAGES/django.po (make messages)"
