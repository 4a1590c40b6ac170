"""Commitment numbers as plans publish them, their natural order, and the migration that made
them text."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest

from commitments.numbering import commitment_number, in_plan_order, number_key


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("12", "12"),
        (" 3.2.5 ", "3.2.5"),
        ("B.1.A", "B.1.A"),
        ("D4", "D4"),
        ("3.10", "3.10"),  # as published: not the float 3.1
        ("5.0999999999999996", "5.1"),  # the float Excel wrote for 5.1
        ("1.1000000000000001", "1.1"),
        ("10.46", "10.46"),
    ],
)
def test_commitment_number_keeps_what_the_plan_published(cell, number):
    assert commitment_number(cell) == number


def test_numbers_sort_naturally():
    numbers = ["10", "2", "3.10", "3.2.5", "", "B.1.A", "a.2", "D4", "1", "3.2"]
    assert sorted(numbers, key=number_key) == [
        "1",
        "2",
        "3.2",
        "3.2.5",
        "3.10",
        "10",
        "a.2",
        "B.1.A",
        "D4",
        "",
    ]


def test_rows_in_plan_order_fall_back_on_the_identifier():
    rows = [
        SimpleNamespace(page=SimpleNamespace(number=number, ogp_id=ogp_id))
        for number, ogp_id in [("2", "X3"), ("", "X1"), ("2", "X2"), ("10", "X0")]
    ]
    assert [r.page.ogp_id for r in in_plan_order(rows)] == ["X2", "X3", "X0", "X1"]


@pytest.mark.django_db
def test_the_migration_turns_revisions_numbers_into_text(world):
    """Publishing a revision saved before the change must still work: its number becomes text."""
    from django.apps import apps

    from wagtail.models import Revision

    migration = importlib.import_module("commitments.migrations.0007_commitment_number_as_text")
    commitment = world.commitment
    old = commitment.save_revision()
    older = commitment.save_revision()
    Revision.objects.filter(pk=old.pk).update(content={**old.content, "number": 12})
    Revision.objects.filter(pk=older.pk).update(content={**older.content, "number": None})

    migration.numbers_to_text(apps, None)

    assert Revision.objects.get(pk=old.pk).content["number"] == "12"
    assert Revision.objects.get(pk=older.pk).content["number"] == ""
    Revision.objects.get(pk=older.pk).publish()
    commitment.refresh_from_db()
    assert commitment.number == ""
