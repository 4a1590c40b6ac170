"""Names sorted as readers expect, in English and in Spanish, without system locales."""

from __future__ import annotations

import pytest

from django.utils import translation

from tracker.collation import sort_key, sorted_by_name


def ordered(names, language):
    return sorted(names, key=lambda name: sort_key(name, language))


@pytest.mark.parametrize(
    ("names", "language", "expected"),
    [
        # Accents do not move a name: África is an A.
        (["Europa", "África", "Asia"], "es", ["África", "Asia", "Europa"]),
        (["Europe", "Åland", "Africa"], "en", ["Africa", "Åland", "Europe"]),
        # Case neither.
        (["banco", "Azul", "árbol"], "es", ["árbol", "Azul", "banco"]),
        # In Spanish ñ is a letter after n (and before o): Penz, then Peña; ñandú after nuez.
        (["Peña", "Penz", "Pena", "Peoria"], "es", ["Pena", "Penz", "Peña", "Peoria"]),
        (["ñandú", "oso", "nuez"], "es", ["nuez", "ñandú", "oso"]),
        # In English ñ is an accented n.
        (["Peña", "Penz", "Pena", "Peoria"], "en", ["Pena", "Peña", "Penz", "Peoria"]),
        # Same letters: unaccented first, then lowercase before uppercase (ties broken, stable).
        (["Peru", "Perú", "peru"], "es", ["peru", "Peru", "Perú"]),
        # Composed and decomposed forms sort together.
        (["Mexico", "Me\u0301xico", "México"], "es", ["Mexico", "Me\u0301xico", "México"]),
        # Words: a shorter word first.
        (["Costa Rica", "Costarricense", "Costa"], "es", ["Costa", "Costa Rica", "Costarricense"]),
    ],
)
def test_names_sort_as_a_reader_of_the_language_expects(names, language, expected):
    assert ordered(names, language) == expected


def test_the_active_language_is_the_default():
    names = ["Peña", "Penz"]
    with translation.override("es"):
        assert sorted_by_name(names, str) == ["Penz", "Peña"]
    with translation.override("en"):
        assert sorted_by_name(names, str) == ["Peña", "Penz"]
