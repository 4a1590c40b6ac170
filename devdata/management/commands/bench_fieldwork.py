"""``manage.py bench_fieldwork`` (run by ``make bench``): site visits at two sizes.

Sets up a throwaway test database (like the test suite), writes a small synthetic member, and
puts 2,000 then 20,000 site visits (each with a photo) on ONE of its commitments, the worst
case, plus 50 consultations with three answered inputs each. Times the median of the
commitment's page and of its visits page (its first page and its tenth) at each size. Target:
at 20,000 each is within 2× its time at 2,000 (the pages read a fixed number of rows through
an index, whatever the total). Exits 1 when a target is missed (``--no-fail`` to report only).
"""

from __future__ import annotations

import datetime
import statistics
import time

from django.test import Client

from devdata import synthetic, synthetic_plan
from devdata.bench_command import ThrowawayDatabaseBench

SIZES = (2_000, 20_000)
RUNS = 15


def _median_ms(client: Client, url: str) -> float:
    client.get(url)  # warm
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


class Command(ThrowawayDatabaseBench):
    help = "Time a commitment's page and its visits page with 2,000 and 20,000 site visits."

    rows = "site-visit"

    def _bench(self):
        from allauth.account.models import EmailAddress
        from allauth.mfa.totp.internal.auth import TOTP

        from django.contrib.auth import get_user_model
        from django.core.files.base import ContentFile
        from django.urls import reverse

        from commitments.fieldwork import services
        from commitments.fieldwork.models import SiteVisit, VisitPhoto
        from commitments.fieldwork.photos import photo_clean
        from commitments.fieldwork.services import InputValues
        from commitments.models import CommitmentPage, Milestone
        from devdata.demo import DEMO_TOTP_SECRET
        from devdata.demo_fieldwork import demo_photo

        spec = synthetic_plan.member_spec(0, 20, synthetic.DEFAULT_SEED, set())
        synthetic.write_record([spec], seed=synthetic.DEFAULT_SEED, log=lambda m: None)
        commitment = (
            CommitmentPage.objects.filter(milestones__isnull=False).distinct().order_by("ogp_id").first()
        )
        milestones = list(Milestone.objects.filter(commitment=commitment))
        User = get_user_model()
        author = User.objects.create_user(username="bench-visitor", is_staff=True, is_superuser=True)
        # One stored photo, shared by every visit's row (the pages link to it; none decodes it).
        cleaned = photo_clean(demo_photo())
        template = VisitPhoto(width=cleaned.width, height=cleaned.height)
        template.image.save("bench.jpg", ContentFile(cleaned.image), save=False)
        template.thumbnail.save("bench-thumb.jpg", ContentFile(cleaned.thumbnail), save=False)
        EmailAddress.objects.create(user=author, email="bench@example.org", verified=True, primary=True)
        TOTP.activate(author, DEMO_TOTP_SECRET)  # staff act with two-factor on
        for n in range(50):
            services.consultation_save(
                actor=author,
                subject=commitment,
                held_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
                format="online",
                summary=f"Consultation {n}",
                participants={"government": 3, "civil_society": 10 + n % 5},
                inputs=[
                    InputValues(said=f"Input {n}.{k}", answer="adopted", reason="Done") for k in range(3)
                ],
            )
        client = Client()
        page_url = commitment.url
        visits_url = reverse("commitments:commitment_visits", args=[commitment.ogp_id])
        lines = ["", f"Site visits on one commitment ({commitment.ogp_id}), median of {RUNS} runs", ""]
        lines.append("| visits | commitment page ms | visits page 1 ms | visits page 10 ms |")
        lines.append("|---:|---:|---:|---:|")
        results = {}
        made = 0
        for size in SIZES:
            visits = [
                SiteVisit(
                    milestone=milestones[i % len(milestones)],
                    commitment=commitment,
                    author=author,
                    visited_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 2000),
                    observations=f"Visit {i}: what was seen on site.",
                    observed_status="notMet" if i % 3 else "met",
                    latitude=50 + (i % 100) / 1000,
                    longitude=30 + (i % 97) / 1000,
                    location_source="typed",
                )
                for i in range(made, size)
            ]
            created = SiteVisit.objects.bulk_create(visits, batch_size=2000)
            VisitPhoto.objects.bulk_create(
                [
                    VisitPhoto(
                        visit=visit,
                        image=template.image.name,
                        thumbnail=template.thumbnail.name,
                        width=template.width,
                        height=template.height,
                    )
                    for visit in created
                ],
                batch_size=2000,
            )
            made = size
            # Page 10 at both sizes: a page's own cost. (A deep page costs its offset: page 400
            # of 20,000 reads past 10,000 rows, as any OFFSET pagination does.)
            middle = f"{visits_url}?page=10"
            results[size] = (
                _median_ms(client, page_url),
                _median_ms(client, visits_url),
                _median_ms(client, middle),
            )
            lines.append(f"| {size:,} | " + " | ".join(f"{t:.1f}" for t in results[size]) + " |")
        missed = []
        small, big = results[SIZES[0]], results[SIZES[1]]
        for name, a, b in zip(
            ("commitment page", "visits page 1", "visits page 10"), small, big, strict=True
        ):
            ratio = b / a if a else 0
            lines.append(f"{name}: {ratio:.2f}× at {SIZES[1]:,} against {SIZES[0]:,} (target ≤ 2×)")
            if ratio > 2:
                missed.append(name)
        return lines, missed
