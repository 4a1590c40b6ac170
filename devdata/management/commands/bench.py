"""``make bench``: build the synthetic record at each size, time the rows, print the verdict.

Each size has its own SQLite database, ``.bench/bench-<size>.sqlite3``, built once by
``bench_build`` and reused while the builder and the migrations are unchanged (``--rebuild``
builds again). ``bench_build`` and ``bench_measure`` run as child processes with
``DATABASE_URL`` pointing at that file, since Django reads the database from the environment
once per process. The tables go to stdout; everything, with build times, to
``.bench/results.json``.

Targets (from DESIGN.md, "Query budgets", and the explorer's issue): every row makes the same
number of queries at every size; every row's median at the largest size is within 2× of the
smallest; rows with a time target (the explorer: 60 ms warm, 100 ms for its cold first request
after a change) meet it at the largest size. Times are
wall-clock server times; the server process's CPU time is shown beside them, because on a busy
machine (tests running next to the bench) the wall clock also counts time spent waiting for a
core. ``--clock cpu`` judges by CPU time instead. The command exits 1 when a row fails or
misses a target (``--no-fail`` to report only).
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .bench_measure import PAGE_QUERY_BUDGET

BENCH_DIR = Path(settings.BASE_DIR) / ".bench"
DEFAULT_SIZES = (2000, 20000)
RATIO_TARGET = 2.0
CLOCKS = {"wall": "median_ms", "cpu": "cpu_median_ms"}
COLD_CLOCKS = {"wall": "cold_ms", "cpu": "cold_cpu_ms"}
# A row whose wall-clock median is this much above its CPU time waited for a core.
BUSY_FACTOR = 1.3


def database_path(size: int) -> Path:
    return BENCH_DIR / f"bench-{size}.sqlite3"


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def best_of(rounds: list[dict], key: str = "median_ms") -> dict:
    """One size's results over several rounds: each row from its fastest round (by ``key``).

    A row failed in any round fails; query counts that differ between rounds are an error too.
    """
    best = dict(rounds[0], rounds=len(rounds), load_by_round=[r.get("load") for r in rounds])
    rows = []
    for row in rounds[0]["rows"]:
        runs = [next(r for r in measured["rows"] if r["name"] == row["name"]) for measured in rounds]
        failed = next((r for r in runs if not r["ok"]), None)
        if failed:
            rows.append(failed)
            continue
        counts = {(r["queries_cold"], r["queries_warm"]) for r in runs}
        chosen = dict(min(runs, key=lambda r: r[key]))
        chosen["medians_by_round"] = [round(r["median_ms"], 1) for r in runs]
        for cold in COLD_CLOCKS.values():  # the cold request too: its best round
            measured = [r[cold] for r in runs if r.get(cold) is not None]
            if measured:
                chosen[cold] = min(measured)
        if len(counts) > 1:
            chosen["ok"] = False
            chosen["error"] = f"query counts differ between rounds: {sorted(counts)}"
        rows.append(chosen)
    best["rows"] = rows
    return best


def verdicts(results: dict[int, dict], key: str = "median_ms") -> list[dict]:
    """Per row: queries equal at every size, median ratio largest/smallest, time target."""
    sizes = sorted(results)
    small, large = sizes[0], sizes[-1]
    names = list(dict.fromkeys(row["name"] for size in sizes for row in results[size]["rows"]))
    out = []
    for name in names:
        per_size = {
            size: next((r for r in results[size]["rows"] if r["name"] == name), None) for size in sizes
        }
        a, b = per_size[small], per_size[large]
        failed = [size for size, r in per_size.items() if r is None or not r["ok"]]
        verdict: dict = {"name": name, "failed_at": failed, "ok": False}
        if not failed:
            queries = {(r["queries_cold"], r["queries_warm"]) for r in per_size.values()}
            verdict["queries_equal"] = len(queries) == 1
            budget = b.get("max_queries")
            verdict["max_queries"] = budget
            verdict["queries_ok"] = (
                None if budget is None else all(r["queries_cold"] <= budget for r in per_size.values())
            )
            verdict["ratio"] = b[key] / a[key] if a[key] else None
            verdict["wall_ratio"] = b["median_ms"] / a["median_ms"] if a["median_ms"] else None
            verdict["cpu_ratio"] = b["cpu_median_ms"] / a["cpu_median_ms"] if a["cpu_median_ms"] else None
            verdict["ratio_ok"] = verdict["ratio"] is not None and verdict["ratio"] <= RATIO_TARGET
            verdict["median_at_largest_ms"] = b[key]
            verdict["target_ms"] = b["target_ms"]
            verdict["target_ok"] = None if b["target_ms"] is None else b[key] <= b["target_ms"]
            cold_key = COLD_CLOCKS["cpu" if key == CLOCKS["cpu"] else "wall"]
            verdict["cold_at_largest_ms"] = b.get(cold_key)
            verdict["cold_target_ms"] = b.get("cold_target_ms")
            verdict["cold_target_ok"] = (
                None if b.get("cold_target_ms") is None else b[cold_key] <= b["cold_target_ms"]
            )
            verdict["ok"] = bool(
                verdict["queries_equal"]
                and verdict["queries_ok"] is not False
                and verdict["ratio_ok"]
                and verdict["target_ok"] is not False
                and verdict["cold_target_ok"] is not False
            )
        out.append(verdict)
    return out


class Command(BaseCommand):
    help = (
        "Benchmark the explorer, exports and pages at two sizes of synthetic data "
        "(.bench/bench-<size>.sqlite3, built once and reused); see README, 'Benchmark'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            default=",".join(str(s) for s in DEFAULT_SIZES),
            help="commitment counts, comma-separated (default 2000,20000); the ratio is largest/smallest",
        )
        parser.add_argument("--rebuild", action="store_true", help="build the bench databases again")
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--reps", type=int, default=30, help="timed warm requests per page row")
        parser.add_argument(
            "--rounds",
            type=int,
            default=2,
            help="measure every size this many times, alternating; keep the best",
        )
        parser.add_argument(
            "--clock", choices=sorted(CLOCKS), default="wall", help="judge the targets by wall or CPU time"
        )
        parser.add_argument("--only", default="", help="only rows whose name contains this text")
        parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
        parser.add_argument("--out", default=str(BENCH_DIR / "results.json"))

    def handle(self, *args, sizes, rebuild, seed, reps, rounds, clock, only, no_fail, out, **options):
        try:
            size_list = sorted({int(s) for s in sizes.split(",") if s.strip()})
        except ValueError as error:
            raise CommandError(f"--sizes: {error}") from error
        if not size_list:
            raise CommandError("--sizes: give at least one size")
        if rounds < 1:
            raise CommandError("--rounds: at least 1")
        key = CLOCKS[clock]
        BENCH_DIR.mkdir(exist_ok=True)
        manage = Path(settings.BASE_DIR) / "manage.py"
        seed_args = ["--seed", str(seed)] if seed is not None else []
        builds: dict[int, dict] = {}
        for size in size_list:
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"== build {size:,} commitments: {database_path(size)}")
            )
            command = [sys.executable, str(manage), "bench_build", "--size", str(size), *seed_args]
            self._run([*command, *(["--rebuild"] if rebuild else [])], size)
            builds[size] = json.loads(database_path(size).with_suffix(".json").read_text())

        # Sizes alternate round by round, and each row keeps its best round: a busy machine
        # (tests running beside the bench) slows one round, rarely all of them.
        measured: dict[int, list[dict]] = {size: [] for size in size_list}
        for round_number in range(1, rounds + 1):
            for size in size_list:
                self.stdout.write(
                    self.style.MIGRATE_HEADING(
                        f"== measure {size:,} commitments, round {round_number} of {rounds}"
                    )
                )
                path = BENCH_DIR / f"measure-{size}.json"
                path.unlink(missing_ok=True)
                command = [
                    sys.executable,
                    str(manage),
                    "bench_measure",
                    "--size",
                    str(size),
                    "--reps",
                    str(reps),
                ]
                self._run([*command, *seed_args, "--only", only, "--json", str(path)], size)
                measured[size].append(json.loads(path.read_text()))
        results = {size: best_of(measured[size], key) | {"build": builds[size]} for size in size_list}

        self.stdout.write("")
        self.stdout.write(self._report(results))
        table = verdicts(results, key) if len(size_list) > 1 else []
        if table:
            self.stdout.write("")
            self.stdout.write(self._verdict_table(results, table, clock))
        busy = sorted(
            {
                r["name"]
                for result in results.values()
                for r in result["rows"]
                if r["ok"] and r["cpu_median_ms"] and r["median_ms"] > BUSY_FACTOR * r["cpu_median_ms"]
            }
        )
        if busy and clock == "wall":
            loads = ", ".join(
                f"{size:,}: {'/'.join(_fmt(load[0], 1) if load else '?' for load in result['load_by_round'])}"
                for size, result in results.items()
            )
            self.stdout.write(
                self.style.WARNING(
                    f"\nThe machine was busy: {len(busy)} row(s) took over {BUSY_FACTOR:g}× their CPU time "
                    f"({', '.join(busy)}); load average by round {loads}. Run again on a quiet machine, "
                    "or judge by CPU time with BENCH_ARGS=--clock=cpu."
                )
            )
        Path(out).write_text(
            json.dumps(
                {
                    "run_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    "settings": os.environ.get("DJANGO_SETTINGS_MODULE", ""),
                    "clock": clock,
                    "targets": {
                        "queries": "equal at every size",
                        "page_queries": f"at most {PAGE_QUERY_BUDGET}, cold",
                        "ratio": RATIO_TARGET,
                    },
                    "sizes": {str(size): result for size, result in results.items()},
                    "verdicts": table,
                },
                indent=2,
            )
        )
        self.stdout.write(f"\nresults written to {out}")
        failed = [v["name"] for v in table if not v["ok"]] or [
            r["name"] for result in results.values() for r in result["rows"] if not r["ok"]
        ]
        if failed:
            message = f"{len(failed)} row(s) failed or missed a target: {', '.join(failed)}"
            if no_fail:
                self.stdout.write(self.style.WARNING(message))
            else:
                raise CommandError(message)
        else:
            self.stdout.write(self.style.SUCCESS("every row met its targets"))

    def _run(self, command: list[str], size: int) -> None:
        env = {
            **os.environ,
            "PAGE_CACHE_ENABLED": "false",
            "DATABASE_URL": f"sqlite:///{database_path(size)}",
        }
        self.stdout.flush()
        completed = subprocess.run(command, env=env, check=False)  # noqa: S603 - our own manage.py
        if completed.returncode:
            raise CommandError(f"{' '.join(command[1:3])} failed (exit {completed.returncode})")

    def _report(self, results: dict[int, dict]) -> str:
        lines = []
        for size, result in results.items():
            build = result["build"]
            how = (
                f"reused (built {build['built_at']} in {build['build_seconds']:.1f} s)"
                if build.get("reused")
                else (
                    f"built in {build['build_seconds']:.1f} s (+ migrate {build['migrate_seconds']:.1f} s, "
                    f"search index {_fmt(build.get('index_seconds'))} s)"
                )
            )
            lines.append(f"{size:,} commitments: {how}; facts rows {result['facts_rows']:,}")
        headers = [
            "row",
            "size",
            "q cold",
            "q warm",
            "cold ms",
            "cold cpu",
            "median ms",
            "p90 ms",
            "cpu ms",
            "reps",
        ]
        rows, errors = [], []
        names = list(dict.fromkeys(r["name"] for result in results.values() for r in result["rows"]))
        for name in names:
            for size, result in results.items():
                r = next((r for r in result["rows"] if r["name"] == name), None)
                if r is None:
                    continue
                if not r["ok"]:
                    errors.append(f"  [{len(errors) + 1}] {name} at {size:,}: {r['error']}")
                    rows.append([name, f"{size:,}", f"FAILED [{len(errors)}]", "", "", "", "", "", "", ""])
                    continue
                rows.append(
                    [
                        name,
                        f"{size:,}",
                        str(r["queries_cold"]),
                        str(r["queries_warm"]),
                        _fmt(r["cold_ms"]),
                        _fmt(r.get("cold_cpu_ms")),
                        _fmt(r["median_ms"]),
                        _fmt(r["p90_ms"]),
                        _fmt(r["cpu_median_ms"]),
                        str(r["reps"]),
                    ]
                )
        lines += ["", _table(headers, rows, right={1, 2, 3, 4, 5, 6, 7, 8, 9})]
        lines.append(
            "(q: queries; cold: the first request after clearing the cache (median of a few where the"
            " row has a cold target), wall clock and CPU; median, p90: warm requests, wall clock;"
            " cpu: median CPU time of the server process)"
        )
        return "\n".join(lines + errors)

    def _verdict_table(self, results: dict[int, dict], table: list[dict], clock: str) -> str:
        sizes = sorted(results)
        small, large = sizes[0], sizes[-1]
        mark = {True: "✓", False: "✗", None: ""}
        ratio = f"{large // 1000}k/{small // 1000}k" if small >= 1000 else f"{large}/{small}"
        headers = [
            "row",
            "queries equal",
            "query budget",
            f"{ratio} {clock}",
            f"≤ {RATIO_TARGET:g}×",
            "wall ratio" if clock == "cpu" else "cpu ratio",
            f"{clock} @{large:,}",
            "time target",
            f"cold {clock} @{large:,}",
            "cold target",
            "ok",
        ]
        rows = []
        for v in table:
            if v["failed_at"]:
                where = ", ".join(f"{s:,}" for s in v["failed_at"])
                rows.append([v["name"], f"failed at {where}", "", "", "", "", "", "", "", "", mark[False]])
                continue
            target = "" if v["target_ms"] is None else f"≤ {v['target_ms']:g} ms {mark[v['target_ok']]}"
            budget = "" if v.get("max_queries") is None else f"≤ {v['max_queries']} {mark[v['queries_ok']]}"
            cold_target = (
                ""
                if v["cold_target_ms"] is None
                else f"≤ {v['cold_target_ms']:g} ms {mark[v['cold_target_ok']]}"
            )
            rows.append(
                [
                    v["name"],
                    f"{'yes' if v['queries_equal'] else 'no'} {mark[v['queries_equal']]}",
                    budget,
                    _fmt(v["ratio"], 2),
                    mark[v["ratio_ok"]],
                    _fmt(v["wall_ratio"] if clock == "cpu" else v["cpu_ratio"], 2),
                    f"{_fmt(v['median_at_largest_ms'])} ms",
                    target,
                    f"{_fmt(v['cold_at_largest_ms'])} ms",
                    cold_target,
                    mark[v["ok"]],
                ]
            )
        return _table(headers, rows, right={3, 5, 6, 8})
