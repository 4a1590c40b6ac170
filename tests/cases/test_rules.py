"""The overdue rule once in Python and once in the database, held together; the "case
unanswered" red flag from the facts; the scorecards' arithmetic; reminders sent once."""

from __future__ import annotations

import datetime

import pytest

from django.core import mail
from django.test import Client

from commitments.cases import notifications, scorecards, services
from commitments.cases.models import Case, CaseState
from commitments.cases.rules import case_overdue, overdue_q
from commitments.flags import FLAGS, flags_for
from commitments.models import CommitmentFacts

from .fixtures import MONDAY, answer, file_case

DAY = datetime.timedelta(days=1)


@pytest.mark.django_db
def test_the_overdue_condition_agrees_with_the_rule(world):
    fresh = file_case(world, now=MONDAY)
    acknowledged = file_case(world, now=MONDAY)
    services.case_acknowledge(case=acknowledged, actor=world.user("poc"), now=MONDAY + DAY)
    answered = answer(world, file_case(world, now=MONDAY))
    cases = [fresh, acknowledged, answered]
    for now in (
        MONDAY,
        fresh.acknowledge_due - datetime.timedelta(seconds=1),
        fresh.acknowledge_due,
        fresh.answer_due,
        fresh.answer_due + 30 * DAY,
    ):
        in_python = {
            c.pk
            for c in Case.objects.filter(pk__in=[c.pk for c in cases])
            if case_overdue(c.state, c.acknowledge_due, c.answer_due, now)
        }
        in_db = set(Case.objects.filter(overdue_q(now)).values_list("pk", flat=True))
        assert in_python == in_db, now
    # Monday 1 June: acknowledge by Monday 8 (5 working days), answer by Monday 29.
    assert fresh.acknowledge_due == datetime.datetime(2026, 6, 9, tzinfo=datetime.UTC)
    assert fresh.answer_due == datetime.datetime(2026, 6, 30, tzinfo=datetime.UTC)
    assert not case_overdue(
        answered.state, answered.acknowledge_due, answered.answer_due, fresh.answer_due + DAY
    )
    assert case_overdue(
        acknowledged.state, acknowledged.acknowledge_due, acknowledged.answer_due, fresh.answer_due
    )
    assert not case_overdue(
        acknowledged.state, acknowledged.acknowledge_due, acknowledged.answer_due, fresh.acknowledge_due
    )


@pytest.mark.django_db
def test_the_case_unanswered_flag_follows_the_earliest_open_deadline(world):
    flag = FLAGS["case_unanswered"]
    case = file_case(world, now=MONDAY)
    facts = CommitmentFacts.objects.get(commitment=world.commitment)
    assert facts.earliest_case_due == case.acknowledge_due
    for now, raised in ((case.acknowledge_due - DAY, False), (case.acknowledge_due, True)):
        assert (flag in flags_for(facts, now)) is raised
        in_db = CommitmentFacts.objects.filter(flag.condition("", now), commitment=world.commitment).exists()
        assert in_db is raised
    services.case_acknowledge(case=case, actor=world.user("poc"))
    facts.refresh_from_db()
    assert facts.earliest_case_due == case.answer_due  # now the answer is owed
    answer(world, case)
    facts.refresh_from_db()
    assert facts.earliest_case_due is None and flag not in flags_for(facts, case.answer_due + 99 * DAY)
    # The explorer filters on it, and the commitment page shows it with its basis.
    file_case(world, now=MONDAY)
    response = Client().get("/en/commitments/", {"flag": "case_unanswered"})
    assert [p.ogp_id for p in response.context["page_obj"].object_list] == ["TS0001"]
    page = Client().get(world.commitment.url).content.decode()
    assert "Case unanswered" in page and "The deadlines of its open feedback cases" in page


def test_scorecard_arithmetic():
    counts = {
        "cases": 6,
        "ack_met": 3,
        "ack_late": 1,
        "ack_missed": 0,
        "answer_met": 1,
        "answer_late": 2,
        "answer_missed": 1,
        "answered": 3,
        "ratings": 2,
        "average_rating": 3.5,
        "outcome_resolved": 1,
        "outcome_not_resolved": 1,
        "outcome_withdrawn": 0,
    }
    card = scorecards.scorecard(counts, [4, 8])
    assert card.acknowledged_on_time == 0.75
    assert card.answered_on_time == 0.25
    assert card.median_days_to_answer == 6
    assert card.average_rating == 3.5
    assert card.outcome_rows == [("Resolved", 1), ("Not resolved", 1), ("Withdrawn", 0)]
    empty = scorecards.scorecard(
        {**counts, "ack_met": 0, "ack_late": 0, "answer_met": 0, "answer_late": 0, "answer_missed": 0}, []
    )
    assert (
        empty.acknowledged_on_time is None
        and empty.answered_on_time is None
        and empty.median_days_to_answer is None
    )
    assert scorecards.median([1, 2, 9]) == 2 and scorecards.median([]) is None


@pytest.mark.django_db
def test_scorecards_count_on_time_answers_ratings_and_outcomes(world):
    on_time = file_case(world, now=MONDAY)
    services.case_answer(
        case=on_time,
        actor=world.user("poc"),
        text="Done.",
        evidence_url="https://e.org",
        now=MONDAY + 2 * DAY,
    )
    services.case_rate(case=on_time, actor=world.user("filer"), rating=5, accept=True)
    late = file_case(world, now=MONDAY)
    services.case_answer(
        case=late, actor=world.user("poc"), text="Sorry.", evidence_url="https://e.org", now=MONDAY + 40 * DAY
    )
    services.case_rate(case=late, actor=world.user("filer"), rating=2, accept=False)
    file_case(world, now=MONDAY)  # never acknowledged: missed both
    card = scorecards.scorecard_for(scorecards.organisation_cases(world.ministry), now=MONDAY + 60 * DAY)
    assert card.cases == 3
    assert card.acknowledged_on_time == pytest.approx(1 / 3)
    assert card.answered_on_time == pytest.approx(1 / 3)
    assert card.median_days_to_answer == (2 + 29) / 2  # 2 working days and 29
    assert card.average_rating == 3.5 and card.ratings == 2
    assert card.outcomes["resolved"] == 1
    member_card = scorecards.scorecard_for(scorecards.member_cases(world.member), now=MONDAY + 60 * DAY)
    assert member_card == card
    rows = scorecards.scorecards_by_organisation(Case.objects.all(), now=MONDAY + 60 * DAY)
    assert [(name, c.cases) for _pk, name, c in rows] == [("Ministry of Data", 3)]
    for url in (
        world.member.url,
        world.commitment.get_parent().url,
        f"/en/cases/organisations/{world.ministry.pk}/",
    ):
        page = Client().get(url).content.decode()
        assert "Responsiveness to feedback cases" in page and "Ministry of Data" in page, url


@pytest.mark.django_db
def test_reminders_go_once_before_each_deadline_in_each_pocs_language(
    world, django_capture_on_commit_callbacks
):
    poc = world.user("poc")
    poc.language = "es"
    poc.save()
    case = file_case(world, now=MONDAY)  # acknowledge by Monday 8 June
    mail.outbox.clear()
    assert notifications.send_case_reminders(now=datetime.datetime(2026, 6, 4, 8, tzinfo=datetime.UTC)) == 0
    friday = datetime.datetime(2026, 6, 5, 8, tzinfo=datetime.UTC)  # one working day before
    assert notifications.send_case_reminders(now=friday) == 1
    assert notifications.send_case_reminders(now=friday + DAY) == 0  # once
    assert mail.outbox[0].to == [poc.email]
    assert "espera su acuse de recibo" in mail.outbox[0].subject
    services.case_acknowledge(case=case, actor=poc, now=friday)
    assert notifications.send_case_reminders(now=friday + DAY) == 0
    # Answer by Monday 29 June: reminded on Friday 26.
    assert notifications.send_case_reminders(now=datetime.datetime(2026, 6, 26, 8, tzinfo=datetime.UTC)) == 1
    assert "espera su respuesta" in mail.outbox[-1].subject
    assert Case.objects.get(pk=case.pk).state == CaseState.ACKNOWLEDGED


@pytest.mark.django_db
def test_a_cached_scorecard_changes_with_the_next_case(world):
    url = f"/en/cases/organisations/{world.ministry.pk}/"
    file_case(world)
    assert Client().get(url).context["scorecard"].cases == 1
    assert Client().get(url).context["scorecard"].cases == 1  # from the cache
    case = file_case(world)
    assert Client().get(url).context["scorecard"].cases == 2
    answer(world, case)
    assert Client().get(url).context["scorecard"].median_days_to_answer == 0
    assert Client().get(world.member.url).context["case_scorecard"].cases == 2
