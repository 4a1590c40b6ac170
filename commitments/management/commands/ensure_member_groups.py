from django.core.management.base import BaseCommand

from commitments.models import MemberPage
from commitments.permissions import member_groups_ensure


class Command(BaseCommand):
    help = "Create or repair every member's POC and forum groups and their page permissions."

    def handle(self, *args, **options):
        count = 0
        for member in MemberPage.objects.order_by("code"):
            member_groups_ensure(member)
            count += 1
        self.stdout.write(f"groups ensured for {count} members")
