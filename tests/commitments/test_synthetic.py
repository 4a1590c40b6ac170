"""The synthetic record behind ``make bench``: a sound Wagtail tree, OGP's shape, deterministic."""

from __future__ import annotations

from collections import Counter

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from wagtail.models import Page

from commitments.models import (
    ActionPlanPage,
    CommitmentFacts,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    StakeholderRole,
)
from commitments.rules import Lateness
from devdata import synthetic, synthetic_plan
from devdata.management.commands.bench import best_of, verdicts
from devdata.management.commands.bench_measure import ROWS, BenchContext, BenchRow, measure_row
from tracker.models import Sector

SIZE = 50


@pytest.fixture
def built(db):
    return synthetic.build(commitments=SIZE)


def test_the_plan_is_deterministic_and_each_size_extends_the_smaller_ones():
    small = synthetic.plan_record(commitments=400)
    assert small == synthetic.plan_record(commitments=400)
    assert synthetic.plan_record(commitments=2000)[:4] == small  # 400 = two pairs of members
    other_seed = synthetic.plan_record(commitments=400, seed=1)
    assert [m.title for m in other_seed] != [m.title for m in small]


def test_members_are_ogp_sized_and_ten_of_them_hold_exactly_a_thousand_commitments():
    members = synthetic.plan_record(commitments=2000)
    assert len(members) == 20
    assert sum(m.size for m in members) == 2000
    assert all(60 <= m.size <= 140 and 3 <= len(m.plans) <= 5 for m in members)
    assert len({m.code for m in members}) == 20
    assert sum(m.size for m in members[: synthetic_plan.EXPORT_MEMBERS]) == 1000
    assert synthetic.export_member_codes() == [m.code for m in members[:10]]
    commitment = members[0].plans[0].commitments[0]
    assert commitment.ogp_id == f"{members[0].code}0001"
    assert len(commitment.milestones) == synthetic_plan.MILESTONES_PER_COMMITMENT
    assert {m.region for m in members} <= {
        "Africa and the Middle East",
        "Americas",
        "Asia and the Pacific",
        "Europe",
    }


def test_build_writes_a_sound_wagtail_tree(built):
    assert (built.members, built.commitments, built.milestones) == (1, SIZE, SIZE * 5)
    assert synthetic.tree_problems() == []
    member = MemberPage.objects.get()
    home = member.get_parent()
    assert home.numchild == home.get_children().count() == 1
    plans = ActionPlanPage.objects.live().child_of(member).order_by("path")
    assert member.numchild == plans.count() >= 3
    assert CommitmentPage.objects.live().descendant_of(member).count() == SIZE
    for plan in plans:
        assert plan.numchild == plan.get_children().count()
    commitment = CommitmentPage.objects.order_by("path").first()
    assert commitment.get_parent().specific == plans[0]
    assert Page.objects.get(pk=commitment.pk).specific_class is CommitmentPage
    assert commitment.url_path == f"{plans[0].url_path}{commitment.slug}/"


def test_the_pages_resolve_and_render(built, client):
    member = MemberPage.objects.get()
    plan = ActionPlanPage.objects.child_of(member).order_by("path").first()
    commitment = CommitmentPage.objects.child_of(plan).order_by("path").first()
    for page, text in ((member, member.title), (plan, plan.plan_id), (commitment, commitment.title)):
        assert page.url.startswith("/en/")
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert text in response.content.decode()


def test_the_record_has_the_shape_of_ogps(built):
    assert all(
        count == 5 for count in Counter(Milestone.objects.values_list("commitment", flat=True)).values()
    )
    lateness = Counter(m.lateness for m in Milestone.objects.all())
    assert lateness[Lateness.MET_ON_TIME] and lateness[Lateness.MET_LATE] and lateness[Lateness.NOT_MET]
    assert lateness[Lateness.OVERDUE]
    leads = StakeholderRole.objects.filter(role="lead_implementer")
    assert leads.count() == SIZE
    assert {r.organisation.sector for r in leads} == {Sector.GOVERNMENT}
    areas = Counter(CommitmentPage.policy_areas.through.objects.values_list("commitmentpage_id", flat=True))
    assert len(areas) == SIZE and set(areas.values()) <= {1, 2, 3}
    assert IRMAssessment.objects.filter(report_type__in=["progress", "end_of_term"]).exists()
    assert all(c.lead_institutions_text for c in CommitmentPage.objects.all())


def test_the_explorer_facts_are_filled(built):
    assert built.facts_seconds is not None
    facts = CommitmentFacts.objects.all()
    assert facts.count() == SIZE
    assert facts.filter(has_civil_society=True).exists() and facts.filter(has_civil_society=False).exists()
    assert facts.filter(has_business=False).exists()
    assert facts.exclude(completion="").exists()


def test_the_record_is_what_the_plan_says(built):
    planned = [
        (c.ogp_id, c.title)
        for member in synthetic.plan_record(commitments=SIZE)
        for plan in member.plans
        for c in plan.commitments
    ]
    assert list(CommitmentPage.objects.order_by("path").values_list("ogp_id", "title")) == planned


def test_a_second_build_with_the_same_codes_is_refused(built):
    with pytest.raises(synthetic.SyntheticRecordExists):
        synthetic.build(commitments=SIZE)


def test_the_bench_times_a_page_and_counts_its_queries(built):
    member = MemberPage.objects.get()
    plan = ActionPlanPage.objects.child_of(member).order_by("path").first()
    commitment = CommitmentPage.objects.child_of(plan).order_by("path").first()
    context = BenchContext(
        member_url=member.url,
        plan_url=plan.url,
        commitment_url=commitment.url,
        member_code=member.code,
        plan_id=plan.plan_id,
        ogp_id=commitment.ogp_id,
        export_members=(member.code,),
        commitments=SIZE,
    )
    row = next(r for r in ROWS if r.name == "commitment page")
    result = measure_row(row, context, client=Client(), reps=3, warmup=1)
    assert result.ok, result.error
    assert result.queries_warm > 0 and result.queries_cold >= result.queries_warm
    assert result.reps == 3 and result.median_ms > 0 and result.p90_ms >= result.median_ms

    missing = BenchRow("missing", lambda c: "/en/no-such-page/")
    result = measure_row(missing, context, client=Client(), reps=1)
    assert not result.ok and "404" in result.error


def test_bench_build_refuses_a_database_outside_the_bench_folder(db):
    with pytest.raises(CommandError, match=r"Refusing|SQLite"):
        call_command("bench_build", size=10)


def _row(name, median, queries=(5, 4), ok=True, target=None):
    return {
        "name": name,
        "ok": ok,
        "error": "" if ok else "boom",
        "median_ms": median,
        "cpu_median_ms": median,
        "queries_cold": queries[0],
        "queries_warm": queries[1],
        "target_ms": target,
    }


def test_verdicts_check_queries_ratio_and_time_target():
    results = {
        2000: {"rows": [_row("a", 10), _row("b", 10), _row("c", 10, target=60), _row("d", 10)]},
        20000: {
            "rows": [_row("a", 19), _row("b", 25), _row("c", 70, target=60), _row("d", 10, queries=(5, 5))]
        },
    }
    by_name = {v["name"]: v for v in verdicts(results)}
    assert by_name["a"]["ok"]
    assert not by_name["b"]["ratio_ok"] and not by_name["b"]["ok"]
    assert by_name["c"]["target_ok"] is False
    assert not by_name["d"]["queries_equal"]


def test_best_of_keeps_each_rows_fastest_round_and_fails_a_row_that_failed_once():
    rounds = [
        {"rows": [_row("a", 12), _row("b", 9)]},
        {"rows": [_row("a", 10), _row("b", 8, ok=False)]},
    ]
    best = {r["name"]: r for r in best_of(rounds)["rows"]}
    assert best["a"]["median_ms"] == 10 and best["a"]["medians_by_round"] == [12, 10]
    assert not best["b"]["ok"]
