"""Red flags: each rule table-driven on plain facts, and the explorer filter agreeing with it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

import pytest

from django.test import Client
from django.utils import timezone, translation

from commitments.explorer.facts import facts_refresh_soon
from commitments.flags import FLAGS, flags_for
from commitments.models import CommitmentFacts, CommitmentPage, ProgressUpdate

from .progress_fixtures import submitted_update

NOW = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


@dataclass(frozen=True)
class Facts:
    plan_status: str = "implementation"
    plan_start_year: int | None = 2025
    next_open_due: datetime.date | None = None
    last_approved_update: datetime.date | None = TODAY
    oldest_waiting_update: datetime.datetime | None = None
    has_government: bool = True
    has_civil_society: bool = True
    has_business: bool = True
    contested: int = 0


DAY = datetime.timedelta(days=1)
CASES = [
    ("nothing wrong", Facts(), set()),
    ("milestone due today", Facts(next_open_due=TODAY), set()),
    ("milestone due yesterday", Facts(next_open_due=TODAY - DAY), {"milestone_overdue"}),
    ("update 90 days ago", Facts(last_approved_update=TODAY - 90 * DAY), set()),
    ("update 91 days ago", Facts(last_approved_update=TODAY - 91 * DAY), {"stale"}),
    ("never updated", Facts(last_approved_update=None), {"stale"}),
    ("never updated, start year unknown", Facts(last_approved_update=None, plan_start_year=None), {"stale"}),
    # The plan began on 1 January 2026; on 30 June that is 180 days ago.
    (
        "never updated, plan began this year",
        Facts(last_approved_update=None, plan_start_year=2026),
        {"stale"},
    ),
    ("never updated, plan begins next year", Facts(last_approved_update=None, plan_start_year=2027), set()),
    ("never updated, plan ended", Facts(last_approved_update=None, plan_status="ended"), set()),
    ("never updated, co-creation", Facts(last_approved_update=None, plan_status="co_creation"), set()),
    ("waiting 14 days", Facts(oldest_waiting_update=NOW - 14 * DAY), set()),
    ("waiting 15 days", Facts(oldest_waiting_update=NOW - 15 * DAY), {"review_waiting"}),
    ("no business", Facts(has_business=False), {"triangle_empty"}),
    ("no civil society", Facts(has_civil_society=False), {"triangle_empty"}),
    ("one contested milestone unanswered", Facts(contested=1), {"contested"}),
    (
        "everything",
        Facts(
            next_open_due=TODAY - DAY,
            last_approved_update=None,
            oldest_waiting_update=NOW - 30 * DAY,
            has_government=False,
            contested=2,
        ),
        {"milestone_overdue", "stale", "review_waiting", "triangle_empty", "contested"},
    ),
]


@pytest.mark.parametrize(("case", "facts", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rules(case, facts, expected):
    assert {flag.code for flag in flags_for(facts, NOW)} == expected


def test_every_flag_explains_itself_in_both_languages():
    for flag in FLAGS.values():
        texts = {}
        for language in ("en", "es"):
            with translation.override(language):
                texts[language] = (str(flag.label), str(flag.explanation), str(flag.basis))
        assert all(texts["en"]) and all(texts["es"])
        assert texts["en"] != texts["es"], flag.code


@pytest.mark.django_db
def test_the_explorer_filter_finds_what_the_rules_flag(world):
    update = submitted_update(world)
    ProgressUpdate.objects.filter(pk=update.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=20)
    )
    facts_refresh_soon([world.commitment.pk])
    now = timezone.now()
    for code in FLAGS:
        expected = {
            f.commitment.ogp_id
            for f in CommitmentFacts.objects.select_related("commitment")
            if code in {flag.code for flag in flags_for(f, now)}
        }
        response = Client().get("/en/commitments/", {"flag": code})
        listed = {p.ogp_id for p in response.context["page_obj"].object_list}
        assert listed == expected, code
    assert "TS0001" in {
        p.ogp_id for p in Client().get("/en/commitments/", {"flag": "review_waiting"}).context["page_obj"]
    }
    page = Client().get(CommitmentPage.objects.get(ogp_id="TS0001").url).content.decode()
    assert "Update waiting for review" in page and "Basis:" in page
    assert replace(Facts(), has_business=True)  # the dataclass is the rules' whole input


@pytest.mark.django_db
def test_plan_and_member_pages_count_their_flags_and_link_to_the_explorer(world):
    plan = world.commitment.get_parent().specific
    for page, query in ((plan, "plan=AP_TST01"), (world.member, "member=TST")):
        text = Client().get(page.url).content.decode()
        assert "Golden Triangle corner empty: 1 commitment" in text
        assert f"/en/commitments/?{query}&amp;flag=triangle_empty" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "start_year", "last_update"),
    [
        (datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC), 2026, None),  # 89 days after 1 January
        (datetime.datetime(2026, 4, 2, 12, tzinfo=datetime.UTC), 2026, None),  # 91 days
        (datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), 2025, None),  # cutoff in the previous year
        (datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), 2026, None),
        (datetime.datetime(2027, 3, 31, 12, tzinfo=datetime.UTC), 2026, None),  # cutoff on 1 January 2027
        (datetime.datetime(2027, 4, 1, 12, tzinfo=datetime.UTC), 2027, None),
        (datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), None, None),
        (datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), 2020, datetime.date(2026, 4, 1)),
        (datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), 2020, datetime.date(2026, 3, 31)),
    ],
)
def test_the_stale_condition_agrees_with_the_rule_around_the_plan_start(world, now, start_year, last_update):
    from commitments.flags import FLAGS

    CommitmentFacts.objects.filter(commitment=world.commitment).update(
        plan_status="implementation", plan_start_year=start_year, last_approved_update=last_update
    )
    facts = CommitmentFacts.objects.get(commitment=world.commitment)
    in_query = CommitmentFacts.objects.filter(FLAGS["stale"].condition("", now), pk=facts.pk).exists()
    assert in_query == FLAGS["stale"].test(facts, now)
