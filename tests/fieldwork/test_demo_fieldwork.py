"""The demo's site visits and consultation: built by seed_demo through the services, a photo
made in code placed by its GPS and stored stripped, and a second run adds nothing."""

from io import StringIO

import pytest
from PIL import Image

from django.core.management import call_command
from django.test import Client

from commitments.fieldwork.models import Consultation, ConsultationInput, SiteVisit, VisitPhoto
from commitments.models import CommitmentPage

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_visit_with_a_photo_and_a_consultation_once():
    call_command("seed_demo", stdout=StringIO())
    visit = SiteVisit.objects.get(photos__isnull=False)
    assert visit.commitment.ogp_id == "UA0087" and visit.author.username == "monitor"
    assert (round(float(visit.latitude), 4), round(float(visit.longitude), 4)) == (50.448, 30.5228)
    with visit.photos.get().image.open("rb") as handle:
        assert dict(Image.open(handle).getexif()) == {}
    consultation = Consultation.objects.get()
    assert sorted(consultation.inputs.values_list("answer", flat=True)) == [
        "adopted",
        "adopted_in_part",
        "not_adopted",
    ]
    page = Client().get(CommitmentPage.objects.get(ogp_id="UA0087").url).content.decode()
    assert "Contradicts the record:" in page and "Name the officials who sign each contract." in page
    counts = (SiteVisit.objects.count(), VisitPhoto.objects.count(), ConsultationInput.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (
        SiteVisit.objects.count(),
        VisitPhoto.objects.count(),
        ConsultationInput.objects.count(),
    ) == counts
