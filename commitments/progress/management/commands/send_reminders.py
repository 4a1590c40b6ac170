from django.core.management.base import BaseCommand

from commitments.progress import notifications


class Command(BaseCommand):
    help = "Run daily: send reminders (see commitments.progress.notifications)."

    def handle(self, *args, **options):
        sent = notifications.send_reminders()
        self.stdout.write(f"{sent} emails sent")
