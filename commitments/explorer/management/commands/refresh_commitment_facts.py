"""Recompute every commitment's explorer facts: after a release changes how a fact is derived
(say, the star), or to repair them. Safe to run at any time; the explorer's caches go stale."""

from django.core.management.base import BaseCommand

from ...facts import commitment_facts_refresh, new_facts_version


class Command(BaseCommand):
    help = "Recompute the explorer's facts (star, lateness, sectors…) of every commitment."

    def handle(self, *args, **options):
        written = commitment_facts_refresh()
        new_facts_version()
        self.stdout.write(f"facts refreshed: {written} commitments")
