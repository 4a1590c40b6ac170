"""Build the bulk download now, in this process (cron, or after a big import)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ...bulk import latest_ready, open_data_build
from ...conditional import data_version
from ...models import OpenDataDump


class Command(BaseCommand):
    help = "Build the open data download (gzipped JSON Lines of the whole public record)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-stale", action="store_true", help="Only when the record changed since the last build."
        )

    def handle(self, *args, if_stale: bool = False, **options):
        version = data_version()
        latest = latest_ready()
        if if_stale and latest is not None and latest.version == version:
            self.stdout.write(f"Open data is up to date: {latest.records} records, {latest.size} bytes.")
            return
        dump = open_data_build(OpenDataDump.objects.create(version=version))
        if dump.status != OpenDataDump.Status.READY:
            self.stderr.write(f"Open data failed: {dump.error}")
            raise SystemExit(1)
        self.stdout.write(f"Open data built: {dump.records} records, {dump.size} bytes.")
