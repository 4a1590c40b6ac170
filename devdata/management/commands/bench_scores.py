"""``make bench``, civil-society scores: the explorer with the new facets, and the commitment page
with 20 scores against the page with none, at 2,000 and 20,000 commitments.

For each size: the synthetic record ``bench_build`` makes (``.bench/bench-<size>.sqlite3``) is
copied to ``.bench/bench-scores-<size>.sqlite3`` (the other bench rows keep a record without
scores); a third of its commitments get published scores in one round per action plan (one to
three organisations each, some contesting a milestone), written in bulk, then the facts are
refreshed. The rows are timed with ``bench_measure``'s machinery in a child process per size.

Targets: the explorer's median at most 60 ms at every size with the civil-society facets; the
commitment page with 20 scores at most 1.5× the same page with none; equal query counts at
both sizes. Exits 1 when a target is missed (``--no-fail`` to report only).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .bench import BENCH_DIR, DEFAULT_SIZES, database_path

EXPLORER_TARGET_MS = 60.0
PAGE_RATIO_TARGET = 1.5
SCORED_PAGE_SCORES = 20


def scores_database(size: int) -> Path:
    return BENCH_DIR / f"bench-scores-{size}.sqlite3"


class Command(BaseCommand):
    help = "Benchmark the civil-society facets and the commitment page with scores (see module doc)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
        parser.add_argument("--reps", type=int, default=30)
        parser.add_argument("--no-fail", action="store_true")
        parser.add_argument(
            "--clock", choices=["wall", "cpu"], default="wall", help="judge the targets by wall or CPU time"
        )
        # Internal: what the child processes do, against the database DATABASE_URL names.
        parser.add_argument("--populate", action="store_true", help=argparse_hidden())
        parser.add_argument("--measure", dest="measure_json", help=argparse_hidden())

    def handle(self, *args, sizes, reps, no_fail, clock, populate, measure_json, **options):
        self.key = "cpu_median_ms" if clock == "cpu" else "median_ms"
        if populate:
            return self._populate()
        if measure_json:
            return self._measure(Path(measure_json), reps)
        manage = Path(settings.BASE_DIR) / "manage.py"
        results = {}
        for size in sorted(int(s) for s in sizes.split(",") if s.strip()):
            self.stdout.write(self.style.MIGRATE_HEADING(f"== scores bench at {size:,} commitments"))
            self._run([sys.executable, str(manage), "bench_build", "--size", str(size)], database_path(size))
            target = scores_database(size)
            shutil.copyfile(database_path(size), target)
            self._run([sys.executable, str(manage), "migrate", "--no-input", "-v", "0"], target)
            self._run([sys.executable, str(manage), "bench_scores", "--populate"], target)
            out = BENCH_DIR / f"measure-scores-{size}.json"
            self._run(
                [sys.executable, str(manage), "bench_scores", "--measure", str(out), "--reps", str(reps)],
                target,
            )
            results[size] = json.loads(out.read_text())
        ok = self._report(results)
        (BENCH_DIR / "results-scores.json").write_text(json.dumps(results, indent=2, default=str))
        if not ok and not no_fail:
            raise CommandError("a civil-society bench target was missed")

    def _run(self, command: list[str], database: Path) -> None:
        env = {**os.environ, "PAGE_CACHE_ENABLED": "false", "DATABASE_URL": f"sqlite:///{database}"}
        self.stdout.flush()
        if subprocess.run(command, env=env, check=False).returncode:  # noqa: S603 - our own manage.py
            raise CommandError(f"{' '.join(command[1:3])} failed")

    # -- the child processes ---------------------------------------------------------------------

    def _populate(self) -> None:
        from commitments.explorer.facts import commitment_facts_refresh
        from devdata.bench_scores import populate

        scored, page = populate(scored_page_scores=SCORED_PAGE_SCORES)
        commitment_facts_refresh()
        self.stdout.write(f"{scored:,} commitments scored; {page} has {SCORED_PAGE_SCORES} scores")

    def _measure(self, out: Path, reps: int) -> None:
        from django.test import Client
        from django.test.utils import override_settings

        from devdata.bench_scores import measured_rows

        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            out.write_text(json.dumps(measured_rows(Client(), reps=reps), default=str))

    def _report(self, results: dict[int, list[dict]]) -> bool:
        ok = True
        lines = ["row                                      size   q cold  q warm  median ms  cpu ms  verdict"]
        for size, rows in results.items():
            by_name = {row["name"]: row for row in rows}
            for row in rows:
                verdict = "ok" if row["ok"] else f"FAILED: {row['error']}"
                if row["ok"] and row["target_ms"] and row[self.key] > row["target_ms"]:
                    verdict, ok = f"over {row['target_ms']:.0f} ms", False
                ok = ok and row["ok"]
                lines.append(
                    f"{row['name']:<40} {size:>6,} {row['queries_cold'] or 0:>7} {row['queries_warm'] or 0:>7} "
                    f"{row['median_ms'] or 0:>10.1f} {row['cpu_median_ms'] or 0:>7.1f}  {verdict}"
                )
            scored, bare = (
                by_name.get("commitment page: 20 scores"),
                by_name.get("commitment page: no scores"),
            )
            if scored and bare and scored["ok"] and bare["ok"]:
                ratio = scored[self.key] / bare[self.key]
                cpu_ratio = scored["cpu_median_ms"] / bare["cpu_median_ms"]
                wall_ratio = scored["median_ms"] / bare["median_ms"]
                good = ratio <= PAGE_RATIO_TARGET
                ok = ok and good
                lines.append(
                    f"{'  20 scores / none':<40} {size:>6,} {'':>7} {'':>7} {wall_ratio:>9.2f}x {cpu_ratio:>6.2f}x  "
                    f"{'ok' if good else 'over'} (target {PAGE_RATIO_TARGET}x, judged by {self.key})"
                )
        sizes = sorted(results)
        if len(sizes) > 1:
            for name in [row["name"] for row in results[sizes[0]]]:
                counts = {
                    (row["queries_cold"], row["queries_warm"])
                    for size in sizes
                    for row in results[size]
                    if row["name"] == name
                }
                if len(counts) > 1:
                    ok = False
                    lines.append(f"{name}: query counts differ between sizes {sorted(counts)}")
        lines.append(f"measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
        self.stdout.write("\n".join(lines))
        return ok


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS
