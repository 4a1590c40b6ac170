"""Withdrawal (issue 12): a commitment with progress updates cannot be deleted; staff withdraw
it with a reason, and it stays at its URL, with its updates, marked withdrawn everywhere the
public reads it: its page, the explorer, the exports and the PDF reports."""

from __future__ import annotations

import csv
import io

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from commitments import services
from commitments.models import CommitmentPage
from commitments.progress import services as progress
from reports.build import report_html
from reports.versions import data_version
from tests.reports.conftest import make_report

from .progress_fixtures import submitted_update
from .test_record_admin import edit_data, tampered

pytestmark = pytest.mark.django_db

REASON = "Merged into TS0002 after the mid-term review."


@pytest.fixture
def withdrawn(world):
    update = submitted_update(world)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    services.commitment_withdraw(commitment=world.commitment, actor=world.user("staff"), reason=REASON)
    return CommitmentPage.objects.get(pk=world.commitment.pk)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_only_staff_withdraw_and_always_with_a_reason(world):
    for role in ("poc", "reviewer", "civil_society"):
        with pytest.raises(PermissionDenied):
            services.commitment_withdraw(commitment=world.commitment, actor=world.user(role), reason=REASON)
    with pytest.raises(ValidationError):
        services.commitment_withdraw(commitment=world.commitment, actor=world.user("staff"), reason="  ")
    assert CommitmentPage.objects.get(pk=world.commitment.pk).withdrawn_on is None


def test_the_admin_form_refuses_a_withdrawal_without_reason_and_keeps_the_date(world):
    response = _client(world.user("staff")).post(
        reverse("commitments_withdraw", args=[world.commitment.pk]),
        {"withdrawn_on": "2026-10-01", "reason": ""},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert 'value="2026-10-01"' in response.content.decode()
    assert CommitmentPage.objects.get(pk=world.commitment.pk).withdrawn_on is None


def test_a_withdrawn_commitment_stays_public_with_its_updates_and_the_reason(withdrawn):
    response = _client().get(withdrawn.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Withdrawn on" in html and REASON in html
    assert "Half the datasets are online." in html  # its approved update stays on the timeline


def test_the_spanish_page_says_it_is_withdrawn_in_spanish(withdrawn):
    html = _client().get(withdrawn.url.replace("/en/", "/es/", 1)).content.decode()
    assert "Retirado el" in html and REASON in html


def test_the_explorer_marks_a_withdrawn_commitment(withdrawn, world):
    html = _client().get(reverse("commitments:explorer")).content.decode()
    row = html[html.index("TS0001") :]
    row = row[: row.index("</tr>")]
    assert "Withdrawn" in row
    other = html[html.index("OT0001") :]
    assert "Withdrawn" not in other[: other.index("</tr>")]


def test_the_csv_export_carries_the_withdrawal(withdrawn):
    response = _client().get(reverse("commitments:export_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["Commitment Unique Identifier"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["TS0001"]["Tracker: Withdrawal reason"] == REASON
    assert rows["TS0001"]["Tracker: Withdrawn on"] == withdrawn.withdrawn_on.isoformat()
    assert rows["OT0001"]["Tracker: Withdrawn on"] == ""


def test_the_pdf_report_shows_the_withdrawal_and_a_withdrawal_makes_a_new_report(world):
    before, _ = data_version(world.commitment)
    services.commitment_withdraw(commitment=world.commitment, actor=world.user("staff"), reason=REASON)
    page = CommitmentPage.objects.get(pk=world.commitment.pk)
    assert data_version(page)[0] != before
    html = report_html(make_report(page, "en"))
    assert "Withdrawn on" in html and REASON in html


def test_no_edit_or_revert_of_the_page_undoes_a_withdrawal(withdrawn, world):
    url = reverse("wagtailadmin_pages:edit", args=[withdrawn.pk])
    forged = edit_data(withdrawn, tampered(world), withdrawn_on="", withdrawal_reason="")
    assert _client(world.user("poc")).post(url, forged).status_code == 302
    page = CommitmentPage.objects.get(pk=withdrawn.pk)
    assert (page.withdrawn_on, page.withdrawal_reason) == (withdrawn.withdrawn_on, REASON)
    # An older revision, from before the withdrawal, published again: still withdrawn.
    first = page.revisions.order_by("pk").first()
    first.publish(user=world.user("staff"))
    page = CommitmentPage.objects.get(pk=withdrawn.pk)
    assert (page.withdrawn_on, page.withdrawal_reason) == (withdrawn.withdrawn_on, REASON)


def test_the_admin_says_why_a_reported_commitment_cannot_be_deleted_and_offers_withdrawal(world):
    update = submitted_update(world)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    staff = _client(world.user("staff"))
    html = staff.get(reverse("wagtailadmin_pages:edit", args=[world.commitment.pk])).content.decode()
    assert "A commitment with progress updates cannot be deleted" in html
    assert reverse("commitments_withdraw", args=[world.commitment.pk]) in html
    # Its delete URL refuses, with no server error, and the commitment stays.
    response = staff.post(reverse("wagtailadmin_pages:delete", args=[world.commitment.pk]))
    assert response.status_code == 302
    assert CommitmentPage.objects.filter(pk=world.commitment.pk).exists()
    # A POC sees the explanation but no way to withdraw.
    html = (
        _client(world.user("poc")).get(reverse("wagtailadmin_pages:edit", args=[world.commitment.pk])).content
    )
    assert reverse("commitments_withdraw", args=[world.commitment.pk]).encode() not in html
