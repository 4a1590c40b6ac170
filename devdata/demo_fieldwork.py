"""Demo site visits and consultations, built on the real services: the civil-society monitor's
visit to Ukraine's open contracting commitment (a photo made here, with GPS, that contradicts
the approved status) and one that agrees; the POC's consultation with answers. Idempotent."""

from __future__ import annotations

import datetime
import io

from PIL import Image, ImageDraw

from django.contrib.auth import get_user_model
from django.utils import timezone

from commitments.fieldwork import services
from commitments.fieldwork.models import Consultation, SiteVisit
from commitments.fieldwork.photos import photo_clean
from commitments.fieldwork.services import InputValues
from commitments.models import CommitmentPage
from commitments.rules import MilestoneStatus

DEMO_ON = "UA0087"
# Kyiv, Khreshchatyk: 50°26'52.8" N, 30°31'22.2" E.
GPS = {1: "N", 2: (50.0, 26.0, 52.8), 3: "E", 4: (30.0, 31.0, 22.2)}


def demo_photo() -> bytes:
    """A JPEG made here, as a phone would send it: camera details, and where it was taken."""
    image = Image.new("RGB", (640, 480), (176, 196, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 320, 640, 480), fill=(120, 110, 100))  # the empty plot
    draw.rectangle((60, 200, 200, 330), outline=(90, 60, 30), width=6)  # a fence, nothing built
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"
    exif[0x0110] = "DP-1"
    exif.get_ifd(0x8825).update(GPS)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    return out.getvalue()


def seed_fieldwork(*, log=print) -> None:
    commitment = CommitmentPage.objects.filter(ogp_id=DEMO_ON).first()
    if commitment is None:
        return
    User = get_user_model()
    milestones = list(commitment.milestones.order_by("sort_order", "pk"))
    if milestones and not SiteVisit.objects.filter(commitment=commitment).exists():
        monitor = User.objects.get(username="monitor")
        today = timezone.localdate()
        reported_met = next((m for m in milestones if m.status == MilestoneStatus.MET), milestones[0])
        services.site_visit_record(
            milestone=reported_met,
            author=monitor,
            visited_on=today - datetime.timedelta(days=5),
            observations="The portal's open data page lists the datasets, but the download links return errors.",
            observed_status=MilestoneStatus.NOT_MET,
            photos=[photo_clean(demo_photo())],
        )
        services.site_visit_record(
            milestone=milestones[-1],
            author=monitor,
            visited_on=today - datetime.timedelta(days=12),
            observations="The training room was booked and the materials printed; the course starts next month.",
            observed_status=milestones[-1].status,
            latitude=50.4547,
            longitude=30.5238,
        )
        log(f"site visits on {DEMO_ON}: one with a photo that contradicts the approved status")
    if not Consultation.objects.filter(commitment=commitment).exists():
        services.consultation_save(
            actor=User.objects.get(username="poc-ukraine"),
            subject=commitment,
            held_on=timezone.localdate() - datetime.timedelta(days=30),
            format=Consultation.Format.HYBRID,
            summary="Draft milestones for publishing contracts and their amendments.",
            participants={"government": 6, "civil_society": 14, "business": 5},
            inputs=[
                InputValues(
                    said="Publish contract amendments, not only the contracts.",
                    sector="civil_society",
                    answer="adopted",
                    reason="Added to the milestone on open data.",
                ),
                InputValues(
                    said="Let suppliers download all their tenders as CSV.",
                    sector="business",
                    answer="adopted_in_part",
                    reason="CSV export of a supplier's awards now; tenders in the next plan.",
                ),
                InputValues(
                    said="Name the officials who sign each contract.",
                    sector="civil_society",
                    answer="not_adopted",
                    reason="The data protection authority advised against it; the signing body is published.",
                ),
            ],
        )
        log(f"a consultation with answers on {DEMO_ON}")
