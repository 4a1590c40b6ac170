import time

from django.core.management.base import BaseCommand, CommandError

from commitments.ogp.importer import ImportFileError, import_ogp_commitments
from tracker.planner import refresh_statistics


class ProgressOutput:
    """How far an import is. On a terminal, one line redrawn in place: a bar, rows per second
    and the time left; otherwise (a log, a pipe) a plain line at every tenth of the rows."""

    WIDTH = 30

    def __init__(self, stream, *, terminal: bool, clock=time.monotonic):
        self.stream = stream
        self.terminal = terminal
        self.clock = clock
        self.started = clock()
        self.next_tenth = 1
        self.drawn_at = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = self.clock()
        if phase != "rows":
            self._end_bar(total)
            what = {"writing": "writing what {n:,} rows change", "indexing": "indexing the records written"}
            text = what.get(phase, phase).format(n=total)
            self.stream.write(f"{text} ({now - self.started:.1f} s so far)")
            return
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0.0
        if self.terminal:
            if done < total and now - self.drawn_at < 0.1:
                return
            self.drawn_at = now
            filled = self.WIDTH * done // total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(
                f"\r[{bar}] {done:,}/{total:,} rows  {rate:,.0f} rows/s  {left:.0f} s left",
                ending="",
            )
            self.stream.flush()
            return
        while done * 10 >= self.next_tenth * total and self.next_tenth <= 10:
            self.stream.write(
                f"rows: {self.next_tenth * 10}% ({done:,} of {total:,}, {rate:,.0f} rows/s, "
                f"about {left:.0f} s left)"
            )
            self.next_tenth += 1

    def _end_bar(self, total: int) -> None:
        if self.terminal and self.drawn_at:
            self.stream.write("")
            self.drawn_at = 0.0


class Command(BaseCommand):
    help = (
        "Import OGP's commitment export (CSV, or an .xlsx workbook): members, action plans, "
        "commitments, institutions, policy areas and IRM assessments. Running it again updates "
        "records and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV or .xlsx export, or - for CSV on standard input")
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, write nothing")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="skip rows that cannot be imported (reported as warnings) instead of refusing the file",
        )

    def handle(self, *args, file, dry_run, skip_invalid, verbosity, **options):
        progress = None
        if verbosity >= 1:
            progress = ProgressOutput(self.stdout, terminal=self.stdout.isatty())
        try:
            report = import_ogp_commitments(
                file, dry_run=dry_run, skip_invalid=skip_invalid, progress=progress
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if not dry_run:
            # A bulk load: the planner's statistics describe the tables before it (tracker.planner).
            refresh_statistics()
        if verbosity >= 1:
            for warning in report.warnings:
                self.stdout.write(f"warning: {warning}")
            self.stdout.write(report.changes)
        self.stdout.write(report.summary)
