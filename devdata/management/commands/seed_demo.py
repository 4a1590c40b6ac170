from django.core.management.base import BaseCommand

from devdata.demo import seed_demo
from devdata.demo_contracting import seed_contracting_demo
from devdata.demo_fieldwork import seed_fieldwork
from devdata.demo_peers import seed_demo_peers
from devdata.demo_peers_talk import seed_demo_peers_talk
from devdata.demo_scores import seed_demo_scores
from tracker.planner import refresh_statistics


class Command(BaseCommand):
    help = (
        "Build the demo: OGP's sample import, plausible milestones, one account per role "
        "(passwords in the README). Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        seed_demo(log=self.stdout.write)
        seed_contracting_demo(log=self.stdout.write)
        seed_demo_scores(log=self.stdout.write)
        seed_demo_peers(log=self.stdout.write)
        seed_demo_peers_talk(log=self.stdout.write)
        seed_fieldwork(log=self.stdout.write)
        # A bulk load: the planner's statistics describe the tables before it (tracker.planner).
        refresh_statistics()
