from django.core.management.base import BaseCommand

from devdata.demo import seed_demo
from devdata.demo_fieldwork import seed_fieldwork


class Command(BaseCommand):
    help = (
        "Build the demo: OGP's sample import, plausible milestones, one account per role "
        "(passwords in the README). Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        seed_demo(log=self.stdout.write)
        seed_fieldwork(log=self.stdout.write)
