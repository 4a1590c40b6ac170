"""Measure the bench rows against the database DATABASE_URL names (built by ``bench_build``).

In process, with Django's test client: a row's server time is the client call, middleware,
view, template rendering and, for streamed responses, reading the whole body included. Run
with DEBUG off and 'testserver' allowed, whatever the settings module says, so templates and
caches behave as in production.

For each row: the whole cache is cleared and one **cold** request is timed, wall clock and CPU
(the explorer keeps its facet counts in the cache per data version; Wagtail keeps its site root
paths there);
its queries are counted; the response must be 200 with the expected content, or the row
fails. Then one more request counts the **warm** queries, a few warm-ups run, and ``reps``
timed warm requests give the median and the 90th percentile. Before any row, every row's URL
is requested once so that imports, URL resolution and template compilation are not charged
to the first row.

To add a row (a PDF report, say), append a ``BenchRow`` to ``ROWS``: a name, a function from
the ``BenchContext`` (the pages picked at every size) to a URL, the content type it must
answer with, and optionally its repetitions, a check of the body and a time target.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import logging
import os
import statistics
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from commitments.models import ActionPlanPage, CommitmentFacts, CommitmentPage, MemberPage
from devdata import synthetic, synthetic_plan

EXPORT_ROWS = synthetic_plan.EXPORT_MEMBERS * synthetic_plan.MEAN_MEMBER_SIZE


@dataclass(frozen=True)
class BenchContext:
    """What the rows point at: the same-shaped pages at every size."""

    member_url: str
    plan_url: str
    commitment_url: str
    member_code: str
    plan_id: str
    ogp_id: str
    export_members: tuple[str, ...]
    commitments: int

    @property
    def export_query(self) -> str:
        return urlencode([("member", code) for code in self.export_members])

    @classmethod
    def pick(cls, *, seed: int = synthetic.DEFAULT_SEED) -> BenchContext:
        """The first member (the same at every size), its first plan and that plan's first
        commitment; the members whose commitments add up to exactly 1,000."""
        codes = synthetic.export_member_codes(seed)
        member = MemberPage.objects.live().filter(code=codes[0]).first()
        if member is None:
            raise CommandError(f"No member {codes[0]}: is this a bench database built with seed {seed}?")
        plan = ActionPlanPage.objects.live().child_of(member).order_by("path").first()
        commitment = CommitmentPage.objects.live().child_of(plan).order_by("path").first()
        exported = CommitmentPage.objects.live().filter(facts__member__code__in=codes).count()
        in_tree = sum(
            CommitmentPage.objects.live().descendant_of(m).count()
            for m in MemberPage.objects.filter(code__in=codes)
        )
        if in_tree != EXPORT_ROWS:
            raise CommandError(
                f"The export members hold {in_tree} commitments, not {EXPORT_ROWS}: build a bigger record."
            )
        if exported != EXPORT_ROWS:
            raise CommandError(
                f"The facts table has {exported} commitments for the export members, not {EXPORT_ROWS}: "
                "is commitment_facts_refresh() run?"
            )
        return cls(
            member_url=_url(member),
            plan_url=_url(plan),
            commitment_url=_url(commitment),
            member_code=member.code,
            plan_id=plan.plan_id,
            ogp_id=commitment.ogp_id,
            export_members=tuple(codes),
            commitments=CommitmentPage.objects.live().count(),
        )


def _url(page) -> str:
    url = page.get_url()
    if not url:
        raise CommandError(f"{page} has no URL: is the default site's root the home page?")
    return url if url.startswith("/en/") else f"/en{url}"


Check = Callable[[bytes], str | None]


def _csv_rows(expected: int) -> Check:
    def check(body: bytes) -> str | None:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        return None if len(rows) - 1 == expected else f"{len(rows) - 1} data rows, expected {expected}"

    return check


def _xlsx_rows(expected: int) -> Check:
    def check(body: bytes) -> str | None:
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        except Exception as error:  # any unreadable file fails the row
            return f"not a readable workbook ({error})"
        rows = sum(1 for _ in sheet.iter_rows(values_only=True))
        return None if rows - 1 == expected else f"{rows - 1} data rows, expected {expected}"

    return check


def _contains(text: Callable[[BenchContext], str]) -> Callable[[BenchContext], Check]:
    def make(context: BenchContext) -> Check:
        wanted = text(context)

        def check(body: bytes) -> str | None:
            return None if wanted.encode() in body else f"{wanted!r} not in the page"

        return check

    return make


@dataclass(frozen=True)
class BenchRow:
    name: str
    url: Callable[[BenchContext], str]
    content_type: str = "text/html"
    reps: int | None = None  # None: the command's --reps
    check: Callable[[BenchContext], Check] | None = None  # run on the cold response's body
    target_ms: float | None = None  # the median must stay under this at the largest size
    group: str = "page"
    cold_target_ms: float | None = None  # the cold request must stay under this at the largest size
    max_queries: int | None = None  # the cold request's queries must stay within this at every size


EXPLORER_TARGET_MS = 60.0
# Issue 17: member, plan and commitment pages in at most 12 queries, cache cleared.
PAGE_QUERY_BUDGET = 12
# At least 10,000 rows a second (issue 17): 1,000 rows in 100 ms.
EXPORT_CSV_TARGET_MS = 100.0
# The first request after any change (every approval is one): issue 17, "Faster where it is slow".
EXPLORER_COLD_TARGET_MS = 100.0
COLD_REPS = 5  # cold requests timed for a row with a cold target
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ROWS: list[BenchRow] = [
    BenchRow(
        "explorer: first page",
        lambda c: "/en/commitments/",
        check=_contains(lambda c: "0001"),
        target_ms=EXPLORER_TARGET_MS,
        cold_target_ms=EXPLORER_COLD_TARGET_MS,
        group="explorer",
    ),
    BenchRow(
        "explorer: page 50",
        lambda c: "/en/commitments/?page=50",
        target_ms=EXPLORER_TARGET_MS,
        cold_target_ms=EXPLORER_COLD_TARGET_MS,
        group="explorer",
    ),
    BenchRow(
        "explorer: 3 filters",
        lambda c: "/en/commitments/?region=Europe&completion=substantial&late=any",
        target_ms=EXPLORER_TARGET_MS,
        cold_target_ms=EXPLORER_COLD_TARGET_MS,
        group="explorer",
    ),
    BenchRow(
        "explorer: text search",
        lambda c: "/en/commitments/?q=procurement",
        target_ms=EXPLORER_TARGET_MS,
        cold_target_ms=EXPLORER_COLD_TARGET_MS,
        group="explorer",
    ),
    BenchRow(
        "export: 1,000 rows CSV",
        lambda c: f"/en/commitments/export.csv?{c.export_query}",
        content_type="text/csv",
        reps=10,
        check=lambda c: _csv_rows(EXPORT_ROWS),
        target_ms=EXPORT_CSV_TARGET_MS,
        group="export",
    ),
    BenchRow(
        "export: 1,000 rows XLSX",
        lambda c: f"/en/commitments/export.xlsx?{c.export_query}",
        content_type=XLSX,
        reps=5,
        check=lambda c: _xlsx_rows(EXPORT_ROWS),
        group="export",
    ),
    BenchRow(
        "member page",
        lambda c: c.member_url,
        check=_contains(lambda c: c.plan_id),
        max_queries=PAGE_QUERY_BUDGET,
    ),
    BenchRow(
        "action plan page",
        lambda c: c.plan_url,
        check=_contains(lambda c: c.ogp_id),
        max_queries=PAGE_QUERY_BUDGET,
    ),
    BenchRow(
        "commitment page",
        lambda c: c.commitment_url,
        check=_contains(lambda c: c.ogp_id),
        max_queries=PAGE_QUERY_BUDGET,
    ),
]


@dataclass
class RowResult:
    name: str
    url: str
    group: str
    target_ms: float | None
    max_queries: int | None = None
    ok: bool = False
    error: str = ""
    queries_cold: int | None = None
    queries_warm: int | None = None
    cold_ms: float | None = None
    cold_cpu_ms: float | None = None  # the cold request's CPU time in this process (SQLite's included)
    cold_target_ms: float | None = None
    median_ms: float | None = None
    p90_ms: float | None = None
    cpu_median_ms: float | None = None  # this process's CPU time: less sensitive to a busy machine
    reps: int = 0
    bytes: int = 0


class RowFailed(Exception):
    pass


def _get(client: Client, url: str):
    """One request, its body read in full (streamed responses included)."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _timed(client: Client, url: str):
    """Wall-clock ms, CPU ms of this process, the response and its body."""
    started, cpu_started = time.perf_counter(), time.process_time()
    response, body = _get(client, url)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000, response, body


def _verify(row: BenchRow, context: BenchContext, url: str, response, body: bytes) -> None:
    if response.status_code != 200:
        raise RowFailed(f"{url} answered {response.status_code}")
    if not body:
        raise RowFailed(f"{url} answered 200 with an empty body")
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(row.content_type):
        raise RowFailed(f"{url} answered {content_type!r}, expected {row.content_type!r}")
    if row.check:
        problem = row.check(context)(body)
        if problem:
            raise RowFailed(f"{url}: {problem}")


def measure_row(
    row: BenchRow, context: BenchContext, *, client: Client, reps: int, warmup: int = 3
) -> RowResult:
    url = row.url(context)
    result = RowResult(
        name=row.name,
        url=url,
        group=row.group,
        target_ms=row.target_ms,
        cold_target_ms=row.cold_target_ms,
        max_queries=row.max_queries,
    )
    try:
        gc.collect()
        for cache in caches.all():
            cache.clear()
        # Counted as soon as each block ends: the captured list is a view of the connection's
        # query log, which the next request empties.
        with CaptureQueriesContext(connection) as captured:
            result.cold_ms, result.cold_cpu_ms, response, body = _timed(client, url)
        result.queries_cold = len(captured)
        _verify(row, context, url, response, body)
        with CaptureQueriesContext(connection) as captured:
            _get(client, url)
        result.queries_warm = len(captured)
        if row.cold_target_ms is not None:
            # A row judged on its cold request: the median of a few, each after clearing the cache.
            colds = [(result.cold_ms, result.cold_cpu_ms)]
            for _ in range(COLD_REPS - 1):
                for cache in caches.all():
                    cache.clear()
                colds.append(_timed(client, url)[:2])
            result.cold_ms = statistics.median(wall for wall, _cpu in colds)
            result.cold_cpu_ms = statistics.median(cpu for _wall, cpu in colds)
        for _ in range(warmup):
            _get(client, url)
        timed = [_timed(client, url)[:2] for _ in range(reps)]
    except RowFailed as failure:
        result.error = str(failure)
        return result
    except Exception as error:  # a broken view fails its row, not the bench
        frame = traceback.extract_tb(error.__traceback__)[-1]
        result.error = (
            f"{type(error).__name__}: {error} ({Path(frame.filename).name}:{frame.lineno}) at {url}"
        )
        return result
    result.ok = True
    times = [wall for wall, _cpu in timed]
    result.median_ms = statistics.median(times)
    result.p90_ms = statistics.quantiles(times, n=10, method="inclusive")[-1] if len(times) > 1 else times[0]
    result.cpu_median_ms = statistics.median(cpu for _wall, cpu in timed)
    result.reps = len(times)
    result.bytes = len(body)
    return result


class Command(BaseCommand):
    help = "Time the bench rows against the bench database DATABASE_URL names (see manage.py bench)."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, required=True, help="the record's size, for the report")
        parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
        parser.add_argument("--reps", type=int, default=30, help="timed warm requests per row (default 30)")
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument("--only", default="", help="only rows whose name contains this text")
        parser.add_argument("--json", dest="json_path", help="write the results here")

    def handle(self, *args, size, seed, reps, warmup, only, json_path, **options):
        # A failing view is reported once, as its row's error, not as a logged traceback.
        logging.getLogger("django.request").setLevel(logging.CRITICAL)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            context = BenchContext.pick(seed=seed)
            if context.commitments != size:
                self.stderr.write(
                    f"WARNING: the database holds {context.commitments} commitments, not {size}"
                )
            facts = CommitmentFacts.objects.count()
            rows = [row for row in ROWS if only.lower() in row.name.lower()]
            client = Client()
            for row in rows:  # imports, URL resolution, template compilation: not the first row's cost
                with contextlib.suppress(Exception):  # reported when the row is measured
                    _get(client, row.url(context))
            results = []
            for row in rows:
                result = measure_row(row, context, client=client, reps=row.reps or reps, warmup=warmup)
                results.append(result)
                if result.ok:
                    self.stdout.write(
                        f"  {size:>6,}  {row.name:<26} {result.queries_cold:>3}/{result.queries_warm:<3} queries  "
                        f"cold {result.cold_ms:7.1f} ms (cpu {result.cold_cpu_ms:6.1f})  "
                        f"median {result.median_ms:7.1f} ms  "
                        f"p90 {result.p90_ms:7.1f} ms  cpu {result.cpu_median_ms:7.1f} ms  "
                        f"({result.reps} reps, {result.bytes:,} bytes)"
                    )
                else:
                    self.stdout.write(
                        self.style.ERROR(f"  {size:>6,}  {row.name:<26} FAILED: {result.error}")
                    )
        if json_path:
            Path(json_path).write_text(
                json.dumps(
                    {
                        "size": size,
                        "commitments": context.commitments,
                        "facts_rows": facts,
                        "load": [round(x, 2) for x in os.getloadavg()],  # 1, 5, 15 minutes, at the end
                        "picked": {
                            "member": context.member_code,
                            "action_plan": context.plan_id,
                            "commitment": context.ogp_id,
                            "export_members": list(context.export_members),
                        },
                        "rows": [asdict(r) for r in results],
                    },
                    indent=2,
                )
            )
