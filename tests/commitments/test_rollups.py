"""Roll-ups: the figures for a set of commitments, and how member and action-plan pages show them."""

from __future__ import annotations

import datetime
import html
import re

import pytest

from django.template.loader import render_to_string
from django.utils import translation

from commitments import services
from commitments.models import ActionPlanPage, CommitmentPage, IRMAssessment, MemberPage
from commitments.rollups import Rollup, Share, rollup_from_counts, rollup_from_rows
from commitments.rules import MilestoneStatus
from commitments.selectors import CommitmentRow
from tests.commitments.test_pages import get, text


def row(completion=None, *, starred=False, sectors=(), milestones=(0, 0, 0)) -> CommitmentRow:
    """A hand-built row: ``completion`` None for no IRM assessment, "" for one without completion.

    A roll-up never reads the page (an unsaved one would need the database for its locale).
    """
    total, met, late = milestones
    latest = None if completion is None else IRMAssessment(report_type="progress", completion=completion)
    return CommitmentRow(
        page=None,
        milestones={"total": total, "met": met, "late": late},
        latest=latest,
        sectors=set(sectors),
        lead=[],
        starred=starred,
    )


def summary(rollup: Rollup) -> dict:
    """What a roll-up says, as plain values: (key, count, total) for each share."""
    return {
        "commitments": rollup.commitments,
        "assessed": rollup.assessed,
        "completion": [(s.key, s.count, s.total) for s in rollup.completion],
        "completed": (rollup.completed.count, rollup.completed.total, rollup.completed.percent),
        "starred": (rollup.starred.count, rollup.starred.total, rollup.starred.percent),
        "milestones": rollup.milestones,
        "met": (rollup.milestones_met.count, rollup.milestones_met.total, rollup.milestones_met.percent),
        "late": (rollup.milestones_late.count, rollup.milestones_late.total, rollup.milestones_late.percent),
        "sectors": [(s.key, s.count, s.total) for s in rollup.sectors],
    }


MAIN_LEVELS_AT_ZERO = [("not_started", 0, 0), ("limited", 0, 0), ("substantial", 0, 0), ("complete", 0, 0)]

CASES = {
    "no commitments": (
        [],
        {
            "commitments": 0,
            "assessed": 0,
            "completion": MAIN_LEVELS_AT_ZERO,
            "completed": (0, 0, 0),
            "starred": (0, 0, 0),
            "milestones": 0,
            "met": (0, 0, 0),
            "late": (0, 0, 0),
            "sectors": [("government", 0, 0), ("civil_society", 0, 0), ("business", 0, 0)],
        },
    ),
    "no assessments": (
        # Never assessed, and assessed for design only (no completion): neither counts.
        [row(None, sectors=["government"], milestones=(2, 1, 0)), row("", sectors=["government"])],
        {
            "commitments": 2,
            "assessed": 0,
            "completion": MAIN_LEVELS_AT_ZERO,
            "completed": (0, 0, 0),
            "starred": (0, 2, 0),
            "milestones": 2,
            "met": (1, 2, 50),
            "late": (0, 2, 0),
            "sectors": [("government", 2, 2), ("civil_society", 0, 2), ("business", 0, 2)],
        },
    ),
    "mixed": (
        [
            row("complete", starred=True, sectors=["government", "civil_society"], milestones=(3, 2, 1)),
            row("substantial", sectors=["government"], milestones=(2, 0, 1)),
            row("limited", sectors=["business", "academia"]),
            row("withdrawn"),
            row(None, sectors=["government"]),
        ],
        {
            "commitments": 5,
            "assessed": 4,
            # The four main levels always, in OGP's order; the others only when present.
            "completion": [
                ("not_started", 0, 4),
                ("limited", 1, 4),
                ("substantial", 1, 4),
                ("complete", 1, 4),
                ("withdrawn", 1, 4),
            ],
            "completed": (2, 4, 50),
            "starred": (1, 5, 20),
            "milestones": 5,
            "met": (2, 5, 40),
            "late": (2, 5, 40),
            # The three corners always; academia because one commitment engages it.
            "sectors": [
                ("government", 3, 5),
                ("civil_society", 1, 5),
                ("business", 1, 5),
                ("academia", 1, 5),
            ],
        },
    ),
}


@pytest.mark.parametrize("rows, expected", CASES.values(), ids=CASES.keys())
def test_rollup_from_rows(rows, expected):
    assert summary(rollup_from_rows(rows)) == expected


def test_a_rollup_from_counts_says_what_the_same_rows_say():
    rows, _ = CASES["mixed"]
    counts = rollup_from_counts(
        commitments=5,
        completion={"complete": 1, "substantial": 1, "limited": 1, "withdrawn": 1, "": 1},
        starred=1,
        milestones=5,
        milestones_met=2,
        milestones_late=2,
        sectors={"government": 3, "civil_society": 1, "business": 1, "academia": 1, "multilateral": 0},
    )
    assert counts == rollup_from_rows(rows)


def test_sector_keys_line_up_the_sectors_of_several_rollups():
    rollup = rollup_from_rows(
        [row(sectors=["business"])], sector_keys=["multilateral", "government", "business"]
    )
    assert [(s.key, s.count) for s in rollup.sectors] == [
        ("government", 0),
        ("business", 1),
        ("multilateral", 0),
    ]


@pytest.mark.parametrize(
    "count, total, percent",
    [(0, 0, 0), (3, 0, 0), (0, 7, 0), (1, 3, 33), (2, 3, 67), (1, 8, 13), (5, 8, 63), (7, 7, 100)],
)
def test_a_share_is_a_whole_percentage_with_halves_rounded_up(count, total, percent):
    assert Share("key", "Label", count, total).percent == percent


def test_bar_geometry_is_written_with_a_dot_in_every_language():
    with translation.override("es"):
        assert Share("met", "", 1, 3).bar_width == "33.33"
        assert Share("met", "", 0, 0).bar_width == "0"
        segments = rollup_from_rows(CASES["mixed"][0]).completion_segments
    # Levels at zero take no room; the others lie end to end.
    assert [(s.share.key, s.x, s.width) for s in segments] == [
        ("limited", "0", "25"),
        ("substantial", "25", "25"),
        ("complete", "50", "25"),
        ("withdrawn", "75", "25"),
    ]


def _explorer_like_rollup() -> Rollup:
    """A roll-up built as the explorer builds it: positional shares, no labels where it needs none."""
    completion = [
        Share("not_started", "Not started", 1, 3),
        Share("limited", "Limited", 0, 3),
        Share("substantial", "Substantial", 0, 3),
        Share("complete", "Complete", 2, 3),
    ]
    return Rollup(
        commitments=4,
        assessed=3,
        completion=completion,
        starred=Share("starred", "", 1, 4),
        milestones=6,
        milestones_met=Share("met", "", 3, 6),
        milestones_late=Share("late", "", 1, 6),
        sectors=[Share("government", "Government", 4, 4), Share("civil_society", "Civil society", 1, 4)],
    )


def test_the_include_renders_a_rollup_alone_at_the_heading_level_asked():
    page = render_to_string(
        "commitments/includes/rollup.html",
        {"rollup": _explorer_like_rollup(), "heading_level": 3, "id_prefix": "found"},
    )
    assert '<h3 id="found-heading">In numbers</h3>' in page
    assert '<h4 id="found-completion-heading">IRM completion</h4>' in page
    assert 'aria-label="IRM completion: Not started 1 (33%); Complete 2 (67%)"' in page
    assert 'fill="url(#found-pattern-complete)"' in page and 'id="found-pattern-complete"' in page
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Commitments 4 Substantial or complete 67% 2 of 3 assessed" in words
    assert "Starred commitments 25% 1 of 4 commitments" in words
    assert "Milestones met 50% 3 of 6 milestones Milestones late 17% 1 of 6 milestones" in words
    assert "Assessed 3 100% Not assessed 1" in words
    assert "Met 3 / 6 50% Late 1 / 6 17%" in words
    assert "Government 4 / 4 100% Civil society 1 / 4 25%" in words


def test_the_include_says_so_when_there_is_nothing_to_roll_up():
    empty = render_to_string("commitments/includes/rollup.html", {"rollup": rollup_from_rows([])})
    assert '<h2 id="rollup-heading">In numbers</h2>' in empty
    named = render_to_string(
        "commitments/includes/rollup.html", {"rollup": rollup_from_rows([]), "heading": "Found"}
    )
    assert '<h2 id="rollup-heading">Found</h2>' in named
    assert "No commitments yet." in empty and "<svg" not in empty
    unassessed = render_to_string(
        "commitments/includes/rollup.html", {"rollup": rollup_from_rows([row(None)])}
    )
    assert "The IRM has not assessed these commitments yet." in unassessed
    assert "No milestones have been recorded for these commitments yet." in unassessed
    assert 'role="img"' not in unassessed


# -- pages --------------------------------------------------------------------------------------


def _add_milestones() -> None:
    """UA0032 (plan 2): one met late, one met on time, one not yet due; UA0001 (plan 1): one overdue."""
    ua0032 = CommitmentPage.objects.get(ogp_id="UA0032")
    for title, due, status, met in [
        ("Draft law published", datetime.date(2015, 1, 1), MilestoneStatus.MET, datetime.date(2015, 3, 1)),
        ("Consultation held", datetime.date(2015, 6, 1), MilestoneStatus.MET, None),
        ("Register opened", datetime.date(2099, 1, 1), MilestoneStatus.SCHEDULED, None),
    ]:
        services.milestone_create(commitment=ua0032, title=title, end_date=due, status=status, date_met=met)
    ua0001 = CommitmentPage.objects.get(ogp_id="UA0001")
    services.milestone_create(commitment=ua0001, title="Portal launched", end_date=datetime.date(2013, 1, 1))


def _chart_and_table_agree(page_html: str, heading: str) -> str:
    """The completion chart's accessible name, after checking its table holds the same numbers."""
    label = html.unescape(
        re.search(r'<svg class="rollup__stack" role="img"[^>]* aria-label="([^"]+)"', page_html)[1]
    )
    name, _, parts = label.partition(": ")
    assert name == heading
    table = re.search(r'<table class="rollup__table">.*?</table>', page_html, flags=re.S)[0]
    words = " ".join(re.sub(r"<[^>]+>", " ", table).split())
    for part in parts.split("; "):
        level, count, percent = re.fullmatch(r"(.+) (\d+) \((\d+)%\)", part).groups()
        assert f"{level} {count} {percent}%" in words
    return label


@pytest.mark.django_db
def test_member_page_rolls_up_every_plan_in_english(client, imported_once):
    _add_milestones()
    member = MemberPage.objects.get(code="UKR")
    response = get(client, member.url)
    english = text(response)
    assert (
        "In numbers Commitments 13 Substantial or complete 69% 9 of 13 assessed "
        "Starred commitments 8% 1 of 13 commitments "
        "Milestones met 50% 2 of 4 milestones Milestones late 50% 2 of 4 milestones"
    ) in english
    label = _chart_and_table_agree(response.content.decode(), "IRM completion")
    assert (
        label == "IRM completion: Not started 1 (8%); Limited 3 (23%); Substantial 3 (23%); Complete 6 (46%)"
    )
    assert "Assessed 13 100%" in english
    assert "Met 2 / 4 50% Late 2 / 4 50%" in english
    assert (
        "Government 12 / 13 92% Civil society 5 / 13 38% Business 0 / 13 0% Multilateral 3 / 13 23%"
        in english
    )
    # One compact row per plan: commitments, completed share, starred, milestones met and late.
    assert "Action plan 1 (2012–2013) AP_UKR01 Ended 7 71% (5 / 7) 1 0 / 1 1" in english
    assert "Action plan 2 (2014–2016) AP_UKR02 Ended 4 75% (3 / 4) 0 2 / 3 1" in english
    # Coverage, plans by sectors.
    assert "Golden Triangle coverage by action plan" in english
    assert "Action plan 2 (2014–2016) 4 / 4 3 / 4 0 / 4 2 / 4" in english
    assert "All action plans 12 / 13 5 / 13 0 / 13 3 / 13" in english


@pytest.mark.django_db
def test_member_page_rolls_up_every_plan_in_spanish(client, imported_once):
    _add_milestones()
    member = MemberPage.objects.get(code="UKR")
    response = get(client, member.url, "es")
    spanish = text(response)
    assert (
        "En cifras Compromisos 13 Sustancial o completo 69% 9 de 13 evaluados "
        "Compromisos destacados 8% 1 de 13 compromisos "
        "Hitos cumplidos 50% 2 de 4 hitos Hitos con retraso 50% 2 de 4 hitos"
    ) in spanish
    label = _chart_and_table_agree(response.content.decode(), "Cumplimiento según el IRM")
    assert label.endswith("No iniciado 1 (8%); Limitado 3 (23%); Sustancial 3 (23%); Completo 6 (46%)")
    assert "Evaluados 13 100%" in spanish
    assert "Cumplido 2 / 4 50% Con retraso 2 / 4 50%" in spanish
    assert "Gobierno 12 / 13 92% Sociedad civil 5 / 13 38% Empresas 0 / 13 0%" in spanish
    assert "Plan de acción 2 (2014–2016) AP_UKR02 Finalizado 4 75% (3 / 4) 0 2 / 3 1" in spanish
    assert "Cobertura del Triángulo de Oro por plan de acción" in spanish
    assert "Todos los planes de acción 12 / 13 5 / 13 0 / 13 3 / 13" in spanish


@pytest.mark.django_db
def test_action_plan_page_rolls_up_its_commitments_in_english(client, imported_once):
    _add_milestones()
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR02")
    response = get(client, plan.url)
    page_html = response.content.decode()
    english = text(response)
    assert (
        "In numbers Commitments 4 Substantial or complete 75% 3 of 4 assessed "
        "Starred commitments 0% 0 of 4 commitments "
        "Milestones met 67% 2 of 3 milestones Milestones late 33% 1 of 3 milestones"
    ) in english
    label = _chart_and_table_agree(page_html, "IRM completion")
    assert label == "IRM completion: Not started 1 (25%); Substantial 1 (25%); Complete 2 (50%)"
    assert "Not started 1 25% Limited 0 0% Substantial 1 25% Complete 2 50% Assessed 4 100%" in english
    assert "Met 2 / 3 67% Late 1 / 3 33%" in english
    # The Golden Triangle table, commitments by sectors, with a mark and words for each cell.
    assert "Golden Triangle coverage by commitment" in english
    assert '<th scope="col">Government</th><th scope="col">Civil society</th>' in page_html
    assert "UA0032 Financing of Charities ✓ Yes ✓ Yes – No – No" in english
    assert "UA0035 Establishing Rules on Processing Official Information ✓ Yes – No – No – No" in english
    assert "Commitments engaging it 4 / 4 3 / 4 0 / 4 2 / 4" in english
    assert '<span class="mark mark--yes" aria-hidden="true">✓</span>' in page_html


@pytest.mark.django_db
def test_action_plan_page_rolls_up_its_commitments_in_spanish(client, imported_once):
    _add_milestones()
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR02")
    response = get(client, plan.url, "es")
    spanish = text(response)
    assert "En cifras Compromisos 4 Sustancial o completo 75% 3 de 4 evaluados" in spanish
    assert "Hitos cumplidos 67% 2 de 3 hitos Hitos con retraso 33% 1 de 3 hitos" in spanish
    _chart_and_table_agree(response.content.decode(), "Cumplimiento según el IRM")
    assert "Cumplido 2 / 3 67% Con retraso 1 / 3 33%" in spanish
    assert "Un hito cumplido después de su fecha límite cuenta como cumplido y como con retraso." in spanish
    assert "Cobertura del Triángulo de Oro por compromiso" in spanish
    assert "UA0032 Financing of Charities ✓ Sí ✓ Sí – No – No" in spanish


@pytest.mark.django_db
def test_a_commitment_starred_in_any_report_counts_in_its_plans_rollup(client, imported_once):
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR01")  # UA0018 is starred
    assert "Starred commitments 14% 1 of 7 commitments" in text(get(client, plan.url))


@pytest.mark.django_db
def test_a_commitment_the_irm_has_not_assessed_counts_but_not_in_the_shares(client, imported_once):
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR02")
    services.commitment_page_upsert(plan=plan, ogp_id="UA0099", values={"title": "Open Budget", "number": 9})
    english = text(get(client, plan.url))
    assert "Commitments 5 Substantial or complete 75% 3 of 4 assessed" in english
    assert "Assessed 4 100% Not assessed 1" in english
    assert "UA0099 Open Budget – No – No – No" in english
    assert "Open Budget Not named 0 of 0 met Not assessed" in english


@pytest.mark.django_db
def test_a_star_from_an_earlier_report_does_not_count_once_the_latest_is_not_starred(client, imported_once):
    """As OGP's "Max star": starred at mid-term and not at the end of term is not starred."""
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR02")
    page, _ = services.commitment_page_upsert(
        plan=plan, ogp_id="UA0098", values={"title": "Beneficial Ownership", "number": 8}
    )
    design = {"specificity": "high", "relevant": True, "potential_impact": "transformative"}
    services.irm_assessment_upsert(
        commitment=page,
        report_type="progress",
        values={**design, "publication_year": 2015, "completion": "complete"},
    )
    services.irm_assessment_upsert(
        commitment=page,
        report_type="end_of_term",
        values={**design, "publication_year": 2017, "completion": "limited"},
    )
    english = text(get(client, plan.url))
    assert "Starred commitments 0% 0 of 5 commitments" in english
    assert "Not started 1 20% Limited 1 20% Substantial 1 20% Complete 2 40% Assessed 5 100%" in english
    assert "Beneficial Ownership Not named 0 of 0 met Limited Not starred" in english
    # Its end of term starred as well: now it is.
    services.irm_assessment_upsert(
        commitment=page,
        report_type="end_of_term",
        values={**design, "publication_year": 2017, "completion": "complete"},
    )
    english = text(get(client, plan.url))
    assert "Starred commitments 20% 1 of 5 commitments" in english
    assert "Beneficial Ownership Not named 0 of 0 met Complete ★ Starred" in english


@pytest.mark.django_db
def test_a_member_rolls_up_only_the_plans_a_visitor_sees(client, imported_once):
    ActionPlanPage.objects.get(plan_id="AP_UKR05").unpublish()  # its commitment stays live
    english = text(get(client, MemberPage.objects.get(code="UKR").url))
    assert "In numbers Commitments 12 Substantial or complete 75% 9 of 12 assessed" in english
    assert "Action plan 5" not in english
