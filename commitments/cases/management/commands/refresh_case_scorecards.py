from django.core.management.base import BaseCommand

from commitments.cases import scorecards


class Command(BaseCommand):
    help = (
        "Run every minute: refresh the stored responsiveness scorecards on which a deadline has "
        "passed since they were computed (a pending case became a missed one). --all recomputes "
        "every organisation's and member's scorecard (after a bulk load, or to repair)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="recompute every stored scorecard")

    def handle(self, *args, all=False, **options):
        if all:
            scorecards.scorecards_refresh_all()
            self.stdout.write("every scorecard refreshed")
            return
        refreshed = scorecards.scorecards_refresh_due()
        self.stdout.write(f"{refreshed} scorecards refreshed")
