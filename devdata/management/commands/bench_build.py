"""Build the synthetic benchmark record in the bench database, or reuse the one already there.

Run by ``manage.py bench`` with ``DATABASE_URL=sqlite:///…/.bench/bench-<size>.sqlite3``; it
refuses any database outside ``.bench/`` because it deletes the file to rebuild it.

A marker file beside the database (``bench-<size>.json``) records what was built. The record is
reused while the builder (``BUILDER_VERSION`` and the source of ``devdata/synthetic*.py``),
the migrations on disk, the size and the seed are unchanged; otherwise, or with ``--rebuild``,
the database is deleted, migrated and built again, and Wagtail's search index is built (no
bench row searches yet; the explorer's ``q=`` needs it). On reuse the explorer's facts table is
refreshed anyway (a few seconds), so that changes to how facts are computed always count.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from devdata import synthetic, synthetic_plan, synthetic_words

from .bench import BENCH_DIR


def fingerprint(*, size: int, seed: int) -> str:
    """What the saved record depends on: the builder, every migration on disk, size and seed."""
    digest = hashlib.sha256(f"v{synthetic.BUILDER_VERSION}/{size}/{seed}".encode())
    for module in (synthetic, synthetic_plan, synthetic_words):
        digest.update(Path(module.__file__).read_bytes())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    base = Path(settings.BASE_DIR).resolve()
    for key in sorted(loader.disk_migrations):
        digest.update(f"{key[0]}.{key[1]}\n".encode())
        path = Path(sys.modules[type(loader.disk_migrations[key]).__module__].__file__).resolve()
        if base in path.parents and ".venv" not in path.parts:  # the project's own migrations
            digest.update(path.read_bytes())
    return digest.hexdigest()


def bench_database() -> Path:
    """The SQLite file the default database points at, which must be inside ``.bench/``."""
    if connection.vendor != "sqlite":
        raise CommandError("bench_build builds SQLite bench databases only (set DATABASE_URL=sqlite:///…).")
    path = Path(str(connection.settings_dict["NAME"])).resolve()
    if BENCH_DIR.resolve() not in path.parents:
        raise CommandError(f"Refusing to build into {path}: bench databases live in {BENCH_DIR}/.")
    return path


class Command(BaseCommand):
    help = "Build (or reuse) the synthetic record of --size commitments in the .bench/ database DATABASE_URL names."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, required=True, help="number of commitments")
        parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
        parser.add_argument(
            "--rebuild", action="store_true", help="build again even if the record is current"
        )

    def handle(self, *args, size: int, seed: int, rebuild: bool, **options):
        path = bench_database()
        marker_path = path.with_suffix(".json")
        wanted = fingerprint(size=size, seed=seed)
        marker = json.loads(marker_path.read_text()) if marker_path.exists() else {}
        if not rebuild and path.exists() and marker.get("fingerprint") == wanted:
            self.stdout.write(
                f"reusing {path.name}: {size:,} commitments built {marker['built_at']} "
                f"in {marker['build_seconds']:.1f} s"
            )
            facts = synthetic.facts_refresh(log=self.stdout.write)
            marker["facts_refresh_seconds_on_reuse"] = facts
            if marker.get("index_seconds") is None:
                marker["index_seconds"] = self._index()
            marker["reused"] = True
            marker_path.write_text(json.dumps(marker, indent=2))
            return

        reason = (
            "--rebuild"
            if rebuild
            else ("first build" if not path.exists() else "builder or migrations changed")
        )
        self.stdout.write(f"building {path.name} ({size:,} commitments, seed {seed}; {reason})")
        connection.close()
        for stale in [path, *(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))]:
            stale.unlink(missing_ok=True)
        marker_path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)

        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        migrate_seconds = time.perf_counter() - started
        self.stdout.write(f"migrated in {migrate_seconds:.1f} s")
        report = synthetic.build(commitments=size, seed=seed, log=lambda m: self.stdout.write(f"  {m}"))
        self.stdout.write(report.summary)
        index_seconds = self._index()
        marker_path.write_text(
            json.dumps(
                {
                    "fingerprint": wanted,
                    "size": size,
                    "seed": seed,
                    "builder_version": synthetic.BUILDER_VERSION,
                    "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    "migrate_seconds": round(migrate_seconds, 2),
                    "build_seconds": round(report.seconds, 2),
                    "facts_seconds": None if report.facts_seconds is None else round(report.facts_seconds, 2),
                    "index_seconds": index_seconds,
                    "counts": {
                        "members": report.members,
                        "action_plans": report.action_plans,
                        "commitments": report.commitments,
                        "milestones": report.milestones,
                        "stakeholder_roles": report.stakeholder_roles,
                        "irm_assessments": report.assessments,
                        "organisations": report.organisations,
                    },
                    "reused": False,
                },
                indent=2,
            )
        )

    def _index(self) -> float:
        """Wagtail's search index, for the explorer's free-text search (about 7 s at 20,000)."""
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        seconds = round(time.perf_counter() - started, 2)
        self.stdout.write(f"  search index built in {seconds:.1f} s")
        return seconds
