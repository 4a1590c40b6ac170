from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo staff accounts (the public demo secret "
        "that seed_demo gives them), for trying the demo without an authenticator app."
    )

    def handle(self, *args, **options):
        import time

        from allauth.mfa import app_settings

        from devdata.demo import DEMO_TOTP_SECRET

        counter = int(time.time()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
