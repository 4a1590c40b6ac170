from django.core.management.base import BaseCommand

from tracker.tasks import worker_heartbeat


class Command(BaseCommand):
    help = "Enqueue the worker heartbeat task (run every minute: /readyz checks a worker ran it)."

    def handle(self, *args, **options):
        worker_heartbeat.enqueue()
