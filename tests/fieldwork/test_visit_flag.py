"""Site visits on the commitment's timeline, and the "visit contradicts" red flag: a milestone
whose latest visible visit saw a status other than its approved one counts in the commitment's
facts; the rule in Python and as a database condition agree (the explorer's filter)."""

from __future__ import annotations

import datetime

import pytest

from django.test import Client
from django.utils import timezone

from commitments.fieldwork import services
from commitments.fieldwork.facts import latest_visits_contradicting
from commitments.fieldwork.models import SiteVisit
from commitments.fieldwork.photos import photo_clean
from commitments.flags import FLAGS, flags_for
from commitments.models import CommitmentFacts

from .photo_files import jpeg

pytestmark = pytest.mark.django_db


def record_visit(world, **extra) -> SiteVisit:
    values = {
        "milestone": world.milestone,
        "author": world.user("verified"),
        "visited_on": timezone.localdate(),
        "observations": "Seen",
        "observed_status": "notMet",
        "photos": [photo_clean(jpeg())],
    }
    return services.site_visit_record(**{**values, **extra})


FLAG = FLAGS["visit_contradicts"]


def facts(world) -> CommitmentFacts:
    return CommitmentFacts.objects.get(commitment=world.commitment)


def assert_rule_and_condition_agree(now):
    for row in CommitmentFacts.objects.all():
        in_query = CommitmentFacts.objects.filter(FLAG.condition("", now), pk=row.pk).exists()
        assert in_query == FLAG.test(row, now), row.pk


@pytest.mark.parametrize(
    "visits, expected",
    [
        ([], {}),
        ([(1, 10, "notMet", "met")], {1: 1}),
        ([(1, 10, "met", "met")], {}),
        # Newest first per milestone: only the latest visit counts.
        ([(1, 10, "met", "met"), (1, 10, "notMet", "met")], {}),
        ([(1, 10, "notMet", "met"), (1, 10, "met", "met")], {1: 1}),
        # Two milestones of one commitment, one of another.
        ([(1, 10, "notMet", "met"), (1, 11, "scheduled", "met"), (2, 20, "met", "notMet")], {1: 2, 2: 1}),
        # No status observed: nothing to contradict.
        ([(1, 10, "", "met")], {}),
    ],
)
def test_latest_visits_contradicting(visits, expected):
    assert latest_visits_contradicting(visits) == expected


def test_a_contradicting_visit_raises_the_flag_until_a_later_visit_agrees_or_it_is_hidden(world):
    now = timezone.now()
    assert world.milestone.status == "scheduled"
    assert facts(world).visits_contradicting == 0 and FLAG not in flags_for(facts(world), now)

    older = record_visit(
        world, observed_status="notMet", visited_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    assert facts(world).visits_contradicting == 1
    assert FLAG in flags_for(facts(world), now)
    assert_rule_and_condition_agree(now)
    listed = Client().get("/en/commitments/", {"flag": "visit_contradicts"}).context["page_obj"]
    assert [p.ogp_id for p in listed] == [world.commitment.ogp_id]

    # A later visit sees what the record says: the milestone no longer counts.
    later = record_visit(world, observed_status="scheduled")
    assert facts(world).visits_contradicting == 0
    assert_rule_and_condition_agree(now)
    # The later visit hidden: the older one is the latest visible again.
    services.site_visit_hide(visit=later, actor=world.user("staff"), reason="Wrong site")
    assert facts(world).visits_contradicting == 1
    services.site_visit_hide(visit=older, actor=world.user("staff"), reason="A face")
    assert facts(world).visits_contradicting == 0
    assert not Client().get("/en/commitments/", {"flag": "visit_contradicts"}).context["page_obj"].object_list


def test_the_flag_explains_itself_in_both_languages(world):
    record_visit(world, observed_status="notMet")
    page = Client().get(world.commitment.url).content.decode()
    assert "Site visit contradicts the record" in page
    spanish = Client().get(world.commitment.url.replace("/en/", "/es/", 1)).content.decode()
    assert "Una visita al sitio contradice el registro" in spanish


def test_visits_appear_on_the_commitment_timeline_newest_first_and_hidden_ones_do_not(world):
    seen = record_visit(world, observed_status="notMet", observations="Nothing built.")
    hidden = record_visit(world, observed_status="met", observations="A face.")
    services.site_visit_hide(visit=hidden, actor=world.user("staff"), reason="A face")
    response = Client().get(world.commitment.url)
    entries = [entry for entry in response.context["timeline"] if entry.kind == "visit"]
    assert [entry.row.visit.pk for entry in entries] == [seen.pk]
    page = response.content.decode()
    assert f"#visit-{seen.pk}" in page and f"#visit-{hidden.pk}" not in page
    assert "Contradicts the record" in page


def test_the_commitment_page_queries_stay_flat_as_visits_grow(world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    record_visit(world)
    client = Client()
    client.get(world.commitment.url)
    with CaptureQueriesContext(connection) as few:
        client.get(world.commitment.url)
    for _ in range(25):
        record_visit(world, observed_status="notMet")
    client.get(world.commitment.url)
    with CaptureQueriesContext(connection) as many:
        response = client.get(world.commitment.url)
    assert len(many) == len(few)
    assert len([e for e in response.context["timeline"] if e.kind == "visit"]) == 20
