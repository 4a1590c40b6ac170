"""``manage.py prune_reports [--days 30]``: remove superseded and failed PDF reports (cron)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from reports.maintenance import reports_prune
from reports.spreadsheets import spreadsheets_prune


class Command(BaseCommand):
    help = (
        "Remove PDF reports older than --days that are superseded by a newer ready report of the "
        "same page and language, or that failed, with their files. The newest ready report of "
        "each page and language and every report being made are kept. Spreadsheet exports older "
        "than --days go too, unless being made."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="grace period in days (default 30)")

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        deleted = reports_prune(older_than=datetime.timedelta(days=days))
        spreadsheets = spreadsheets_prune(older_than=datetime.timedelta(days=days))
        self.stdout.write(f"pruned: reports={deleted} spreadsheets={spreadsheets}")
