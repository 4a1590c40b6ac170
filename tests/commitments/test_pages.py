"""Every page type renders what it should, in English and Spanish, with bounded queries."""

from __future__ import annotations

import datetime
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments import services
from commitments.models import ActionPlanPage, CommitmentPage, MemberPage
from commitments.rules import MilestoneStatus
from tracker.models import Organisation, Sector

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's visible text, whitespace folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def get(client, url, language="en"):
    response = client.get(re.sub(r"^/(en|es)/", f"/{language}/", url))
    assert response.status_code == 200, url
    return response


def test_root_sends_visitors_to_their_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-AR,es;q=0.9").headers["Location"] == "/es/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB").headers["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").headers["Location"] == "/en/"


def test_home_page_has_numbers_and_members_in_both_languages(client, imported_once):
    english = text(get(client, "/en/"))
    assert "Open-government commitments, tracked together" in english
    assert re.search(r"OGP members 28 Action plans 41 Commitments 60", english)
    assert "Ukraine 13 commitments" in english
    spanish = text(get(client, "/es/", "es"))
    assert "Miembros de OGP 28 Planes de acción 41 Compromisos 60" in spanish
    assert "Ucrania 13 compromisos" in spanish
    response = client.get("/es/")
    assert 'href="/es/ukraine/"' in response.content.decode()


def test_member_page_lists_its_action_plans(client, imported_once):
    member = MemberPage.objects.get(code="UKR")
    english = text(get(client, member.url))
    assert "Ukraine" in english
    assert "Action plan 2 (2014–2016) AP_UKR02 Ended 4" in english
    spanish = text(get(client, member.url, "es"))
    assert "Plan de acción 2 (2014–2016) AP_UKR02 Finalizado 4" in spanish
    assert "Europa" in spanish


def test_action_plan_page_lists_commitments_and_coverage(client, imported_once):
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR02")
    english = text(get(client, plan.url))
    assert "UA0032 Financing of Charities Ministry of Finance" in english
    assert "Golden Triangle coverage" in english
    assert "Government 4 / 4 100%" in english
    assert "Civil society 3 / 4 75%" in english
    assert "Business 0 / 4 0%" in english
    spanish = text(get(client, plan.url, "es"))
    assert "Cobertura del Triángulo de Oro" in spanish
    assert "Sociedad civil 3 / 4 75%" in spanish


def test_commitment_page_shows_irm_star_milestones_and_stakeholders(client, imported_once):
    commitment = CommitmentPage.objects.get(ogp_id="FR0026")
    services.milestone_create(
        commitment=commitment,
        title="Decree published",
        end_date=datetime.date(2016, 6, 30),
        status=MilestoneStatus.MET,
        date_met=datetime.date(2016, 9, 1),
    )
    services.milestone_create(
        commitment=commitment, title="Training delivered", end_date=datetime.date(2017, 6, 30)
    )
    cso = Organisation.objects.create(name="Regards Citoyens", sector=Sector.CIVIL_SOCIETY, country="FR")
    services.stakeholder_role_add(commitment=commitment, organisation=cso, role="monitor")
    etalab = Organisation.objects.create(name="Etalab", sector=Sector.GOVERNMENT, country="FR")
    services.stakeholder_role_add(commitment=commitment, organisation=etalab, role="data_publisher")

    english = text(get(client, commitment.url))
    assert "Instill a Greater Sense of Responsibility" in english
    assert "Progress report (mid-term) (2017) ★ Starred" in english
    assert "Specificity High" in english
    assert "Potential impact Transformative" in english
    assert "End-of-term report (2018) ★ Starred" in english
    assert "Did it open government? Major" in english
    assert "Decree published" in english and "Met Met late" in english
    assert "Training delivered" in english and "Scheduled Overdue" in english
    assert "1 of 2 met; 2 late." in english
    assert "Civil society Regards Citoyens · Monitor" in english
    # The lead implementer comes first in its corner, whatever the other roles are called.
    assert (
        "Government Ministry for Decentralization and the Civil Service · Lead implementer "
        "Etalab · Data publisher" in english
    )
    assert "Business No organisation from this sector holds a role yet." in english
    assert "Conflicts Of Interest" in english

    spanish = text(get(client, commitment.url, "es"))
    assert "Mecanismo de Revisión Independiente" in spanish
    assert "★ Destacado" in spanish
    assert "Especificidad Alta" in spanish
    assert "Cumplido Cumplido con retraso" in spanish
    assert "Programado Vencido" in spanish
    assert "Sociedad civil Regards Citoyens · Monitor" in spanish
    assert "Conflictos de interés" in spanish


def test_commitment_of_the_2021_method_shows_its_indicators(client, imported_once):
    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    english = text(get(client, commitment.url))
    assert "Action plan review (2021)" in english
    assert "Potential for results Substantial" in english
    assert "Results report (2023)" in english
    assert "Completion Limited" in english
    assert "No star under the IRM's 2021 method" in english
    assert "Ministry of Finance" in english


def test_language_switcher_keeps_the_page(client, imported_once):
    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    html = get(client, commitment.url, "en").content.decode()
    spanish_url = re.sub(r"^/(en|es)/", "/es/", commitment.url)
    assert f'href="{spanish_url}" lang="es" hreflang="es"' in html
    assert '<html lang="en">' in html
    assert '<html lang="es">' in get(client, spanish_url, "es").content.decode()


def _count_queries(client, url) -> int:
    # Asked once first: a case scorecard never stored for this member or plan is computed (and
    # stored) on its first view (commitments.cases.scorecards); what is counted is every view after.
    get(client, url)
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return len(queries)


def _grow(plan: ActionPlanPage, n: int) -> None:
    """Add n commitments with milestones, roles and assessments to a plan."""
    organisation = Organisation.objects.create(name=f"Org {n}", sector=Sector.BUSINESS)
    known = CommitmentPage.objects.get(ogp_id="UA0032")
    for i in range(n):
        services.milestone_create(commitment=known, title=f"Extra step {n}-{i}")
        extra = Organisation.objects.create(name=f"Partner {n}-{i}", sector=Sector.CIVIL_SOCIETY)
        services.stakeholder_role_add(commitment=known, organisation=extra, role="monitor")
    for i in range(n):
        page, _ = services.commitment_page_upsert(
            plan=plan,
            ogp_id=f"ZZ{n}{i:04d}",
            values={"title": f"Grown commitment {i}", "number": 100 + i},
            stakeholders=[(organisation, "funder")],
        )
        services.milestone_create(commitment=page, title="Step", end_date=datetime.date(2020, 1, 1))
        services.irm_assessment_upsert(
            commitment=page, report_type="progress", values={"completion": "limited"}
        )


@pytest.mark.parametrize("kind", ["home", "member", "plan", "commitment"])
def test_query_count_does_not_grow_with_the_data(client, imported_once, kind):
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR02")
    urls = {
        "home": "/en/",
        "member": plan.get_parent().url,
        "plan": plan.url,
        "commitment": CommitmentPage.objects.get(ogp_id="UA0032").url,
    }
    _grow(plan, 2)
    small = _count_queries(client, urls[kind])
    _grow(plan, 12)
    assert _count_queries(client, urls[kind]) == small


def _grow_plans(member: MemberPage, n: int) -> None:
    """Add n action plans to a member, each with commitments that have milestones, roles and IRM
    assessments of every kind a roll-up counts (met, late, starred, every sector)."""
    organisations = [
        Organisation.objects.create(name=f"{sector} {n}", sector=sector) for sector in Sector.values
    ]
    for i in range(n):
        plan, _ = services.action_plan_page_upsert(
            member=member, plan_id=f"AP_GROWN{n}_{i}", title=f"Grown plan {i}", number=50 + i
        )
        for j, organisation in enumerate(organisations[:3]):
            page, _ = services.commitment_page_upsert(
                plan=plan,
                ogp_id=f"GR{n}{i:03d}{j}",
                values={"title": f"Grown commitment {i}-{j}", "number": j},
                stakeholders=[(organisation, "monitor"), (organisations[-1], "funder")],
            )
            services.milestone_create(
                commitment=page,
                title="Met late",
                end_date=datetime.date(2020, 1, 1),
                status=MilestoneStatus.MET,
                date_met=datetime.date(2020, 2, 1),
            )
            services.milestone_create(commitment=page, title="Overdue", end_date=datetime.date(2020, 1, 1))
            services.irm_assessment_upsert(
                commitment=page,
                report_type="end_of_term",
                values={
                    "specificity": "high",
                    "relevant": True,
                    "potential_impact": "transformative",
                    "completion": ["complete", "withdrawn", "unclear"][j],
                },
            )


@pytest.mark.parametrize("kind", ["member", "plan"])
def test_roll_up_query_count_does_not_grow_with_plans_and_commitments(client, imported_once, kind):
    """Member and plan pages roll up every commitment below them with a fixed number of queries."""
    member = MemberPage.objects.get(code="UKR")
    plan = ActionPlanPage.objects.get(plan_id="AP_UKR02")
    url = member.url if kind == "member" else plan.url
    _grow_plans(member, 1)
    _grow(plan, 1)
    small = _count_queries(client, url)
    _grow_plans(member, 6)
    _grow(plan, 10)
    assert _count_queries(client, url) == small
    page = text(get(client, url))
    assert "Starred commitments" in page and "Golden Triangle coverage" in page


def test_commitment_dates_show_only_the_precision_ogp_gave(client, imported_once):
    commitment = CommitmentPage.objects.get(ogp_id="UA0001")  # "July 2012" – "December 2012"
    english = text(get(client, commitment.url))
    assert "Start July 2012 End December 2012" in english
    spanish = text(get(client, commitment.url, "es"))
    assert "julio de 2012" in spanish.lower()
    no_dates = CommitmentPage.objects.get(ogp_id="FR0026")  # "NA"
    assert "Start Not given End Not given" in text(get(client, no_dates.url))


def test_a_commitment_preview_shows_unsaved_milestones_roles_and_policy_areas(rf, imported_once):
    """What an editor sees in Wagtail's preview: the page as edited, not as last saved."""
    from commitments.models import Milestone, PolicyArea, StakeholderRole

    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    cso = Organisation.objects.create(name="Dozorro Community", sector=Sector.CIVIL_SOCIETY, country="UA")
    commitment.stakeholder_roles.add(StakeholderRole(organisation=cso, role="monitor"))
    commitment.milestones.add(Milestone(title="e-Contract module launched"))
    commitment.policy_areas.add(PolicyArea.objects.get(name="Open Contracting"))
    context = commitment.get_context(rf.get("/"))
    civil = next(g for g in context["golden_triangle"] if g.sector == "civil_society")
    # The unsaved role joins the NGOs the import read from UA0087's supporting cell.
    assert [r.organisation.name for r in civil.roles] == [
        "NGO Transparency International Ukraine",
        "NGO Centre for Political Studies and Analysis “Eidos”",
        "Dozorro Community",
    ]
    assert [m.title for m in context["milestones"]] == ["e-Contract module launched"]
    assert "Open Contracting" in [a.name for a in context["policy_areas"]]
    # Nothing was saved.
    assert not StakeholderRole.objects.filter(organisation=cso).exists()
