from django.core.management.base import BaseCommand

from commitments import notifications


class Command(BaseCommand):
    help = "Run daily: send reminders (see commitments.notifications)."

    def handle(self, *args, **options):
        sent = notifications.send_reminders()
        self.stdout.write(f"{sent} emails sent")
