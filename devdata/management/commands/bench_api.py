"""``make bench``, the open API: the commitments list at each size (median per page of 100,
target at most 60 ms), its query count per page (the same at every size), the other list
endpoints' CPU time and queries per page, and the bulk download built from the whole record
(target at most 30 s at 20,000 commitments, memory flat). Wall and CPU time are both shown;
``--clock cpu`` judges the targets by CPU time (on a busy machine the wall clock also counts the
time spent waiting for a core).

Uses the synthetic databases ``manage.py bench`` builds (``.bench/bench-<size>.sqlite3``;
``bench_build`` is run first and reuses them). Each measurement runs in a child process with
``DATABASE_URL`` pointing at that size's file; the bulk build in a child of its own, so that its
peak resident memory (``VmHWM``) is the build's.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .bench import BENCH_DIR, database_path
from .bench_contracting import peak_mb

DEFAULT_SIZES = (2000, 20000)
PAGES = 20
PAGE_TARGET_MS = 60.0
# The other list endpoints, a few pages each (CPU time per page: the machine may be busy).
OTHER_ENDPOINTS = ("members", "plans", "milestones", "updates", "assessments", "organisations", "links")
OTHER_PAGES = 5
BULK_TARGET_S = 30.0


def measure_pages(pages: int) -> dict:
    from django.test.utils import override_settings

    # DEBUG off and 'testserver' allowed whatever the settings module says (as bench_measure);
    # no throttling while measuring.
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts, API_ANON_RATE=None):
        return _measure_pages(pages)


def _measure_pages(pages: int) -> dict:
    from django.core.cache import cache

    result = _walk("/api/v1/commitments/?page_size=100", pages)
    result["others"] = {
        name: _walk(f"/api/v1/{name}/?page_size=100", OTHER_PAGES) for name in OTHER_ENDPOINTS
    }
    cache.clear()
    return result


def _walk(url: str, pages: int) -> dict:
    """Follow ``pages`` pages of a list: median wall and CPU time per page, queries per page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(url)  # warm: site root paths, caches
    times, cpu, queries, count = [], [], set(), 0
    for _ in range(pages):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, HTTP_ACCEPT="application/json")
            body = response.json()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            raise CommandError(f"{url}: {response.status_code}")
        queries.add(len(captured))
        count += len(body["results"])
        url = body["next"]
        if not url:
            break
    return {
        "median_ms": statistics.median(times),
        "median_cpu_ms": statistics.median(cpu),
        "pages": len(times),
        "rows": count,
        "queries": sorted(queries),
    }


def measure_bulk() -> dict:
    from django.test.utils import override_settings

    with override_settings(DEBUG=False):
        return _measure_bulk()


def _measure_bulk() -> dict:
    from commitments.api.bulk import write

    before = peak_mb()
    handle, path = tempfile.mkstemp(suffix=".jsonl.gz")
    os.close(handle)
    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        records = write(path)
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - start_cpu
        size = os.path.getsize(path)
    finally:
        os.unlink(path)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "records": records,
        "bytes": size,
        "peak_mb": peak_mb(),
        "start_mb": before,
    }


class Command(BaseCommand):
    help = "Time the API's commitments list and the bulk download at 2k and 20k synthetic commitments."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
        parser.add_argument("--child", choices=["pages", "bulk"], help=argparse_help())
        parser.add_argument("--pages", type=int, default=PAGES)
        parser.add_argument(
            "--clock",
            choices=["wall", "cpu"],
            default="wall",
            help="judge the targets by wall or CPU time (CPU on a busy machine)",
        )

    def handle(self, *args, sizes, child, pages, clock, **options):
        if child == "pages":
            self.stdout.write(json.dumps(measure_pages(pages)))
            return
        if child == "bulk":
            self.stdout.write(json.dumps(measure_bulk()))
            return
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        results = {}
        for size in sorted(int(s) for s in sizes.split(",") if s.strip()):
            BENCH_DIR.mkdir(exist_ok=True)
            self._child([sys.executable, manage, "bench_build", "--size", str(size)], size, capture=False)
            page = json.loads(
                self._child(
                    [sys.executable, manage, "bench_api", "--child", "pages", "--pages", str(pages)], size
                )
            )
            bulk = json.loads(self._child([sys.executable, manage, "bench_api", "--child", "bulk"], size))
            results[size] = {"pages": page, "bulk": bulk}
            self.stdout.write(
                f"{size:>6,} commitments: list {page['median_ms']:.1f} ms median per page of 100 "
                f"({page['median_cpu_ms']:.1f} ms CPU; {page['pages']} pages, queries per page "
                f"{page['queries']}); bulk download {bulk['seconds']:.1f} s ({bulk['cpu_seconds']:.1f} s "
                f"CPU), {bulk['records']:,} records, {bulk['bytes'] / 1e6:.1f} MB, "
                f"peak memory {bulk['peak_mb']:.0f} MB (from {bulk['start_mb']:.0f} MB)"
            )
            self.stdout.write(
                "        other lists, CPU ms per page (queries): "
                + ", ".join(
                    f"{name} {other['median_cpu_ms']:.1f} ({'/'.join(map(str, other['queries']))})"
                    for name, other in page["others"].items()
                )
            )
        (BENCH_DIR / "api-results.json").write_text(json.dumps(results, indent=2))
        largest = results[max(results)]
        counts = {
            (tuple(r["pages"]["queries"]), *(tuple(o["queries"]) for o in r["pages"]["others"].values()))
            for r in results.values()
        }
        page_ms = largest["pages"]["median_cpu_ms" if clock == "cpu" else "median_ms"]
        bulk_s = largest["bulk"]["cpu_seconds" if clock == "cpu" else "seconds"]
        verdict = [
            (f"list median ≤ 60 ms per page ({clock})", page_ms <= PAGE_TARGET_MS),
            ("same queries per page at every size, on every list", len(counts) == 1),
            (f"bulk download ≤ 30 s ({clock})", bulk_s <= BULK_TARGET_S),
        ]
        for name, ok in verdict:
            self.stdout.write(f"{'ok  ' if ok else 'MISS'} {name}")

    def _child(self, command: list[str], size: int, capture: bool = True) -> str:
        env = {
            **os.environ,
            "PAGE_CACHE_ENABLED": "false",
            "DATABASE_URL": f"sqlite:///{database_path(size)}",
        }
        done = subprocess.run(command, env=env, check=False, capture_output=capture, text=True)  # noqa: S603
        if done.returncode:
            raise CommandError(f"{' '.join(command[2:4])} failed: {(done.stderr or '')[-2000:]}")
        return done.stdout if capture else ""


def argparse_help() -> str:
    return "internal: measure in this process (the parent sets DATABASE_URL)"
