from django.core.management.base import BaseCommand

from commitments.progress import notifications


class Command(BaseCommand):
    help = "Run daily: send digests (see commitments.progress.notifications)."

    def handle(self, *args, **options):
        sent = notifications.send_digests()
        self.stdout.write(f"{sent} emails sent")
