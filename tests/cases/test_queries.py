"""Query counts stay the same as cases grow: the list, a case's page, the scorecards, the
commitment page (cases on its timeline) and the plan and member pages."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commitments.cases import scorecards, services

from .fixtures import answer, file_case


def grow(world, count: int) -> None:
    for index in range(count):
        case = file_case(world, milestone=world.milestone if index % 2 else None)
        if index % 3 == 0:
            answer(world, case)
            services.case_rate(
                case=case, actor=world.user("filer"), rating=1 + index % 5, accept=index % 2 == 0
            )


def queries(client: Client, url: str) -> int:
    client.get(url)  # warm: sessions, site, translations
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def counts(world, client, number_of_biggest) -> dict[str, int]:
    plan = world.commitment.get_parent()
    return {
        "list": queries(client, "/en/cases/"),
        "list filtered": queries(
            client, f"/en/cases/?state=filed&overdue=no&member=TST&organisation={world.ministry.pk}"
        ),
        "export": queries(client, "/en/cases/export.csv"),
        "case": queries(client, f"/en/cases/{number_of_biggest}/"),
        "commitment page": queries(client, world.commitment.url),
        "plan page": queries(client, plan.url),
        "member page": queries(client, world.member.url),
        "organisation scorecard": queries(client, f"/en/cases/organisations/{world.ministry.pk}/"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "filer", "poc", "staff"])
def test_query_counts_do_not_grow_with_the_cases(world, role):
    client = Client()
    if world.user(role) is not None:
        client.force_login(world.user(role))
    grow(world, 3)
    first = file_case(world)
    answer(world, first)
    small = counts(world, client, first.number)
    grow(world, 12)
    big = counts(world, client, first.number)
    assert big == small


@pytest.mark.django_db
def test_a_scorecard_is_two_queries_however_many_cases(world, django_assert_num_queries):
    grow(world, 7)
    with django_assert_num_queries(2):
        scorecards.scorecard_for(scorecards.organisation_cases(world.ministry))
    with django_assert_num_queries(1):
        scorecards.scorecards_by_organisation(scorecards.member_cases(world.member))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "civil_society"])
def test_a_case_page_costs_the_same_with_two_events_or_twenty(world, role):
    from tracker.models import Organisation

    watchdog = Organisation.objects.get(name="Watchdog")
    pages = []
    for actions in (1, 15):
        case = answer(world, file_case(world))
        services.case_rate(case=case, actor=world.user("filer"), rating=2, accept=False)
        services.case_take(case=case, actor=world.user("civil_society"), organisation=watchdog)
        for index in range(actions):
            services.case_record_action(case=case, actor=world.user("civil_society"), text=f"Step {index}.")
        pages.append(f"/en/cases/{case.number}/")
    client = Client()
    if world.user(role) is not None:
        client.force_login(world.user(role))
    assert queries(client, pages[0]) == queries(client, pages[1])
