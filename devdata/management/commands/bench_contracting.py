"""``make bench``, contracting data: an OCDS release package of 100,000 releases imported with
``import_ocds`` into an empty database, with its time and peak memory.

The package (``devdata.synthetic_ocds``, five releases per process) is generated at bench time
in ``.bench/`` and never committed. Each size is imported by a child process into its own copy of
an empty, migrated SQLite database; the child reports wall-clock and CPU seconds and its peak
resident memory (the kernel's high-water mark, ``VmHWM``; ``resource.getrusage`` where /proc is
missing) and, at the smaller size, the peak of Python's own allocations (tracemalloc). Memory is
flat when the peak at the larger size is close to the smaller one's: the file is streamed, not
loaded.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.synthetic_ocds import write_release_package

from .bench import BENCH_DIR
from .bench_build import fingerprint

DEFAULT_SIZES = (10_000, 100_000)
EMPTY = BENCH_DIR / "contracting-empty.sqlite3"


def peak_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Time import_ocds on generated release packages (default 10,000 and 100,000 releases), with peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
        parser.add_argument(
            "--child", default="", help="(internal) import this file and print the figures as JSON"
        )
        parser.add_argument("--trace", action="store_true", help="(internal) also measure with tracemalloc")

    def handle(self, *args, sizes, child, trace, **options):
        if child:
            self._child(child, trace)
            return
        try:
            size_list = sorted({int(s) for s in sizes.split(",") if s.strip()})
        except ValueError as error:
            raise CommandError(f"--sizes: {error}") from error
        BENCH_DIR.mkdir(exist_ok=True)
        self._empty_database()
        results = []
        for size in size_list:
            package = BENCH_DIR / f"ocds-{size}.json"
            started = time.perf_counter()
            processes = write_release_package(package, releases=size)
            self.stdout.write(
                self.style.MIGRATE_HEADING(
                    f"== import_ocds {size:,} releases, {processes:,} processes ({package}, "
                    f"{package.stat().st_size / 1e6:.0f} MB, written in {time.perf_counter() - started:.1f} s)"
                )
            )
            database = BENCH_DIR / f"contracting-{size}.sqlite3"
            shutil.copyfile(EMPTY, database)
            # tracemalloc slows the import a few times: only at the smaller of two or more sizes.
            measured = self._measure(package, database, trace=len(size_list) > 1 and size == size_list[0])
            measured["size"] = size
            results.append(measured)
            self.stdout.write(
                f"   {measured['summary']}\n   {measured['wall_seconds']} s wall, {measured['cpu_seconds']} s CPU, "
                f"peak RSS {measured['peak_mb']} MB"
                + (
                    f", tracemalloc peak {measured['traced_peak_mb']} MB"
                    if "traced_peak_mb" in measured
                    else ""
                )
            )
            package.unlink()  # hundreds of MB: generated again next time
        (BENCH_DIR / "contracting-results.json").write_text(json.dumps(results, indent=2))
        if len(results) > 1:
            small, large = results[0], results[-1]
            self.stdout.write(
                f"peak memory {small['peak_mb']} MB at {small['size']:,} releases, {large['peak_mb']} MB at "
                f"{large['size']:,} ({large['size'] / small['size']:.0f}× the releases)"
            )

    def _empty_database(self) -> None:
        marker = EMPTY.with_suffix(".json")
        wanted = fingerprint(size=0, seed=0)
        if EMPTY.exists() and marker.exists() and json.loads(marker.read_text()).get("fingerprint") == wanted:
            return
        EMPTY.unlink(missing_ok=True)
        self.stdout.write(self.style.MIGRATE_HEADING(f"== migrate an empty database: {EMPTY}"))
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "migrate", "--verbosity", "0"]
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{EMPTY}"}
        if subprocess.run(command, env=env, check=False).returncode:  # noqa: S603 - our own manage.py
            raise CommandError("migrating the empty bench database failed")
        marker.write_text(json.dumps({"fingerprint": wanted}))

    def _measure(self, package: Path, database: Path, *, trace: bool) -> dict:
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "bench_contracting",
            "--child",
            str(package),
        ]
        if trace:
            command.append("--trace")
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
        self.stdout.flush()
        process = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
        if process.returncode:
            raise CommandError(f"the import of {package} failed (exit {process.returncode})")
        return json.loads(process.stdout.strip().splitlines()[-1])

    def _child(self, path: str, trace: bool) -> None:
        from commitments.contracting.importing import import_ocds

        settings.DEBUG = False  # as in production: no log of every query's SQL
        if trace:
            tracemalloc.start()
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_ocds(path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        figures = {
            "summary": report.summary,
            "wall_seconds": round(wall, 1),
            "cpu_seconds": round(cpu, 1),
            "peak_mb": round(peak_mb(), 1),
        }
        if trace:
            figures["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        self.stdout.write(json.dumps(figures))
