from django.core.management.base import BaseCommand

from tracker.task_workers import reclaim_orphaned_tasks


class Command(BaseCommand):
    help = (
        "Put back in the queue the background tasks whose worker died (run every minute; the "
        "workers started with task_worker also do it themselves)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="reports", help="the task backend (default: reports)")

    def handle(self, *args, backend: str, **options):
        for task_id in reclaim_orphaned_tasks(backend_name=backend):
            self.stdout.write(f"Put back task {task_id} (its worker died)")
