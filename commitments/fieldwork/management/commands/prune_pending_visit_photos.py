from django.core.management.base import BaseCommand

from commitments.fieldwork.pending import pending_prune


class Command(BaseCommand):
    help = "Run daily: remove the photos kept from visit forms that were never sent again (older than a day)."

    def handle(self, *args, **options):
        self.stdout.write(f"{pending_prune()} pending photos removed")
