from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and the files on disk with a backup made by `manage.py backup`, then check "
        "every table's count and digest and every file against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the data")

    def handle(self, *args, directory, yes, **options):
        source = Path(directory)
        if not (source / "manifest.json").exists():
            raise CommandError(f"{source} is not a backup (no manifest.json)")
        if not yes:
            try:
                answer = input("This replaces the database and the files. Type 'yes' to go on: ")
            except EOFError:  # no terminal (a script, a pipe that ended): a clear word, no traceback
                answer = ""
            if answer.strip() != "yes":
                raise CommandError("Nothing restored (answer 'yes', or pass --yes).")
        try:
            problems = backup_restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            raise CommandError("Restored, but it differs from the backup:\n" + "\n".join(problems))
        self.stdout.write(f"Restored {source}: every table and file matches the backup's manifest.")
