"""Fill the change log with what commitment pages' published revisions changed before the log
existed (or before a page was first logged), so that older edits made in the admin show too."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ...revisions import change_log_from_revisions


class Command(BaseCommand):
    help = (
        "Add to the change log what consecutive published revisions of each commitment page "
        "changed before the page's first logged change. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ogp-id", help="Only this commitment (e.g. UA0087).")

    def handle(self, *args, ogp_id: str | None = None, **options):
        added = change_log_from_revisions(ogp_id=ogp_id)
        self.stdout.write(f"change log: {added} entries added from revisions")
