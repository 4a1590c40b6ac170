"""``manage.py bench_peers`` (run by ``make bench``): the practice library at two sizes.

Sets up a throwaway test database, writes 2,000 synthetic commitments (devdata/synthetic.py)
and their facts, then 500 practices and later 5,000, each linked to one to four commitments,
tagged and indexed for search. At each size it times, over 15 requests after 3 warm-ups:

- the library, sorted by results (the default);
- the library filtered by a policy area and an OCDS stage;
- a search (Wagtail's database backend).

Targets: median ≤ 60 ms at 5,000 practices, and ≤ 2× the median at 500.
Exits 1 when a target is missed (``--no-fail`` to report only).
"""

from __future__ import annotations

import random
import statistics
import time
import uuid

from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from devdata import synthetic, synthetic_plan
from devdata.bench_command import ThrowawayDatabaseBench

SIZES = (500, 5000)
TARGET_MS = 60
RATIO = 2
WORDS = ["procurement", "budget", "beneficial", "contracting", "training", "portal", "audit", "data"]


def insert_practices(library, start: int, count: int, rng: random.Random) -> list:
    """``count`` published practices under ``library``, written in bulk (both tables), linked,
    tagged and added to the search index."""
    from wagtail.models import Locale, Page
    from wagtail.search.backends import get_search_backend

    from commitments.models import CommitmentPage, PolicyArea
    from peers.models import OcdsStage, PracticeCommitment, PracticePage

    locale = Locale.get_default()
    now = timezone.now()
    commitments = list(CommitmentPage.objects.values_list("pk", flat=True))
    areas = list(PolicyArea.objects.values_list("pk", flat=True))
    stages = list(OcdsStage.objects.values_list("pk", flat=True))
    pages = []
    for n in range(start, start + count):
        path = Page._get_path(library.path, library.depth + 1, n + 1)
        words = " ".join(rng.sample(WORDS, 3))
        slug = f"practice-{n}"
        pages.append(
            PracticePage(
                title=f"Practice {n}: {words}",
                draft_title=f"Practice {n}",
                slug=slug,
                path=path,
                depth=library.depth + 1,
                numchild=0,
                url_path=f"{library.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                translation_key=uuid.uuid4(),
                locale=locale,
                summary=f"What was done with {words}.",
                what_was_done=f"The team improved {words} for everyone.",
                language=rng.choice(["en", "es"]),
                countries=rng.choice(["AR", "MX,CO", "UA", "FR,GB"]),
            )
        )
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    fields = PracticePage._meta.local_concrete_fields
    for offset in range(0, len(pages), 200):
        PracticePage._base_manager._insert(pages[offset : offset + 200], fields=fields, using="default")
    Page.objects.filter(pk=library.pk).update(numchild=start + count)
    library.numchild = start + count
    links, tags, stage_tags = [], [], []
    for page in pages:
        for position, commitment in enumerate(rng.sample(commitments, rng.randint(1, 4))):
            links.append(
                PracticeCommitment(practice_id=page.pk, commitment_id=commitment, sort_order=position)
            )
        for area in rng.sample(areas, min(len(areas), 2)):
            tags.append(PracticePage.policy_areas.through(practicepage_id=page.pk, policyarea_id=area))
        stage_tags.append(
            PracticePage.ocds_stages.through(practicepage_id=page.pk, ocdsstage_id=rng.choice(stages))
        )
    PracticeCommitment.objects.bulk_create(links, batch_size=500)
    PracticePage.policy_areas.through.objects.bulk_create(tags, batch_size=500)
    PracticePage.ocds_stages.through.objects.bulk_create(stage_tags, batch_size=500)
    get_search_backend().add_bulk(
        PracticePage, list(PracticePage.objects.filter(pk__in=[p.pk for p in pages]))
    )
    return pages


class Command(ThrowawayDatabaseBench):
    help = "Time the practice library (list, filters, search) at 500 and 5,000 practices."

    rows = "peers"

    def _bench(self):
        from commitments.models import PolicyArea
        from peers.models import PeersIndexPage, PracticeLibraryPage
        from tracker.models import HomePage

        synthetic.write_record(
            synthetic_plan.plan_record(commitments=2000), seed=synthetic.DEFAULT_SEED, log=lambda m: None
        )
        synthetic.facts_refresh()
        home = HomePage.objects.get()
        index = home.add_child(instance=PeersIndexPage(title="Peers", slug="peers"))
        library = index.add_child(instance=PracticeLibraryPage(title="Practices", slug="practices"))
        area = PolicyArea.objects.order_by("pk").first()
        rng = random.Random(14)
        client = Client()
        translation.activate("en")
        queries = {
            "list, sorted by results": "",
            "filtered: policy area + stage": f"?policy_area={area.slug if area else ''}&stage=tender",
            "search: one word": "?q=procurement",
        }
        medians: dict[tuple[str, int], float] = {}
        written = 0
        for size in SIZES:
            insert_practices(library, written, size - written, rng)
            written = size
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            for name, query in queries.items():
                timings = []
                for attempt in range(18):
                    started = time.perf_counter()
                    response = client.get(f"/en/peers/practices/{query}")
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise CommandError(f"{name}: {response.status_code}")
                    if attempt >= 3:
                        timings.append(elapsed)
                medians[(name, size)] = statistics.median(timings)
        lines = ["", "Practice library (median of 15 requests, ms)", ""]
        lines.append(f"{'request':<34}" + "".join(f"{size:>10}" for size in SIZES) + f"{'ratio':>8}  target")
        missed = []
        reference = []
        for attempt in range(18):
            started = time.perf_counter()
            client.get("/en/")
            if attempt >= 3:
                reference.append((time.perf_counter() - started) * 1000)
        lines.append(f"{'(for scale: the home page)':<34}{'':>10}{statistics.median(reference):>10.1f}")
        for name in queries:
            small, large = (medians[(name, size)] for size in SIZES)
            ratio = large / small if small else 0
            ok = large <= TARGET_MS and ratio <= RATIO
            lines.append(
                f"{name:<34}{small:>10.1f}{large:>10.1f}{ratio:>8.2f}  ≤ {TARGET_MS} ms, ≤ {RATIO}× {'✓' if ok else '✗'}"
            )
            if not ok:
                missed.append(name)
        return lines, missed
