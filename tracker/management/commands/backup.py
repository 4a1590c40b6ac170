from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup_create, default_backup_dir


class Command(BaseCommand):
    help = (
        "Back up the database and the files on disk (media, evidence) into a new directory, with a manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="where to write (default: backups/<UTC time>)")

    def handle(self, *args, directory=None, **options):
        target = Path(directory) if directory else default_backup_dir()
        try:
            manifest = backup_create(target)
        except (BackupError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['files'])} files to {target}"
        )
