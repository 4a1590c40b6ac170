from django.core.management.base import BaseCommand

from peers.talk.notifications import send_peer_digests


class Command(BaseCommand):
    help = "Email the daily digests of followed questions (new answers) and networks (new questions)."

    def handle(self, *args, **options):
        sent = send_peer_digests()
        self.stdout.write(f"{sent} digest(s) sent")
