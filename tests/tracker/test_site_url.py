"""One configured site address for absolute links, and the deploy check that guards it."""

from __future__ import annotations

import pytest

from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from tracker.mail import absolute_url as mail_absolute_url
from tracker.site_url import absolute_url, check_site_url


@override_settings(WAGTAILADMIN_BASE_URL="https://tracker.example.org/")
def test_absolute_links_come_from_the_configured_address():
    assert absolute_url("/en/explorer/") == "https://tracker.example.org/en/explorer/"
    # Emails use the same helper.
    assert mail_absolute_url("/es/") == "https://tracker.example.org/es/"


@pytest.mark.parametrize(
    ("url", "check_id"),
    [
        ("", "tracker.E001"),
        ("tracker.example.org", "tracker.E002"),
        ("http://localhost", "tracker.E003"),
        ("http://127.0.0.1:8000", "tracker.E003"),
        ("https://app.localhost/", "tracker.E003"),
        ("http://tracker.example.org", "tracker.W001"),
    ],
)
def test_the_deploy_check_refuses_a_missing_or_local_site_address(url, check_id):
    with override_settings(WAGTAILADMIN_BASE_URL=url):
        assert [message.id for message in check_site_url(None)] == [check_id]


@override_settings(WAGTAILADMIN_BASE_URL="https://tracker.example.org")
def test_the_deploy_check_accepts_a_public_https_address():
    assert check_site_url(None) == []


@override_settings(WAGTAILADMIN_BASE_URL="http://localhost")
def test_check_deploy_fails_on_a_localhost_site_address():
    with pytest.raises(SystemCheckError, match=r"tracker\.E003"):
        call_command("check", "--deploy", "--tag", "security")
