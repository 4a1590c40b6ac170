from django.core.management.base import BaseCommand

from commitments.cases import notifications


class Command(BaseCommand):
    help = (
        "Run daily: remind points of contact of feedback cases to acknowledge or answer before the "
        "deadline (each reminder once; see commitments.cases.notifications)."
    )

    def handle(self, *args, **options):
        sent = notifications.send_case_reminders()
        self.stdout.write(f"{sent} emails sent")
