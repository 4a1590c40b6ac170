"""Re-baselining: after implementation starts, a milestone's due date and scope change only
through a proposal the forum approves; the original baseline stays, lateness is shown against
both, and the public timeline says what moved and why."""

from __future__ import annotations

import datetime

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from commitments.models import CommitmentPage, Follow, Milestone, Rebaseline, RebaselineEvent, UpdateState
from commitments.progress import rebaselines
from commitments.rules import Lateness, implementation_started

from .progress_fixtures import ROLES

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)
OLD_DUE = datetime.date(2022, 3, 31)
NEW_DUE = datetime.date(2027, 6, 30)


def _client(world, role) -> Client:
    client = Client()
    if world.user(role):
        client.force_login(world.user(role))
    return client


def _ok(response) -> bool:
    if response.status_code == 200:
        return True
    return response.status_code == 302 and "login" not in response["Location"]


def _overdue(world) -> Milestone:
    """The world's first milestone, due in March 2022 (so overdue), as in the issue."""
    Milestone.objects.filter(pk=world.milestone.pk).update(end_date=OLD_DUE)
    world.milestone.refresh_from_db()
    return world.milestone


def _propose(world, *, submit=True, author="poc", **values) -> Rebaseline:
    milestone = _overdue(world)
    fields = {"reason": "The law it depends on passed two years late.", "new_title": milestone.title}
    fields["new_end_date"] = NEW_DUE
    fields.update(values)
    rebaseline, _outcome = rebaselines.rebaseline_save(
        milestone=milestone, actor=world.user(author), submit=submit, **fields
    )
    return rebaseline


def _approved(world, **values) -> Rebaseline:
    rebaseline = _propose(world, **values)
    return rebaselines.rebaseline_approve(rebaseline=rebaseline, reviewer=world.user("reviewer"))


def _not_started(world) -> None:
    """The commitment starts next year: its baseline is not fixed yet."""
    CommitmentPage.objects.filter(pk=world.commitment.pk).update(
        start_date=timezone.localdate() + datetime.timedelta(days=365)
    )
    world.commitment.refresh_from_db()


# -- when implementation starts ----------------------------------------------------------------


@pytest.mark.parametrize(
    "commitment_start, plan_year, co_creation, started",
    [
        (datetime.date(2026, 11, 29), None, False, True),  # starts today
        (datetime.date(2026, 11, 30), 2020, False, False),  # its own date wins over the plan's
        (None, 2026, True, True),  # 1 January of the plan's first year
        (None, 2027, False, False),
        (None, None, False, True),  # no date known: the plan has left co-creation
        (None, None, True, False),
    ],
)
def test_implementation_starts_on_the_commitment_s_date_else_the_plan_s_first_year(
    commitment_start, plan_year, co_creation, started
):
    assert (
        implementation_started(
            commitment_start=commitment_start,
            plan_start_year=plan_year,
            plan_in_co_creation=co_creation,
            today=TODAY,
        )
        == started
    )


# -- the services ------------------------------------------------------------------------------


def test_only_approval_changes_the_milestone(world):
    rebaseline = _propose(world)
    world.milestone.refresh_from_db()
    assert world.milestone.end_date == OLD_DUE and rebaseline.state == UpdateState.SUBMITTED
    rebaselines.rebaseline_return_(rebaseline=rebaseline, reviewer=world.user("reviewer"), reason="Evidence?")
    world.milestone.refresh_from_db()
    assert world.milestone.end_date == OLD_DUE and not world.milestone.is_rebaselined
    rebaseline, outcome = rebaselines.rebaseline_save(
        rebaseline=rebaseline,
        actor=world.user("poc"),
        reason="The law passed in 2026: gazette no. 12.",
        new_title="Data published",
        new_end_date=NEW_DUE,
        submit=True,
    )
    assert outcome == "resubmitted"
    world.milestone.refresh_from_db()
    assert world.milestone.end_date == OLD_DUE
    rebaselines.rebaseline_approve(rebaseline=rebaseline, reviewer=world.user("reviewer"))
    world.milestone.refresh_from_db()
    assert world.milestone.end_date == NEW_DUE
    assert world.milestone.original_end_date == OLD_DUE and world.milestone.original_title == "Data published"
    assert list(RebaselineEvent.objects.filter(rebaseline=rebaseline).values_list("action", flat=True)) == [
        "created",
        "submitted",
        "returned",
        "resubmitted",
        "approved",
    ]


def test_a_reason_is_required_and_something_must_change(world):
    with pytest.raises(ValidationError) as error:
        _propose(world, reason="   ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _propose(world, new_end_date=OLD_DUE)
    assert "Nothing changes" in str(error.value)
    assert not Rebaseline.objects.exists()


def test_the_original_baseline_is_kept_through_later_rebaselinings(world):
    _approved(world)
    later = rebaselines.rebaseline_save(
        milestone=world.milestone,
        actor=world.user("poc"),
        reason="Scope narrowed to the central government.",
        new_title="Central government data published",
        new_expected_output="Contracts of the ministries",
        new_end_date=datetime.date(2027, 12, 31),
        submit=True,
    )[0]
    rebaselines.rebaseline_approve(rebaseline=later, reviewer=world.user("reviewer"))
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    assert (milestone.title, milestone.expected_output, milestone.end_date) == (
        "Central government data published",
        "Contracts of the ministries",
        datetime.date(2027, 12, 31),
    )
    assert (milestone.original_title, milestone.original_end_date) == ("Data published", OLD_DUE)
    later.refresh_from_db()
    assert later.previous_end_date == NEW_DUE  # each one says what it moved from


def test_before_implementation_starts_there_is_nothing_to_rebaseline(world):
    _not_started(world)
    with pytest.raises(PermissionDenied):
        _propose(world)
    client = _client(world, "poc")
    assert client.get(reverse("commitments:rebaseline_create", args=[world.milestone.pk])).status_code == 403


def test_an_approved_rebaselining_is_in_the_public_change_log_as_the_forums(world):
    from commitments.history.models import ActorRole, ChangeEntry

    rebaseline = _propose(world)
    since = ChangeEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert not ChangeEntry.objects.filter(pk__gt=since).exists()  # a proposal changes nothing
    rebaselines.rebaseline_approve(rebaseline=rebaseline, reviewer=world.user("reviewer"))
    [entry] = ChangeEntry.objects.filter(pk__gt=since)
    assert entry.object_id == world.milestone.pk and entry.actor_role == ActorRole.FORUM
    assert entry.changes == {"end_date": [str(OLD_DUE), str(NEW_DUE)]}


def test_the_author_may_not_approve_their_own_proposal(world):
    rebaseline = _propose(world, author="staff")
    with pytest.raises(PermissionDenied):
        rebaselines.rebaseline_approve(rebaseline=rebaseline, reviewer=world.user("staff"))


def test_publishing_an_old_revision_does_not_undo_an_approved_rebaselining(world):
    page = world.commitment
    old_revision = page.save_revision()
    old_revision.publish()
    _approved(world)
    old_revision.publish()  # an editor publishes the revision from before the change
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    assert milestone.end_date == NEW_DUE and milestone.original_end_date == OLD_DUE


# -- lateness against both ---------------------------------------------------------------------


def test_lateness_is_measured_against_the_original_plan_and_the_current_due_date(world):
    _approved(world)
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    assert milestone.lateness == Lateness.NOT_DUE
    assert milestone.original_lateness == Lateness.OVERDUE
    assert milestone.late_against_original_only
    Milestone.objects.filter(pk=milestone.pk).update(status="met", date_met=datetime.date(2026, 1, 10))
    milestone.refresh_from_db()
    assert (milestone.lateness, milestone.original_lateness) == (Lateness.MET_ON_TIME, Lateness.MET_LATE)
    never = Milestone.objects.get(pk=world.second_milestone.pk)
    assert not never.is_rebaselined and never.original_lateness == never.lateness


def test_the_commitment_page_shows_both_due_dates_and_the_change_on_its_timeline(world):
    _approved(world)
    english = Client().get(world.commitment.url).content.decode()
    assert "June 30, 2027" in english and "(originally March 31, 2022)" in english
    assert "late against the original plan" in english
    assert "0 late. 1 more is late against the original plan." in english
    assert (
        "Due date moved from March 31, 2022 to June 30, 2027: The law it depends on passed two years late."
        in english
    )
    spanish = Client().get("/es" + world.commitment.url.removeprefix("/en")).content.decode()
    assert "(originalmente 31 de marzo de 2022)" in spanish
    assert "con retraso respecto al plan original" in spanish
    assert "Fecha límite cambiada de 31 de marzo de 2022 a 30 de junio de 2027" in spanish


def test_a_scope_change_shows_on_the_timeline_too(world):
    _approved(
        world, new_title="Procurement data published", new_expected_output="OCDS files", new_end_date=OLD_DUE
    )
    page = Client().get(world.commitment.url).content.decode()
    assert "Title changed from “Data published” to “Procurement data published”" in page
    assert "Expected output changed from “none” to “OCDS files”" in page
    assert "Due date moved" not in page
    assert "originally" not in page  # the due date stayed


def test_a_proposal_is_not_public_before_approval(world):
    rebaseline = _propose(world)
    page = Client().get(world.commitment.url).content.decode()
    assert "The law it depends on" not in page and "Due date moved" not in page
    assert _client(world, "civil_society").get(
        reverse("commitments:rebaseline_detail", args=[rebaseline.pk])
    ).status_code in (403, 404)


def test_the_forum_s_review_page_shows_old_and_new(world):
    rebaseline = _propose(world, new_title="Procurement data published")
    reviewer = _client(world, "reviewer")
    queue = reviewer.get(reverse("commitments:review_queue")).content.decode()
    assert "Due date moved from March 31, 2022 to June 30, 2027" in queue
    detail = reviewer.get(reverse("commitments:rebaseline_detail", args=[rebaseline.pk])).content.decode()
    for text in ("March 31, 2022", "June 30, 2027", "Data published", "Procurement data published"):
        assert text in detail
    assert "Record decision" in detail
    assert "The law it depends on passed two years late." in detail


def test_the_commitment_page_keeps_its_query_count_as_rebaselinings_grow(world):
    client = _client(world, "poc")
    _approved(world)
    client.get(world.commitment.url)  # the first request of a session saves it

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(world.commitment.url).status_code == 200
        return len(queries)

    few = count()
    for year in range(2028, 2034):
        rebaseline = rebaselines.rebaseline_save(
            milestone=world.milestone,
            actor=world.user("poc"),
            reason=f"Moved to {year}",
            new_title="Data published",
            new_end_date=datetime.date(year, 1, 31),
            submit=True,
        )[0]
        rebaselines.rebaseline_approve(rebaseline=rebaseline, reviewer=world.user("reviewer"))
    assert count() == few
    assert "Moved to 2033" in client.get(world.commitment.url).content.decode()


def test_followers_hear_of_an_approved_rebaselining_in_their_language(
    world, django_capture_on_commit_callbacks
):
    Follow.objects.create(user=world.user("person"), page=world.commitment, language="es")
    mail.outbox.clear()
    rebaseline = _propose(world)
    with django_capture_on_commit_callbacks(execute=True):
        rebaselines.rebaseline_approve(rebaseline=rebaseline, reviewer=world.user("reviewer"))
    assert [m.to for m in mail.outbox] == [["person@example.org"]]
    assert "TS0001" in mail.outbox[0].subject
    assert "Fecha límite cambiada de 31 de marzo de 2022 a 30 de junio de 2027" in mail.outbox[0].body


# -- who may, through every door ---------------------------------------------------------------


def open_proposal_form(world, client):
    _overdue(world)
    return _ok(client.get(reverse("commitments:rebaseline_create", args=[world.milestone.pk])))


def propose_on_the_front_end(world, client):
    _overdue(world)
    response = client.post(
        reverse("commitments:rebaseline_create", args=[world.milestone.pk]),
        {"new_title": "Data published", "new_end_date": "2027-06-30", "reason": "Late law", "submit": "1"},
    )
    created = Rebaseline.objects.filter(reason="Late law", state=UpdateState.SUBMITTED).exists()
    assert _ok(response) == created
    return created


def revise_a_returned_proposal(world, client):
    rebaseline = _propose(world)
    rebaselines.rebaseline_return_(rebaseline=rebaseline, reviewer=world.user("reviewer"), reason="More")
    response = client.post(
        reverse("commitments:rebaseline_detail", args=[rebaseline.pk]),
        {"new_title": "Data published", "new_end_date": "2027-09-30", "reason": "Revised", "submit": "1"},
    )
    rebaseline.refresh_from_db()
    changed = rebaseline.state == UpdateState.RESUBMITTED and rebaseline.reason == "Revised"
    assert _ok(response) == changed
    return changed


def approve_a_proposal(world, client):
    rebaseline = _propose(world)
    response = client.post(
        reverse("commitments:rebaseline_review", args=[rebaseline.pk]), {"decision": "approve"}
    )
    world.milestone.refresh_from_db()
    approved = world.milestone.end_date == NEW_DUE
    assert approved == (Rebaseline.objects.get(pk=rebaseline.pk).state == UpdateState.APPROVED)
    assert _ok(response) == approved
    return approved


def return_a_proposal(world, client):
    rebaseline = _propose(world)
    response = client.post(
        reverse("commitments:rebaseline_review", args=[rebaseline.pk]),
        {"decision": "return", "reason": "Why"},
    )
    rebaseline.refresh_from_db()
    assert _ok(response) == (rebaseline.state == UpdateState.RETURNED)
    return rebaseline.state == UpdateState.RETURNED


ACTIONS = {
    open_proposal_form: {"poc", "staff"},
    propose_on_the_front_end: {"poc", "staff"},
    revise_a_returned_proposal: {"poc", "staff"},
    approve_a_proposal: {"reviewer", "staff"},
    return_a_proposal: {"reviewer", "staff"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS), ids=lambda a: a.__name__)
def test_permission_table(world, role, action):
    allowed = action(world, _client(world, role))
    assert allowed == (role in ACTIONS[action]), f"{role} {action.__name__}"
    if role not in ACTIONS[action]:
        assert Milestone.objects.get(pk=world.milestone.pk).end_date == OLD_DUE


def test_the_proposal_form_keeps_the_input_and_asks_for_the_reason(world):
    _overdue(world)
    response = _client(world, "poc").post(
        reverse("commitments:rebaseline_create", args=[world.milestone.pk]),
        {"new_title": "Data published", "new_end_date": "2027-06-30", "reason": "", "submit": "1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why the milestone changes." in page and 'value="2027-06-30"' in page
    assert not Rebaseline.objects.exists()
    response = _client(world, "poc").post(
        reverse("commitments:rebaseline_create", args=[world.milestone.pk]),
        {"new_title": "Data published", "new_end_date": "2022-03-31", "reason": "No change", "submit": "1"},
    )
    assert response.status_code == 400 and "Nothing changes" in response.content.decode()


def test_every_rebaselining_post_needs_a_csrf_token(world):
    waiting = _propose(world)
    posts = [
        ("poc", reverse("commitments:rebaseline_create", args=[world.milestone.pk]), {"reason": "x"}),
        ("poc", reverse("commitments:rebaseline_detail", args=[waiting.pk]), {"reason": "x"}),
        ("reviewer", reverse("commitments:rebaseline_review", args=[waiting.pk]), {"decision": "approve"}),
    ]
    for role, url, data in posts:
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.user(role))
        assert client.post(url, data).status_code == 403, url
    waiting.refresh_from_db()
    assert waiting.state == UpdateState.SUBMITTED and Rebaseline.objects.count() == 1


def test_the_commitment_page_offers_the_proposal_only_to_those_who_may(world):
    link = "Propose a re-baselining"
    assert link in _client(world, "poc").get(world.commitment.url).content.decode()
    for role in ("visitor", "reviewer", "other_poc"):
        assert link not in _client(world, role).get(world.commitment.url).content.decode()
    _not_started(world)
    assert link not in _client(world, "poc").get(world.commitment.url).content.decode()


# -- the Wagtail admin's edit view ---------------------------------------------------------------


def _admin_post(world, client, **milestone_values):
    """Publish the commitment through the admin's edit view with the first milestone changed."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    page = world.commitment
    milestones = list(page.milestones.order_by("sort_order"))
    rows = []
    for index, milestone in enumerate(milestones):
        row = {
            "id": milestone.pk,
            "title": milestone.title,
            "expected_output": milestone.expected_output,
            "end_date": milestone.end_date.isoformat() if milestone.end_date else "",
            "status": milestone.status,
            "ORDER": str(index),
        }
        if milestone.pk == world.milestone.pk:
            row.update(milestone_values)
        rows.append(row)
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "ogp_id": page.ogp_id,
            "start_date": "2099-01-01",
            "milestones": inline_formset(rows, initial=len(rows)),
            "stakeholder_roles": inline_formset([]),
            "action-publish": "1",
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


@pytest.mark.parametrize("role", ["poc", "staff"])
def test_after_the_start_the_admin_keeps_due_date_and_scope_whatever_is_posted(world, role):
    _overdue(world)
    world.commitment.save_revision().publish()
    response = _admin_post(
        world, _client(world, role), title="Quietly renamed", expected_output="Less", end_date="2027-06-30"
    )
    assert response.status_code == 302  # the rest of the page saves
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    assert (milestone.title, milestone.expected_output, milestone.end_date) == ("Data published", "", OLD_DUE)
    world.commitment.refresh_from_db()
    assert world.commitment.start_date is None  # nor can the start be moved to reopen them


def test_the_admin_shows_the_fixed_fields_read_only_with_the_way_to_change_them(world):
    world.commitment.save_revision().publish()
    page = _client(world, "poc").get(reverse("wagtailadmin_pages:edit", args=[world.commitment.pk]))
    content = page.content.decode()
    assert content.count(reverse("commitments:rebaseline_create", args=[world.milestone.pk])) >= 3
    assert "changes only by a re-baselining the forum approves" in content


def test_before_the_start_the_admin_edits_milestones_freely(world):
    _not_started(world)
    world.commitment.save_revision().publish()
    response = _admin_post(
        world, _client(world, "poc"), title="Renamed in co-creation", end_date="2027-06-30"
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    assert (milestone.title, milestone.end_date) == ("Renamed in co-creation", NEW_DUE)


def test_the_admin_shows_approved_values_even_when_editing_an_older_draft(world):
    world.commitment.save_revision()  # a draft from before the change
    _approved(world)
    response = _admin_post(world, _client(world, "poc"), end_date="2022-03-31")
    assert response.status_code == 302
    assert Milestone.objects.get(pk=world.milestone.pk).end_date == NEW_DUE


def test_rebaselining_labels_are_translated(world):
    rebaseline = _approved(world)
    with translation.override("es"):
        assert rebaseline.change_lines() == [
            "Fecha límite cambiada de 31 de marzo de 2022 a 30 de junio de 2027"
        ]


def test_the_admin_lists_rebaselinings_read_only_for_staff(world):
    rebaseline = _propose(world)
    staff = _client(world, "staff")
    listing = staff.get(reverse("wagtailsnippets_commitments_rebaseline:list"))
    assert listing.status_code == 200 and "Data published" in listing.content.decode()
    inspect = staff.get(reverse("wagtailsnippets_commitments_rebaseline:inspect", args=[rebaseline.pk]))
    assert inspect.status_code == 200 and "two years late" in inspect.content.decode()
    for name in ("edit", "delete"):
        url = reverse(f"wagtailsnippets_commitments_rebaseline:{name}", args=[rebaseline.pk])
        assert staff.get(url).status_code in (302, 403)
        assert staff.post(url, {"new_end_date": "2030-01-01", "state": "approved"}).status_code in (302, 403)
    assert staff.get(reverse("wagtailsnippets_commitments_rebaseline:add")).status_code in (302, 403)
    rebaseline.refresh_from_db()
    assert rebaseline.state == UpdateState.SUBMITTED and rebaseline.new_end_date == NEW_DUE
    assert Milestone.objects.get(pk=world.milestone.pk).end_date == OLD_DUE
    for role in ("poc", "reviewer"):
        listing = _client(world, role).get(reverse("wagtailsnippets_commitments_rebaseline:list"))
        assert listing.status_code in (302, 403)


def test_the_forum_is_reminded_once_of_a_waiting_rebaselining_in_its_language(world):
    from commitments.progress import notifications

    reviewer = world.user("reviewer")
    reviewer.language = "es"
    reviewer.save(update_fields=["language"])
    rebaseline = _propose(world)
    Milestone.objects.filter(pk=world.milestone.pk).update(end_date=None)  # no milestone reminders
    Rebaseline.objects.filter(pk=rebaseline.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=5)
    )
    mail.outbox.clear()
    assert notifications.send_reminders() == 1
    message = mail.outbox[0]
    assert message.to == ["reviewer@example.org"]
    assert message.subject == "Una revisión de la línea de base de TS0001 espera su revisión"
    assert "Fecha límite cambiada de 31 de marzo de 2022 a 30 de junio de 2027" in message.body
    assert "/es/progress/review/" in message.body
    assert notifications.send_reminders() == 0


def test_the_plan_s_start_year_is_fixed_once_implementation_has_started(world):
    from wagtail.test.utils.form_data import nested_form_data

    plan = world.commitment.get_parent().specific
    plan.save_revision().publish()
    data = nested_form_data(
        {
            "title": plan.title,
            "slug": plan.slug,
            "plan_id": plan.plan_id,
            "number": "1",
            "status": "implementation",
            "start_year": "2099",
            "end_year": "2100",
            "action-publish": "1",
        }
    )
    for role in ("poc", "staff"):
        response = _client(world, role).post(reverse("wagtailadmin_pages:edit", args=[plan.pk]), data)
        assert response.status_code == 302
        plan.refresh_from_db()
        assert (plan.start_year, plan.end_year) == (2025, 2100)  # the end may move, the start not


def test_the_queue_and_the_dashboard_keep_their_query_counts_as_proposals_grow(world):
    reviewer, poc = _client(world, "reviewer"), _client(world, "poc")
    _propose(world)

    def count(client, name) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    count(reviewer, "commitments:review_queue")  # the first request of a session saves it
    count(poc, "commitments:my_commitments")
    queue, mine = count(reviewer, "commitments:review_queue"), count(poc, "commitments:my_commitments")
    for year in range(2028, 2034):
        milestone = world.second_milestone if year % 2 else world.milestone
        rebaselines.rebaseline_save(
            milestone=milestone,
            actor=world.user("poc"),
            reason=f"Moved to {year}",
            new_title=milestone.title,
            new_end_date=datetime.date(year, 1, 31),
            submit=year % 3 != 0,
        )
    assert count(reviewer, "commitments:review_queue") == queue
    assert count(poc, "commitments:my_commitments") == mine
    waiting = Rebaseline.objects.filter(state=UpdateState.SUBMITTED).count()
    assert waiting == 5  # the drafts wait for their author, not for the forum
    assert (
        reviewer.get(reverse("commitments:review_queue")).content.decode().count("the change to") == waiting
    )


def test_the_daily_digest_lists_approved_rebaselinings(world):
    from commitments.progress import notifications

    Follow.objects.create(user=world.user("civil_society"), page=world.commitment, frequency="daily")
    _approved(world)
    mail.outbox.clear()
    assert notifications.send_digests() == 1
    message = mail.outbox[0]
    assert message.to == ["civil@example.org"]
    assert message.subject == "1 milestone re-baselined"
    assert (
        "TS0001, Data published: Due date moved from March 31, 2022 to June 30, 2027 "
        "(The law it depends on passed two years late.)" in message.body
    )
    assert notifications.send_digests() == 0  # nothing new
