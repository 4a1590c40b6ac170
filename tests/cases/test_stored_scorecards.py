"""Stored scorecards: an organisation's and a member's responsiveness kept in a row that pages
read, equal to the straightforward computation (``scorecard_for``, aggregating every case) after
every kind of case event, and after a deadline passes once the minutely job has run."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from commitments import services as record
from commitments.cases import scorecards, services
from commitments.cases.models import Case, StoredScorecard
from commitments.models import StakeholderRole
from tracker.models import Organisation, Sector

from .fixtures import answer, file_case, photo


def plan(world):
    return world.commitment.get_parent().specific


def straightforward(world, now):
    org_card = scorecards.scorecard_for(scorecards.organisation_cases(world.ministry), now=now)
    member_cases = scorecards.member_cases(world.member)
    plan_cases = scorecards.plan_cases(plan(world).path)
    return (
        org_card,
        scorecards.scorecard_for(member_cases, now=now),
        scorecards.scorecards_by_organisation(member_cases, now=now),
        scorecards.scorecard_for(plan_cases, now=now),
        scorecards.scorecards_by_organisation(plan_cases, now=now),
    )


def stored(world):
    return (
        scorecards.organisation_scorecard(world.ministry),
        *scorecards.member_scorecards(world.member),
        *scorecards.plan_scorecards(plan(world)),
    )


def assert_stored_is_straightforward(world):
    assert stored(world) == straightforward(world, timezone.now())


def second_commitment(world):
    """A second commitment of the member, led by another organisation: a member's rows per
    organisation addressed."""
    plan = world.commitment.get_parent().specific
    commitment, _ = record.commitment_page_upsert(plan=plan, ogp_id="TS0002", values={"title": "Registers"})
    roads, _ = record.organisation_get_or_create(name="Agency of Roads", sector=Sector.GOVERNMENT)
    record.stakeholder_role_add(
        commitment=commitment, organisation=roads, role=StakeholderRole.Role.LEAD_IMPLEMENTER
    )
    return commitment


def _acknowledge(world, case):
    return services.case_acknowledge(case=case, actor=world.user("poc"), text="Seen.")


def _answer_late(world, case):
    return services.case_answer(
        case=case,
        actor=world.user("poc"),
        text="Done.",
        evidence_url="https://example.org/e",
        now=case.answer_due + datetime.timedelta(days=3),
    )


def _rate_accept(world, case):
    return services.case_rate(case=answer(world, case), actor=world.user("filer"), rating=5, accept=True)


def _rate_escalate(world, case):
    return services.case_rate(case=answer(world, case), actor=world.user("filer"), rating=2, accept=False)


def _escalate_unanswered(world, case):
    return services.case_escalate(case=case, actor=world.user("filer"), text="No answer.")


def _take_and_act(world, case):
    case = _rate_escalate(world, case)
    watchdog = Organisation.objects.get(name="Watchdog")
    case = services.case_take(case=case, actor=world.user("civil_society"), organisation=watchdog)
    return services.case_record_action(case=case, actor=world.user("civil_society"), text="Wrote.")


def _close_not_resolved(world, case):
    case = _take_and_act(world, case)
    return services.case_close(
        case=case, actor=world.user("civil_society"), outcome="not_resolved", note="No."
    )


def _withdraw(world, case):
    return services.case_close(case=case, actor=world.user("filer"), outcome="withdrawn", note="Sorted.")


def _hide_and_show(world, case):
    case = services.case_hide(case=case, actor=world.user("staff"), reason="Personal data.")
    return services.case_unhide(case=case, actor=world.user("staff"), reason="Reviewed.")


# Every kind of event, from a case filed now or long ago (its deadlines passed).
STEPS = [
    ("filed", None),
    ("acknowledged", _acknowledge),
    ("answered on time", answer),
    ("answered late", _answer_late),
    ("rated and accepted", _rate_accept),
    ("rated and escalated", _rate_escalate),
    ("escalated unanswered", _escalate_unanswered),
    ("taken, an action recorded", _take_and_act),
    ("closed not resolved", _close_not_resolved),
    ("withdrawn", _withdraw),
    ("hidden and shown again", _hide_and_show),
]


@pytest.mark.django_db
@pytest.mark.parametrize("old", [False, True], ids=["filed now", "filed 40 days ago"])
def test_the_stored_scorecards_equal_the_computation_after_every_kind_of_event(world, old):
    other = second_commitment(world)
    for name, step in STEPS:
        when = timezone.now() - datetime.timedelta(days=40) if old else None
        case = file_case(world, now=when) if when else file_case(world)
        assert_stored_is_straightforward(world)
        if name == "escalated unanswered" and not old:
            continue  # only once a deadline has passed
        if step is not None:
            with transaction.atomic():
                step(world, Case.objects.get(pk=case.pk))
        assert_stored_is_straightforward(world), name
        # A case on the other organisation's commitment changes the member's rows, not the
        # ministry's.
        file_case(world, commitment=other, category="cost")
        assert_stored_is_straightforward(world), name
    org, member, rows, _plan, _plan_rows = stored(world)
    assert org.cases == len(STEPS)
    assert member.cases == Case.objects.filter(member=world.member).count() > org.cases
    assert [name for _pk, name, _card in rows] == ["Agency of Roads", "Ministry of Data"]
    assert org.outcomes == {"resolved": 1, "not_resolved": 1, "withdrawn": 1}
    assert org.ratings == 4 and org.average_rating == 2.75


@pytest.mark.django_db
def test_a_page_reads_one_stored_row(world, django_assert_num_queries):
    file_case(world)
    answer(world, file_case(world))
    scorecards.organisation_scorecard(world.ministry)
    with django_assert_num_queries(1):
        card = scorecards.organisation_scorecard(world.ministry)
    assert card.cases == 2 and card.median_days_to_answer == 0
    with django_assert_num_queries(1):
        card, rows = scorecards.member_scorecards(world.member)
    assert card.cases == 2 and [name for _pk, name, _c in rows] == ["Ministry of Data"]


@pytest.mark.django_db
def test_a_passing_deadline_shows_after_the_minutely_job(world):
    case = file_case(world, photo=photo())
    before = scorecards.organisation_scorecard(world.ministry)
    assert before.acknowledged_on_time is None  # nothing due yet
    row = StoredScorecard.objects.get(scope="organisation", subject_id=world.ministry.pk)
    assert row.next_deadline == case.acknowledge_due

    # The deadline passes: the stored row is what it was until the job runs.
    later = case.acknowledge_due + datetime.timedelta(minutes=1)
    assert scorecards.scorecards_refresh_due(now=case.acknowledge_due - datetime.timedelta(minutes=1)) == 0
    assert scorecards.scorecards_refresh_due(now=later) == 3  # the organisation, the member, the plan
    card = scorecards.organisation_scorecard(world.ministry)
    assert card.acknowledged_on_time == 0.0
    assert card == scorecards.scorecard_for(scorecards.organisation_cases(world.ministry), now=later)
    member_card, rows = scorecards.member_scorecards(world.member)
    assert member_card.acknowledged_on_time == 0.0 and rows[0][2].acknowledged_on_time == 0.0
    row = StoredScorecard.objects.get(scope="organisation", subject_id=world.ministry.pk)
    assert row.next_deadline == case.answer_due and row.computed_at == later
    # Nothing more is due until the answer's deadline.
    assert scorecards.scorecards_refresh_due(now=later) == 0


@pytest.mark.django_db
def test_the_job_is_in_the_minutely_schedule_and_refreshes_what_is_due(world, settings):
    assert ("refresh_case_scorecards",) in settings.SCHEDULED_JOBS["minutely"]
    case = file_case(world, now=timezone.now() - datetime.timedelta(days=40))
    # A deadline passed since the row was computed (written here as if computed long ago).
    StoredScorecard.objects.filter(scope="organisation").update(next_deadline=case.acknowledge_due)
    out = StringIO()
    call_command("refresh_case_scorecards", stdout=out)
    assert out.getvalue().strip() == "1 scorecards refreshed"
    out = StringIO()
    call_command("refresh_case_scorecards", stdout=out)
    assert out.getvalue().strip() == "0 scorecards refreshed"


@pytest.mark.django_db
def test_scorecards_never_stored_are_computed_on_first_read_and_by_refresh_all(world):
    file_case(world)
    StoredScorecard.objects.all().delete()
    assert scorecards.organisation_scorecard(world.ministry).cases == 1
    StoredScorecard.objects.all().delete()
    call_command("refresh_case_scorecards", "--all", stdout=StringIO())
    assert set(StoredScorecard.objects.values_list("scope", "organisation_id")) == {
        ("organisation", None),
        ("member", None),
        ("member", world.ministry.pk),
        ("plan", None),
        ("plan", world.ministry.pk),
    }


@pytest.mark.django_db
def test_a_commitment_moved_to_another_plan_takes_its_cases_scorecards_along(world):
    first = plan(world)
    second, _ = record.action_plan_page_upsert(
        member=world.member, plan_id="AP_TST02", title="Plan 2", number=2, start_year=2027, end_year=2029
    )
    file_case(world)
    assert scorecards.plan_scorecards(first)[0].cases == 1
    assert scorecards.plan_scorecards(second)[0].cases == 0
    world.commitment.move(second, pos="last-child")
    assert scorecards.plan_scorecards(first)[0].cases == 0
    assert scorecards.plan_scorecards(second)[0].cases == 1
    page = Client().get(second.url)
    assert page.context["case_scorecard"].cases == 1


@pytest.mark.django_db
def test_the_pages_show_the_stored_scorecards(world):
    answer(world, file_case(world))
    StoredScorecard.objects.filter(scope="organisation").update(cases=7)  # what pages read
    page = Client().get(f"/en/cases/organisations/{world.ministry.pk}/")
    assert page.context["scorecard"].cases == 7
    StoredScorecard.objects.filter(scope="member", organisation__isnull=True).update(cases=9)
    page = Client().get(world.member.url)
    assert page.context["case_scorecard"].cases == 9
    assert [(name, card.cases) for _pk, name, card in page.context["case_scorecard_rows"]] == [
        ("Ministry of Data", 1)
    ]
