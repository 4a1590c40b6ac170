"""The progress forms, GOV.UK's way: every error in one round, a summary linking to each field,
dates within the plan's period, and no storage path shown."""

from __future__ import annotations

import datetime
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from commitments.models import ProgressUpdate

from .progress_fixtures import PDF, submitted_update

pytestmark = pytest.mark.django_db


def post_update(world, language="en", **values):
    client = Client()
    client.force_login(world.user("poc"))
    data = {
        "status": "partiallyMet",
        "percent_complete": "40",
        "narrative": "Half the datasets are online.",
        "as_of": timezone.localdate().isoformat(),
        "evidence_url": "https://example.org/evidence",
        "submit": "1",
        **values,
    }
    url = f"/{language}" + reverse("commitments:update_create", args=[world.milestone.pk])[3:]
    return client.post(url, data)


def summary_links(html: str) -> dict[str, str]:
    """The error summary's links: {target id: message}."""
    summary = re.search(r'<div class="error-summary.*?</div>', html, re.S)
    assert summary, "no error summary"
    return dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary[0]))


def test_every_error_shows_in_one_round_with_a_summary_linking_to_each_field(world):
    """Met at 50 %, no evidence, dated 1900: three problems, all told at once (the percent error
    used to wait until evidence was given)."""
    response = post_update(world, status="met", percent_complete="50", evidence_url="", as_of="1900-01-01")
    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()
    html = response.content.decode()
    links = summary_links(html)
    assert links["id_evidence_url"] == "Give evidence: a file or a link."
    assert links["id_percent_complete"] == "A met milestone is complete: its percent complete is 100."
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert (
        links["id_as_of"]
        == f"Give a date from Jan. 1, 2025 (the start of the action plan) to {today} (today)."
    )
    # Each error is inline too, next to its field, and the input is kept.
    for field in ("evidence_url", "percent_complete", "as_of"):
        assert f'id="id_{field}_errors"' in html
    assert "Half the datasets are online." in html
    assert html.index('class="error-summary') < html.index('id="id_status"')


@pytest.mark.parametrize("as_of", ["2099-01-01", "1900-06-30", "2024-12-31"])
def test_dates_outside_the_plans_period_are_refused(world, as_of):
    response = post_update(world, as_of=as_of)
    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()
    assert "id_as_of" in summary_links(response.content.decode())


def test_the_first_day_of_the_plan_and_today_are_accepted(world):
    for as_of in ("2025-01-01", timezone.localdate().isoformat()):
        assert post_update(world, as_of=as_of).status_code == 302
    assert sorted(ProgressUpdate.objects.values_list("as_of", flat=True)) == [
        datetime.date(2025, 1, 1),
        timezone.localdate(),
    ]


def test_the_date_range_message_in_spanish(world):
    response = post_update(world, language="es", as_of="2099-01-01")
    links = summary_links(response.content.decode())
    assert links["id_as_of"].startswith(
        "Indique una fecha desde el 1 de enero de 2025 (el inicio del plan de acción)"
    )
    assert "Hay un problema" in response.content.decode()


def test_the_date_input_says_its_range(world):
    client = Client()
    client.force_login(world.user("poc"))
    html = client.get(reverse("commitments:update_create", args=[world.milestone.pk])).content.decode()
    assert f'min="2025-01-01" max="{timezone.localdate().isoformat()}"' in html


def test_the_service_refuses_a_date_outside_the_plan_too(world):
    """Through any door: the rule is the record's, not only the form's."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        submitted_update(world, as_of=datetime.date(2099, 1, 1))
    assert "as_of" in caught.value.message_dict


def test_the_evidence_file_shows_by_its_name_never_its_storage_path(world):
    update = submitted_update(
        world, evidence_url="", evidence_file=SimpleUploadedFile("minutes.pdf", PDF), submit=False
    )
    assert update.evidence_file.name.startswith("evidence/")
    client = Client()
    client.force_login(world.user("poc"))
    html = client.get(reverse("commitments:update_detail", args=[update.pk])).content.decode()
    # Its name as stored (storage adds a suffix when another file took "minutes.pdf" first).
    shown = update.evidence_file.name.rsplit("/", 1)[-1]
    assert shown.startswith("minutes") and shown.endswith(".pdf")
    assert shown in html
    assert update.evidence_file.name not in html
    assert "evidence/" not in html.replace(reverse("commitments:update_evidence", args=[update.pk]), "")
    assert f'href="{reverse("commitments:update_evidence", args=[update.pk])}"' in html


def test_the_review_form_uses_the_shared_partials(world):
    update = submitted_update(world)
    client = Client()
    client.force_login(world.user("reviewer"))
    page = client.get(reverse("commitments:update_detail", args=[update.pk])).content.decode()
    assert "<legend>Decision" in page
    response = client.post(reverse("commitments:update_review", args=[update.pk]), {"decision": "return"})
    assert response.status_code == 400
    html = response.content.decode()
    assert summary_links(html) == {"id_reason": "Say why the update is returned."}
    assert 'id="id_reason_errors"' in html
    response = client.post(reverse("commitments:update_review", args=[update.pk]), {})
    assert summary_links(response.content.decode()) == {"id_decision_0": "This field is required."}
