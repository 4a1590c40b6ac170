"""The public change log: every change to a commitment's record, through every door (the admin's
page editor and snippet views, the services, the import, the forum's approval), attributed to a
role and an organisation and never to a person, in English and Spanish, at a fixed query cost."""

from __future__ import annotations

import datetime
import io

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from commitments import services
from commitments.history.attribution import recording
from commitments.history.models import ActorRole, ChangeEntry
from commitments.history.selectors import change_entries, present
from commitments.models import IRMAssessment, Milestone, StakeholderRole
from commitments.progress import services as progress
from tracker.models import Membership, Organisation, Sector

from .progress_fixtures import pdf, submitted_update

pytestmark = pytest.mark.django_db


def _client(world, role) -> Client:
    client = Client()
    if world.user(role):
        client.force_login(world.user(role))
    return client


def _log(world, language="en", page=None) -> str:
    url = f"/{language}/commitments/{world.commitment.ogp_id}/changes/"
    response = Client().get(url, {"page": page} if page else {})
    assert response.status_code == 200
    return response.content.decode()


def _new_entries(since: int):
    return list(ChangeEntry.objects.filter(pk__gt=since).order_by("pk"))


def _last_pk() -> int:
    return ChangeEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _milestone_form(milestone: Milestone, index: int, **changes) -> dict:
    values = {
        "id": milestone.pk,
        "title": milestone.title,
        "expected_output": milestone.expected_output,
        "start_date": milestone.start_date.isoformat() if milestone.start_date else "",
        "end_date": milestone.end_date.isoformat() if milestone.end_date else "",
        "status": milestone.status,
        "date_met": milestone.date_met.isoformat() if milestone.date_met else "",
        "ORDER": str(index),
    }
    values.update(changes)
    return values


def _page_form(page, milestones=None, roles=None, **changes) -> dict:
    milestones = milestones if milestones is not None else list(page.milestones.order_by("sort_order"))
    roles = roles if roles is not None else list(page.stakeholder_roles.order_by("sort_order"))
    data = {
        "title": page.title,
        "slug": page.slug,
        "ogp_id": page.ogp_id,
        "short_title": page.short_title,
        "full_title": page.full_title,
        "end_date": page.end_date.isoformat() if page.end_date else "",
        "milestones": inline_formset(
            [m if isinstance(m, dict) else _milestone_form(m, i) for i, m in enumerate(milestones)],
            initial=len([m for m in milestones if not isinstance(m, dict) or m.get("id")]),
        ),
        "stakeholder_roles": inline_formset(
            [
                r
                if isinstance(r, dict)
                else {"id": r.pk, "organisation": r.organisation_id, "role": r.role, "ORDER": str(i)}
                for i, r in enumerate(roles)
            ],
            initial=len([r for r in roles if not isinstance(r, dict) or r.get("id")]),
        ),
        "action-publish": "1",
    }
    data.update(changes)
    return nested_form_data(data)


def _publish(world, role, data):
    response = _client(world, role).post(reverse("wagtailadmin_pages:edit", args=[world.commitment.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


# -- through the admin's page editor --------------------------------------------------------------


def test_a_poc_moving_a_start_date_in_the_page_editor_is_logged_with_their_role_and_organisation(world):
    # (A due date is fixed once implementation starts: it moves by re-baselining, logged too.)
    ministry, _ = services.organisation_get_or_create(name="Ministry of Finance", sector=Sector.GOVERNMENT)
    Membership.objects.create(user=world.user("poc"), organisation=ministry)
    milestone, second = world.milestone, world.second_milestone
    since = _last_pk()
    _publish(
        world,
        "poc",
        _page_form(
            world.commitment,
            milestones=[_milestone_form(milestone, 0, start_date="2027-06-30"), _milestone_form(second, 1)],
        ),
    )
    entries = _new_entries(since)
    assert [(e.content_type.model, e.object_id) for e in entries] == [("milestone", milestone.pk)]
    entry = entries[0]
    before = milestone.start_date.isoformat() if milestone.start_date else None
    assert entry.changes == {"start_date": [before, "2027-06-30"]}
    assert entry.commitment_id == world.commitment.pk
    assert entry.actor_role == ActorRole.POC
    assert entry.actor_member_id == world.member.pk
    assert entry.actor_organisation_id == ministry.pk

    html = _log(world)
    assert "Point of contact for Testland" in html
    assert "Ministry of Finance" in html
    assert "Start date" in html
    assert "June 30, 2027" in html


def test_a_draft_saved_in_the_page_editor_changes_nothing_public_and_adds_nothing(world):
    since = _last_pk()
    data = _page_form(
        world.commitment,
        milestones=[_milestone_form(world.milestone, 0, end_date="2030-01-01")],
        short_title="Draft",
    )
    del data["action-publish"]
    _publish(world, "poc", data)
    assert _new_entries(since) == []


def test_publishing_an_unchanged_page_adds_nothing_to_the_log(world):
    services.stakeholder_role_add(
        commitment=world.commitment,
        organisation=services.organisation_get_or_create(name="Watchdog", sector=Sector.CIVIL_SOCIETY)[0],
        role=StakeholderRole.Role.MONITOR,
    )
    world.commitment.refresh_from_db()
    _publish(world, "poc", _page_form(world.commitment))  # the first publish makes the first revision
    since = _last_pk()
    _publish(world, "poc", _page_form(world.commitment))
    _publish(world, "staff", _page_form(world.commitment))
    assert _new_entries(since) == []


def test_page_fields_milestones_and_roles_changed_together_are_each_logged_once(world):
    watchdog, _ = services.organisation_get_or_create(name="Watchdog", sector=Sector.CIVIL_SOCIETY)
    since = _last_pk()
    _publish(
        world,
        "staff",
        _page_form(
            world.commitment,
            milestones=[
                _milestone_form(world.milestone, 0, start_date="2026-07-01"),
                _milestone_form(world.second_milestone, 1),
                {"title": "Portal launched", "end_date": "2027-12-31", "status": "scheduled", "ORDER": "2"},
            ],
            roles=[{"organisation": watchdog.pk, "role": "monitor", "ORDER": "0"}],
            short_title="Open contracting",
        ),
    )
    entries = _new_entries(since)
    kinds = sorted((e.content_type.model, e.action) for e in entries)
    assert kinds == [
        ("commitmentpage", ChangeEntry.Action.UPDATE),
        ("milestone", ChangeEntry.Action.CREATE),
        ("milestone", ChangeEntry.Action.UPDATE),
        ("stakeholderrole", ChangeEntry.Action.CREATE),
    ]
    assert all(e.actor_role == ActorRole.STAFF for e in entries)
    page_entry = next(e for e in entries if e.content_type.model == "commitmentpage")
    assert page_entry.changes == {"short_title": ["", "Open contracting"]}

    html = _log(world)
    assert "Site staff" in html
    assert "Stakeholder role: Watchdog – Monitor" in html
    assert "Milestone: Portal launched" in html
    assert "July 1, 2026" in html
    assert "Short title" in html


def test_policy_areas_changed_in_the_page_editor_are_logged(world):
    from commitments.models import PolicyArea

    area = PolicyArea.objects.create(name="Open Contracting", name_es="Contratación abierta", slug="oc")
    since = _last_pk()
    data = _page_form(world.commitment)
    data["policy_areas"] = [area.pk]
    _publish(world, "poc", data)
    [entry] = _new_entries(since)
    assert entry.changes == {
        "policy_areas": {"type": "m2m", "operation": "add", "objects": ["Open Contracting"]}
    }
    assert entry.actor_role == ActorRole.POC
    html = _log(world)
    assert "Policy areas" in html and "added: Open Contracting" in html


def test_removing_a_milestone_in_the_page_editor_is_logged(world):
    since = _last_pk()
    milestones = [_milestone_form(world.milestone, 0), _milestone_form(world.second_milestone, 1, DELETE="1")]
    _publish(world, "poc", _page_form(world.commitment, milestones=milestones))
    [entry] = _new_entries(since)
    assert (entry.action, entry.object_id) == (ChangeEntry.Action.DELETE, world.second_milestone.pk)
    html = _log(world)
    assert "Removed</strong>" in html and "Milestone: Law adopted" in html


# -- through the admin's snippet views ------------------------------------------------------------


def _assessment(world) -> IRMAssessment:
    assessment, _ = services.irm_assessment_upsert(
        commitment=world.commitment,
        report_type="progress",
        values={"publication_year": 2025, "specificity": "medium", "potential_impact": "moderate"},
    )
    return assessment


def _assessment_form(assessment: IRMAssessment, **changes) -> dict:
    def nullable(value):
        return {True: "true", False: "false"}.get(value, "unknown")

    data = {
        "commitment": assessment.commitment_id,
        "report_type": assessment.report_type,
        "publication_year": assessment.publication_year or "",
        "specificity": assessment.specificity,
        "verifiable": nullable(assessment.verifiable),
        "relevant": nullable(assessment.relevant),
        "access_to_information": nullable(assessment.access_to_information),
        "civic_participation": nullable(assessment.civic_participation),
        "public_accountability": nullable(assessment.public_accountability),
        "technology": nullable(assessment.technology),
        "potential_impact": assessment.potential_impact,
        "potential_for_results": assessment.potential_for_results,
        "completion": assessment.completion,
        "open_government": assessment.open_government,
        "early_results": assessment.early_results,
        "carried_forward": nullable(assessment.carried_forward),
    }
    data.update(changes)
    return data


def test_an_irm_assessment_entered_by_hand_in_the_admin_is_logged_with_choice_labels(world):
    assessment = _assessment(world)
    since = _last_pk()
    url = reverse("wagtailsnippets_commitments_irmassessment:edit", args=[assessment.pk])
    response = _client(world, "staff").post(
        url, _assessment_form(assessment, potential_impact="transformative")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = _new_entries(since)
    assert entry.changes == {"potential_impact": ["moderate", "transformative"]}
    assert entry.actor_role == ActorRole.STAFF
    html = _log(world)
    assert "Potential impact" in html
    assert "Moderate" in html and "Transformative" in html
    assert "transformative" not in html  # the stored code is never shown


def test_an_irm_assessment_deleted_in_the_admin_is_logged(world):
    assessment = _assessment(world)
    since = _last_pk()
    url = reverse("wagtailsnippets_commitments_irmassessment:delete", args=[assessment.pk])
    assert _client(world, "staff").post(url).status_code == 302
    [entry] = _new_entries(since)
    assert (entry.action, entry.commitment_id, entry.actor_role) == (
        ChangeEntry.Action.DELETE,
        world.commitment.pk,
        ActorRole.STAFF,
    )
    assert "Progress report (mid-term)" in _log(world)


def test_an_organisations_sector_changed_in_the_admin_shows_on_its_commitments_logs(world):
    agency, _ = services.organisation_get_or_create(name="Data Agency", sector=Sector.GOVERNMENT)
    services.stakeholder_role_add(commitment=world.commitment, organisation=agency, role="data_publisher")
    since = _last_pk()
    url = reverse("wagtailsnippets_tracker_organisation:edit", args=[agency.pk])
    data = {
        "name": agency.name,
        "sector": Sector.MULTILATERAL,
        "country": "",
        "scheme": "",
        "identifier": "",
        "website": "",
    }
    response = _client(world, "staff").post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = _new_entries(since)
    assert entry.changes == {"sector": ["government", "multilateral"]}
    assert entry.commitment_id is None
    html = _log(world)
    assert "Organisation: Data Agency" in html
    assert "Multilateral" in html
    # Not on the log of a commitment it has no role in.
    other = Client().get(f"/en/commitments/{world.other_commitment.ogp_id}/changes/").content.decode()
    assert "Data Agency" not in other


# -- through the services -----------------------------------------------------------------------


def test_changes_through_the_services_are_logged_once_per_change(world):
    organisation, _ = services.organisation_get_or_create(name="Watchdog", sector=Sector.CIVIL_SOCIETY)
    since = _last_pk()
    with recording(actor=world.user("poc")):
        milestone = services.milestone_create(
            commitment=world.commitment, title="Report published", end_date=datetime.date(2027, 3, 1)
        )
        services.stakeholder_role_add(commitment=world.commitment, organisation=organisation, role="monitor")
        services.stakeholder_role_add(commitment=world.commitment, organisation=organisation, role="monitor")
        _assessment(world)
        _assessment(world)  # unchanged: nothing new
    entries = _new_entries(since)
    assert [(e.content_type.model, e.action) for e in entries] == [
        ("milestone", ChangeEntry.Action.CREATE),
        ("stakeholderrole", ChangeEntry.Action.CREATE),
        ("irmassessment", ChangeEntry.Action.CREATE),
    ]
    assert {e.actor_role for e in entries} == {ActorRole.POC}
    assert entries[0].object_id == milestone.pk


def test_the_forums_approval_logs_the_milestone_status_as_the_forums(world):
    update = submitted_update(world, status="met", percent_complete=100)
    since = _last_pk()
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    [entry] = _new_entries(since)
    assert entry.object_id == world.milestone.pk
    assert entry.changes["status"] == ["scheduled", "met"]
    assert entry.actor_role == ActorRole.FORUM
    assert entry.actor_member_id == world.member.pk
    html = _log(world)
    assert "Multistakeholder forum of Testland" in html
    assert "Met" in html


def test_a_withdrawal_is_logged_as_staffs_with_its_reason_and_never_names_who(world):
    since = _last_pk()
    services.commitment_withdraw(
        commitment=world.commitment,
        actor=world.user("staff"),
        reason="Merged into TS0002",
        withdrawn_on=datetime.date(2026, 10, 1),
    )
    [entry] = _new_entries(since)
    assert entry.object_id == world.commitment.pk
    assert entry.changes["withdrawal_reason"] == ["", "Merged into TS0002"]
    assert "withdrawn_by" not in entry.changes  # a person, not shown publicly
    html = _log(world)
    assert "Merged into TS0002" in html
    assert world.user("staff").email not in html


def test_the_import_is_attributed_to_ogp_and_a_second_run_adds_nothing(imported, sample_csv):
    from commitments.ogp.importer import import_ogp_commitments

    # A first import writes new records in bulk: a record's creation is not a change to it.
    # Whatever it did log is OGP's import, never a person.
    assert set(ChangeEntry.objects.values_list("actor_role", flat=True)) <= {ActorRole.IMPORT}
    assert not ChangeEntry.objects.filter(actor__isnull=False).exists()
    since = _last_pk()
    import_ogp_commitments(sample_csv)
    assert _new_entries(since) == []


def test_an_import_that_changes_one_field_adds_one_entry(imported, sample_copy):
    import csv

    from commitments.models import CommitmentPage
    from commitments.ogp.importer import import_ogp_commitments

    with open(sample_copy, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    rows[1][header.index("Short Title")] = "A new short title"
    with open(sample_copy, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    ogp_id = rows[1][header.index("Commitment Unique Identifier")]
    since = _last_pk()
    import_ogp_commitments(sample_copy)
    [entry] = _new_entries(since)
    assert entry.commitment_id == CommitmentPage.objects.get(ogp_id=ogp_id).pk
    assert list(entry.changes) == ["short_title"]
    assert entry.changes["short_title"][1] == "A new short title"
    assert entry.actor_role == ActorRole.IMPORT


# -- the public page ------------------------------------------------------------------------------


def test_the_log_never_shows_people_emails_paths_or_private_notes(world):
    update = submitted_update(world, evidence_file=pdf("private-evidence.pdf"), evidence_url="")
    update = progress.progress_update_return_(
        update=update, reviewer=world.user("reviewer"), reason="Secret note"
    )
    _publish(
        world,
        "poc",
        _page_form(world.commitment, short_title="Renamed"),
    )
    html = _log(world)
    assert "Renamed" in html
    for user in world.users.values():
        if user is not None:
            assert user.email not in html
            assert f">{user.username}<" not in html
    assert "Secret note" not in html
    assert "evidence/" not in html and "private-evidence" not in html


def test_the_log_is_paginated_newest_first(world):
    with recording(actor=world.user("staff")):
        for index in range(30):
            world.milestone.title = f"Step {index:02d}"
            world.milestone.save()
    first, second = _log(world), _log(world, page=2)
    # 25 a page: the newest 25 renames (to Step 29 … Step 05), each naming the title before it.
    assert "Step 29" in first and "Step 05" in first
    assert "Step 03" not in first and "Step 03" in second
    assert first.index("Step 29") < first.index("Step 28")


def test_the_log_page_costs_the_same_queries_however_long_the_log(world):
    ministry, _ = services.organisation_get_or_create(name="Ministry", sector=Sector.GOVERNMENT)
    services.stakeholder_role_add(commitment=world.commitment, organisation=ministry, role="lead_implementer")
    Membership.objects.create(user=world.user("poc"), organisation=ministry)
    url = f"/en/commitments/{world.commitment.ogp_id}/changes/"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        return len(queries)

    count()
    few = count()
    with recording(actor=world.user("poc")):
        for index in range(40):
            milestone = world.milestone if index % 2 else world.second_milestone
            milestone.end_date = datetime.date(2027, 1, 1) + datetime.timedelta(days=index)
            milestone.save()
            ministry.sector = Sector.BUSINESS if index % 2 else Sector.GOVERNMENT
            ministry.save()
    assert ChangeEntry.objects.filter(commitment=world.commitment).count() > 40
    assert count() == few


def test_the_log_reads_in_spanish(world):
    with recording(actor=world.user("reviewer")):
        world.milestone.end_date = datetime.date(2027, 6, 30)
        world.milestone.status = "partiallyMet"
        world.milestone.save()
    html = _log(world, "es")
    assert "Fecha límite" in html
    assert "30 de junio de 2027" in html
    assert "Parcialmente cumplido" in html
    assert "Cambio</strong>" in html and "Hito: Data published" in html
    assert "Foro multiactor de Testland" in html
    assert "Registro de cambios" in html


def test_the_commitment_page_links_to_its_log_and_an_unpublished_one_has_none(world):
    html = Client().get(world.commitment.url).content.decode()
    assert f"/en/commitments/{world.commitment.ogp_id}/changes/" in html
    world.commitment.unpublish()
    assert Client().get(f"/en/commitments/{world.commitment.ogp_id}/changes/").status_code == 404


@pytest.mark.parametrize("role", ["visitor", "poc", "staff"])
def test_nobody_writes_to_the_log_through_its_page(world, role):
    url = f"/en/commitments/{world.commitment.ogp_id}/changes/"
    count = ChangeEntry.objects.count()
    client = _client(world, role)
    for method in (client.post, client.put, client.delete):
        assert method(url, {"changes": "{}"}).status_code == 405
    assert ChangeEntry.objects.count() == count


def test_present_reads_a_deleted_field_as_it_was_stored(world):
    entry = ChangeEntry.objects.filter(commitment=world.commitment).first()
    entry.changes = {"gone": ["a", "b"]}
    change = present(entry)
    assert [(f.label, f.before, f.after) for f in change.fields] == [("gone", "a", "b")]
    assert change_entries(world.commitment).count() >= 1
    assert Organisation.objects.count() >= 1


def test_changes_published_before_the_log_began_are_read_from_the_revisions(world):
    from django.core.management import call_command

    from commitments.history.revisions import change_log_from_revisions

    page = world.commitment
    page.save_revision(user=world.user("staff")).publish(user=world.user("staff"))
    page.refresh_from_db()
    page.short_title, page.end_date = "Open contracting", datetime.date(2027, 12, 31)
    page.save_revision(user=world.user("poc")).publish(user=world.user("poc"))
    page.refresh_from_db()
    page.save_revision(user=world.user("poc")).publish(user=world.user("poc"))  # unchanged
    ChangeEntry.objects.filter(commitment=page).delete()  # as before the log existed

    assert change_log_from_revisions() == 1
    [entry] = ChangeEntry.objects.filter(commitment=page)
    assert entry.changes == {"short_title": ["", "Open contracting"], "end_date": [None, "2027-12-31"]}
    assert (entry.actor_role, entry.actor_member_id) == (ActorRole.POC, world.member.pk)
    out = io.StringIO()
    call_command("change_log_from_revisions", stdout=out)
    assert "0 entries added" in out.getvalue()
    assert ChangeEntry.objects.filter(commitment=page).count() == 1
    html = _log(world)
    assert "Dec. 31, 2027" in html and "Open contracting" in html


def test_auditlogs_unused_table_holds_no_foreign_keys_so_postgresql_can_empty_the_database():
    """Auditlog's swapped-out table must not hold PostgreSQL's TRUNCATE of users back (flush,
    and every transactional test, the browser suite's included): migration
    commitments_history 0002 drops its foreign keys."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite empties tables one by one: nothing to hold back")
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "auditlog_logentry")
    assert constraints  # the table is kept, for auditlog's own later migrations
    assert [name for name, constraint in constraints.items() if constraint["foreign_key"]] == []
