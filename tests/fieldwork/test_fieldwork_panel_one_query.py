"""The commitment page's fieldwork panel reads its visits (with photos and moderation steps), how
many there are, and its consultations (with participants and inputs) in one query
(``selectors.commitment_fieldwork``): what it shows is what the model reads show, to the byte."""

from __future__ import annotations

import datetime

from django.core.cache import caches
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from commitments.fieldwork import selectors, services
from commitments.fieldwork.photos import photo_clean
from commitments.fieldwork.services import InputValues
from tests.fieldwork.photo_files import jpeg


def _record(world, days_ago: int, status: str, photos: int = 1, **extra):
    return services.site_visit_record(
        milestone=world.milestone,
        author=world.user("verified"),
        visited_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        observations=f"Seen {days_ago} days ago\nsecond line",
        observed_status=status,
        photos=[photo_clean(jpeg()) for _ in range(photos)],
        **extra,
    )


def _fill(world):
    world.milestone.status = "met"
    world.milestone.save()
    visits = [_record(world, days, "notMet" if days % 2 else "met", photos=days % 3) for days in range(1, 8)]
    _record(world, 0, "met", latitude=12.3456789, longitude=-45.6)
    services.site_visit_hide(visit=visits[1], actor=world.user("staff"), reason="Faces shown")
    services.site_visit_hide(visit=visits[1], actor=world.user("staff"), hidden=False, reason="Blurred now")
    services.site_visit_hide(visit=visits[2], actor=world.user("staff"), reason="Not this site")
    for i in range(3):
        services.consultation_save(
            actor=world.user("poc"),
            subject=world.commitment,
            held_on=timezone.localdate() - datetime.timedelta(days=i % 2),
            format="online" if i else "in_person",
            summary=f"Consultation {i}",
            participants={"civil_society": i + 1, "business": i % 2, "government": 2},
            inputs=[
                InputValues(
                    said=f"Input {i}.{j}", answer="adopted" if j else "", reason=f"Because {j}" if j else ""
                )
                for j in range(i + 1)
            ],
        )


def test_the_panel_shows_what_the_model_reads_show(world):
    _fill(world)
    page = world.commitment
    milestones = list(page.milestones.order_by("sort_order", "pk"))
    with CaptureQueriesContext(connection) as captured:
        found = selectors.commitment_fieldwork(page, visits=20, milestones=milestones)
    assert len(captured) == 1
    visible = selectors.visits_queryset(page).filter(hidden=False)
    assert found.visit_count == visible.count() == 7
    expected_rows = selectors.visit_rows(list(visible[:20]))
    rows = selectors.visit_rows(found.visits)
    with translation.override("en"):
        mine = render_to_string("fieldwork/includes/visit_list.html", {"visits": rows, "can_moderate": False})
        theirs = render_to_string(
            "fieldwork/includes/visit_list.html", {"visits": expected_rows, "can_moderate": False}
        )
        assert mine == theirs
        # Not vacuous: photos, a moderation history, a contradiction and a location are there.
        assert "visit__photos" in mine and "Blurred now" in mine and "Contradicts the record:" in mine
        assert "12.34568, -45.60000" in mine
        assert selectors.map_points(rows) == selectors.map_points(expected_rows)
        fieldwork = {"consultations": found.consultations, "record_consultation_url": "/x/"}
        expected = {"consultations": selectors.you_said_we_did(page), "record_consultation_url": "/x/"}
        mine = render_to_string("fieldwork/includes/you_said_we_did.html", {"fieldwork": fieldwork})
        assert mine == render_to_string("fieldwork/includes/you_said_we_did.html", {"fieldwork": expected})
        assert "Input 2.2" in mine and "Consultation 0" in mine


def _cold(client, url):
    client.get(url)  # what a first view computes and stores (the case scorecards)
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return len(captured), html


def test_the_commitment_page_reads_its_fieldwork_in_one_query_however_many(world):
    """None when the routing query finds no visit and no consultation; one with many."""
    client = Client()
    empty, _html = _cold(client, world.commitment.url)
    _fill(world)
    full, html = _cold(client, world.commitment.url)
    assert "7 visits recorded" in html and "Input 2.2" in html and "Blurred now" in html
    assert full == empty + 1


def test_the_query_is_kept_and_what_it_reads_is_not(world):
    """The query is built once per process (``tracker.db.built_once``); each page reads afresh."""
    assert selectors.commitment_fieldwork(world.commitment, visits=20).visit_count == 0
    _record(world, 3, "met")
    found = selectors.commitment_fieldwork(world.commitment, visits=20)
    assert found.visit_count == 1 and found.visits[0].observations.startswith("Seen 3 days ago")
    assert selectors.commitment_fieldwork(world.commitment, visits=0, consultations=False).visits == []


def test_a_plan_s_consultations_in_one_query_as_the_model_reads_show_them(world):
    plan = world.commitment.get_parent().specific
    client = Client()
    none, _html = _cold(client, plan.url)
    for i in range(3):
        services.consultation_save(
            actor=world.user("poc"),
            subject=plan,
            held_on=timezone.localdate() - datetime.timedelta(days=i),
            format="online",
            summary=f"Plan consultation {i}",
            participants={"civil_society": i + 1, "government": 1},
            inputs=[
                InputValues(said=f"Plan input {i}.{j}", answer="adopted", reason="Done") for j in range(i + 1)
            ],
        )
    with CaptureQueriesContext(connection) as captured:
        rows = selectors.plan_you_said_we_did(plan)
    assert len(captured) == 1
    with translation.override("en"):
        mine = render_to_string(
            "fieldwork/includes/you_said_we_did.html", {"fieldwork": {"consultations": rows}}
        )
        expected = {"consultations": selectors.you_said_we_did(plan)}
        assert mine == render_to_string("fieldwork/includes/you_said_we_did.html", {"fieldwork": expected})
    assert "Plan input 2.2" in mine
    three, html = _cold(client, plan.url)
    assert three == none and "Plan consultation 2" in html
