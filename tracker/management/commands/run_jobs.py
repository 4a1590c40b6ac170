from django.core.management.base import BaseCommand, CommandError

from tracker.jobs import PERIODS, run_period


class Command(BaseCommand):
    help = "Run the scheduled jobs of one period once (settings.SCHEDULED_JOBS); for cron or systemd timers."

    def add_arguments(self, parser):
        parser.add_argument("period", choices=PERIODS)

    def handle(self, *args, period, **options):
        results = run_period(period, stdout=self.stdout)
        for result in results:
            status = "ok" if result.ok else f"FAILED ({result.error})"
            self.stdout.write(f"{period} {result.command}: {status} in {result.seconds:.1f} s")
        failed = [result.command for result in results if not result.ok]
        if failed:
            raise CommandError(f"{len(failed)} of {len(results)} {period} jobs failed: {', '.join(failed)}")
