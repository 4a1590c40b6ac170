"""``tracker.db.JSONRows``: child rows read in their parent's query, as JSON, then turned back
into model instances equal to those the ORM reads (on SQLite and on PostgreSQL, whose JSON
functions differ: text dates, 0/1 booleans, numbers for decimals, key order)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from django.db import connection
from django.db.models import OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.fieldwork.models import SiteVisit, VisitModeration
from commitments.models import CommitmentPage
from tests.commitments.progress_fixtures import build_world
from tracker.db import JSONRows, instance, instances, json_rows, json_value, set_prefetched

pytestmark = pytest.mark.django_db

VISIT_FIELDS = [field.attname for field in SiteVisit._meta.concrete_fields]
MODERATION_FIELDS = [field.attname for field in VisitModeration._meta.concrete_fields]


def visit(world, day: int, **extra) -> SiteVisit:
    values = {
        "milestone": world.milestone,
        "milestone_title": "Data published",
        "commitment": world.commitment,
        "author": world.user("poc"),
        "visited_on": datetime.date(2026, 3, day),
        "observations": f"Seen on day {day}",
        "observed_status": "met",
        **extra,
    }
    return SiteVisit.objects.create(**values)


@pytest.fixture
def visits():
    world = build_world()
    moment = datetime.datetime(2026, 3, 9, 14, 30, 15, 123456, tzinfo=datetime.UTC)
    made = [
        visit(
            world, 5, latitude=Decimal("-34.6037"), longitude=Decimal("-58.381612"), location_source="photo"
        ),
        visit(world, 9, created_at=moment),
        visit(
            world,
            9,
            hidden=True,
            hidden_reason="Personal data",
            hidden_at=moment,
            hidden_by=world.user("staff"),
            milestone=None,
        ),
        visit(world, 1, latitude=Decimal("0.5"), longitude=Decimal("10")),
    ]
    for offset, action in enumerate(["hidden", "shown", "hidden"]):
        VisitModeration.objects.create(
            visit=made[2],
            action=action,
            reason=f"Step {offset}",
            actor=world.user("staff"),
            at=moment + datetime.timedelta(minutes=offset, microseconds=offset),
        )
    return world


def read(commitment, queryset_filter=lambda q: q):
    visits = queryset_filter(
        SiteVisit.objects.filter(commitment_id=OuterRef("pk")).order_by("-visited_on", "-pk")
    )
    expression = JSONRows(
        visits,
        *VISIT_FIELDS,
        moderation=JSONRows(
            VisitModeration.objects.filter(visit_id=OuterRef("pk")).order_by("-at", "pk"), *MODERATION_FIELDS
        ),
    )
    return CommitmentPage.objects.filter(pk=commitment.pk).values_list(expression, flat=True).get()


def assert_same(got, expected, names):
    assert type(got) is type(expected)
    for name in names:
        mine, theirs = getattr(got, name), getattr(expected, name)
        assert mine == theirs and type(mine) is type(theirs), (name, mine, theirs)


def test_rows_come_back_in_order_with_the_orm_s_types_and_values(visits):
    with CaptureQueriesContext(connection) as captured:
        value = read(visits.commitment)
    assert len(captured) == 1
    got = instances(SiteVisit, value)
    expected = list(SiteVisit.objects.filter(commitment=visits.commitment).order_by("-visited_on", "-pk"))
    assert [v.pk for v in got] == [v.pk for v in expected]
    assert [v.visited_on.day for v in got] == [9, 9, 5, 1]
    for mine, theirs in zip(got, expected, strict=True):
        assert_same(mine, theirs, VISIT_FIELDS)
    hidden = next(v for v in got if v.hidden)
    assert hidden.hidden is True and hidden.milestone_id is None
    assert hidden.hidden_at == datetime.datetime(2026, 3, 9, 14, 30, 15, 123456, tzinfo=datetime.UTC)
    assert got[2].latitude == Decimal("-34.603700") and str(got[2].longitude) == "-58.381612"
    assert str(got[3].longitude) == "10.000000"
    # Nested: each visit's moderation steps, latest first.
    rows = json_rows(value)
    steps = instances(VisitModeration, next(row for row in rows if row["hidden"])["moderation"])
    expected_steps = list(VisitModeration.objects.filter(visit=hidden).order_by("-at", "pk"))
    assert [s.reason for s in steps] == ["Step 2", "Step 1", "Step 0"]
    for mine, theirs in zip(steps, expected_steps, strict=True):
        assert_same(mine, theirs, MODERATION_FIELDS)
    assert all(row["moderation"] == [] for row in rows if not row["hidden"])


def test_a_slice_keeps_the_first_rows_in_order_and_no_rows_is_an_empty_list(visits):
    got = instances(SiteVisit, read(visits.commitment, lambda q: q[:2]))
    assert [(v.visited_on.day, v.hidden) for v in got] == [(9, True), (9, False)]
    got = instances(SiteVisit, read(visits.commitment, lambda q: q.filter(hidden=False)[1:3]))
    assert [v.visited_on.day for v in got] == [5, 1]
    other = CommitmentPage.objects.exclude(pk=visits.commitment.pk).first()
    assert read(other) == [] and instances(SiteVisit, read(other)) == []


def test_an_instance_is_saved_state_and_defers_what_the_row_did_not_bring(visits):
    row = json_rows(read(visits.commitment))[0]
    made = instance(SiteVisit, {"pk": row["id"], "visited_on": row["visited_on"]})
    assert made._state.adding is False and made.pk == row["id"]
    assert made.get_deferred_fields() >= {"observations", "hidden"}


def test_prefetched_children_are_read_without_a_query(visits):
    hidden = SiteVisit.objects.get(hidden=True)
    steps = [VisitModeration(pk=1, visit=hidden, action="hidden", reason="R", at=timezone.now())]
    set_prefetched(hidden, "moderation", steps)
    with CaptureQueriesContext(connection) as captured:
        assert list(hidden.moderation.all()) == steps
    assert len(captured) == 0


def test_big_decimals_keep_their_digits_and_json_columns_their_floats(db):
    from commitments.contracting.models import (
        ContractingProcess,
        ContractingRelease,
        DataSource,
        ProcessAward,
    )

    source = DataSource.objects.create(kind="ocds", name="sample.json")
    process = ContractingProcess.objects.create(
        ocid="ocds-213czf-000-00001", source=source, compiled={"a": 0.25}
    )
    ProcessAward.objects.create(process=process, award_id="1", amount=Decimal("12345678901234567890.12"))
    ProcessAward.objects.create(process=process, award_id="2", amount=Decimal("0.10"), currency="GBP")
    data = {"value": {"amount": 1.5, "currency": "GBP"}, "n": 2, "shares": [0.1, 33.333], "flag": True}
    ContractingRelease.objects.create(process=process, release_id="r1", data=data, source=source)
    value = (
        ContractingProcess.objects.filter(pk=process.pk)
        .values_list(
            JSONRows(
                ProcessAward.objects.filter(process_id=OuterRef("pk")).order_by("award_id"),
                *[f.attname for f in ProcessAward._meta.concrete_fields],
            ),
            JSONRows(ContractingRelease.objects.filter(process_id=OuterRef("pk")), "data"),
        )
        .get()
    )
    awards = instances(ProcessAward, value[0])
    expected = list(ProcessAward.objects.filter(process=process).order_by("award_id"))
    assert [a.amount for a in awards] == [a.amount for a in expected]
    assert all(type(a.amount) is Decimal for a in awards)
    if connection.vendor == "postgresql":  # SQLite itself keeps 15 digits
        assert awards[0].amount == Decimal("12345678901234567890.12")
    (release,) = json_rows(value[1])
    assert json_value(release["data"]) == data
    assert type(json_value(release["data"])["value"]["amount"]) is float
