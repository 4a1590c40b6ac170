from django.core.management.base import BaseCommand, CommandError

from commitments.ogp.importer import ImportFileError, import_ogp_commitments


class Command(BaseCommand):
    help = (
        "Import OGP's commitment export (CSV): members, action plans, commitments, institutions, "
        "policy areas and IRM assessments. Running it again updates records and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV export, or - for standard input")
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, write nothing")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="skip rows that cannot be imported (reported as warnings) instead of refusing the file",
        )

    def handle(self, *args, file, dry_run, skip_invalid, verbosity, **options):
        try:
            report = import_ogp_commitments(file, dry_run=dry_run, skip_invalid=skip_invalid)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            for warning in report.warnings:
                self.stdout.write(f"warning: {warning}")
            self.stdout.write(report.changes)
            self.stdout.write(report.by_sector)
        self.stdout.write(report.summary)
