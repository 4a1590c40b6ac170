"""What the three import commands share: arguments, the report line, exit 1 on a bad file, the
planner's statistics refreshed after a load."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tracker.planner import refresh_statistics

from .importing import ImportFileError


class ImportCommand(BaseCommand):
    importer = None  # import_ocds, import_oc4ids or import_bods (a staticmethod)

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the package (JSON) or JSON Lines file")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="skip invalid items (reported) instead of refusing the whole file",
        )

    def handle(self, *args, file, skip_invalid, verbosity, **options):
        def progress(phase: str, done: int) -> None:
            if verbosity >= 2:
                self.stdout.write(f"{phase}: {done:,}")

        try:
            report = self.importer(file, skip_invalid=skip_invalid, progress=progress)
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: no such file") from exc
        except ImportFileError as exc:
            raise CommandError("nothing was imported: " + "\n".join(exc.messages)) from exc
        # A bulk load: the planner's statistics describe the tables before it (tracker.planner).
        refresh_statistics()
        for message in report.skipped:
            self.stdout.write(f"skipped: {message}")
        self.stdout.write(report.summary)
