"""Sorting names for people to read, in the active language, without system locales (CI and
small servers have none): accents do not change a name's place ("África" before "Europa"),
case neither, and in Spanish "ñ" is a letter of its own after "n" ("Peña" after "Penz").

The key compares, in turn (as the Unicode Collation Algorithm's levels do): the letters without
their accents, then the accents, then the case, so the order is total and stable. A small
tested function rather than a dependency: the site's names are Latin-script, where this and
CLDR's Spanish collation agree.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils import translation

T = TypeVar("T")

TILDE = "\u0303"
# After every letter: "n" + this sorts "ñ" after "nz" and before "o".
AFTER_N = "\U0010ffff"
# Languages whose alphabet has "ñ" as a letter of its own.
N_TILDE_LETTER = {"es", "gl", "eu"}


def sort_key(text: str, language: str | None = None) -> tuple[str, str, str]:
    """The key that sorts ``text`` as a reader of ``language`` (the active one by default)
    expects."""
    if text.isascii():  # no accents to take apart: the same key, without the walk below
        folded = text.casefold()
        return folded, folded, text.swapcase()
    language = (language or translation.get_language() or "en").split("-")[0]
    decomposed = unicodedata.normalize("NFD", text)
    folded = decomposed.casefold()
    letters = []
    for index, char in enumerate(folded):
        if unicodedata.combining(char):
            if char == TILDE and language in N_TILDE_LETTER and index and folded[index - 1] == "n":
                letters.append(AFTER_N)
            continue
        letters.append(char)
    # Last, case: lowercase first, as in CLDR's default (swapcase puts it before uppercase).
    return "".join(letters), folded, decomposed.swapcase()


def sorted_by_name(items: Iterable[T], name: Callable[[T], str], language: str | None = None) -> list[T]:
    """``items`` in the reading order of their names (see ``sort_key``)."""
    language = language or translation.get_language()
    return sorted(items, key=lambda item: sort_key(name(item), language))
