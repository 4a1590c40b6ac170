"""What every benchmark that builds its own throwaway database does around its measurements.

A subclass says what it times (``rows``, for the closing line) and implements ``_bench()``,
returning its report lines and the rows that missed their targets. The databases are the test
runner's throwaway ones, so a benchmark never touches the site's own; the anonymous page cache
is off, so the views themselves are timed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings, setup_databases, teardown_databases


class ThrowawayDatabaseBench(BaseCommand):
    rows = "benchmark"

    def add_arguments(self, parser):
        parser.add_argument("--no-fail", action="store_true")

    def handle(self, *args, no_fail, **options):
        old = setup_databases(verbosity=0, interactive=False)
        try:
            with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, PAGE_CACHE_ENABLED=False):
                lines, missed = self._bench()
        finally:
            teardown_databases(old, verbosity=0)
        self.stdout.write("\n".join(lines))
        if missed and not no_fail:
            raise CommandError(f"missed: {', '.join(missed)}")
        if not missed:
            self.stdout.write(self.style.SUCCESS(f"every {self.rows} row met its target"))

    def _bench(self) -> tuple[list[str], list[str]]:
        raise NotImplementedError
