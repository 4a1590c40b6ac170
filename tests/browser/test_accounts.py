"""Account and organisation pages in a real browser: axe-core (WCAG 2.2 AA) in both languages,
and a staff member signing in with two-factor."""

from __future__ import annotations

import pytest

from tests.browser.conftest import WCAG_22_AA
from tests.conftest import enable_totp, ensure_home_and_site, totp_code

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-1"

VISITOR_PAGES = {
    "sign in": "/accounts/login/",
    "sign up": "/accounts/signup/",
    "password reset": "/accounts/password/reset/",
    "password reset sent": "/accounts/password/reset/done/",
    "sign-in code": "/accounts/login/code/",
    "verification sent": "/accounts/confirm-email/",
    "organisations": "/organisations/",
}
PERSON_PAGES = {
    "email": "/accounts/email/",
    "password change": "/accounts/password/change/",
    "two-factor": "/accounts/2fa/",
    "preferences": "/accounts/preferences/",
    "confirm access": "/accounts/reauthenticate/",
    "sign out": "/accounts/logout/",
    "organisations, signed in": "/organisations/",
    "organisations, searched": "/organisations/?q=Watch",
    "ask to join": "/organisations/{b}/join/",
    "requests": "/organisations/requests/",
    "members": "/organisations/{a}/members/",
}


@pytest.fixture
def world(live_server):
    from allauth.account.models import EmailAddress

    from django.contrib.auth import get_user_model

    from tracker.models import Membership, MembershipRequest, Organisation, Sector

    ensure_home_and_site()
    User = get_user_model()
    a = Organisation.objects.create(name="Transparency Watch", sector=Sector.CIVIL_SOCIETY, country="UA")
    b = Organisation.objects.create(name="Ministry of Finance", sector=Sector.GOVERNMENT, country="UA")
    people = {}
    for username, staff in (("orgadmin", False), ("applicant", False), ("boss", True)):
        user = User.objects.create_user(
            username, f"{username}@example.org", PASSWORD, is_staff=staff, is_superuser=staff
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        people[username] = user
    Membership.objects.create(user=people["orgadmin"], organisation=a, role=Membership.Role.ADMIN)
    MembershipRequest.objects.create(user=people["applicant"], organisation=a, message="Hello there")
    return {"url": live_server.url, "a": a, "b": b, "people": people}


def sign_in(page, site: str, username: str, language: str = "en") -> None:
    page.goto(f"{site}/{language}/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def check(page, axe, reports, name, language, status=200):
    assert page.locator("html").get_attribute("lang") == language, (name, page.url)
    results = axe.run(page, options=WCAG_22_AA)
    if results.violations_count:
        reports.append(f"{name} ({language}) {page.url}\n{results.generate_report()}")


def test_every_account_page_has_no_axe_violations_in_either_language(world, browser, axe):
    site, reports = world["url"], []
    for language in ("en", "es"):
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        for name, path in VISITOR_PAGES.items():
            response = page.goto(f"{site}/{language}{path}")
            assert response.status == 200, (name, language)
            check(page, axe, reports, name, language)
        page.goto(f"{site}/{language}/accounts/login/code/")
        page.locator("#id_email").fill("applicant@example.org")
        page.locator("form.form button:not([form])").click()
        page.locator("#id_code").wait_for()
        check(page, axe, reports, "enter the sign-in code", language)
        # Forms with errors: the error summary and the fields' messages.
        page.goto(f"{site}/{language}/accounts/signup/")
        page.locator("#id_email").fill("not-an-email")
        page.locator("#id_password1").fill("short")
        page.locator("form.form button[type=submit]").click()
        page.locator(".field__errors").first.wait_for()
        check(page, axe, reports, "sign up with errors", language)
        page.goto(f"{site}/{language}/accounts/login/")
        page.locator("#id_login").fill("orgadmin")
        page.locator("#id_password").fill("wrong-password")
        page.locator("form.form button[type=submit]").click()
        page.locator(".form-errors").wait_for()
        check(page, axe, reports, "sign in with errors", language)

        sign_in(page, site, "orgadmin", language)
        for name, path in PERSON_PAGES.items():
            path = path.format(a=world["a"].pk, b=world["b"].pk)
            response = page.goto(f"{site}/{language}{path}")
            assert response.status == 200, (name, language)
            check(page, axe, reports, name, language)
        # Turning on two-factor: confirm the password, then the QR code page.
        page.goto(f"{site}/{language}/accounts/2fa/totp/activate/")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form.form button[type=submit]").click()
        page.locator("img.qr-code").wait_for()
        check(page, axe, reports, "activate two-factor", language)
        context.close()
    assert not reports, "\n\n".join(reports)


def test_staff_sign_in_with_two_factor_and_reach_the_admin(world, page, axe):
    site = world["url"]
    enable_totp(world["people"]["boss"])
    page.goto(site + "/admin/")
    assert "/en/accounts/login/" in page.url
    page.locator("#id_login").fill("boss")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    reports: list[str] = []
    check(page, axe, reports, "two-factor code", "en")
    assert not reports, "\n\n".join(reports)
    page.locator("#id_code").fill(totp_code())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(site + "/admin/")
    assert page.get_by_role("heading", level=1).count() >= 1


def test_an_org_admin_approves_a_request_in_the_browser(world, page):
    from tracker.models import Membership

    site = world["url"]
    sign_in(page, site, "orgadmin")
    page.goto(site + "/en/organisations/requests/")
    page.get_by_label("Role").select_option("member")
    page.get_by_role("button", name="Approve applicant").click()
    page.get_by_text("applicant is now a member of Transparency Watch.").wait_for()
    assert Membership.objects.filter(user__username="applicant", organisation=world["a"]).exists()


def test_two_factor_pages_of_someone_who_has_it_have_no_axe_violations(world, browser, axe):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    site, reports = world["url"], []
    boss = world["people"]["boss"]
    enable_totp(boss)
    RecoveryCodes.activate(boss)
    for language in ("en", "es"):
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, site, "boss", language)
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        check(page, axe, reports, "two-factor code", language)
        page.locator("#id_code").fill("00000000")
        page.locator("form.form button:not([form])").click()
        page.locator(".field__errors").wait_for()
        check(page, axe, reports, "two-factor code, wrong", language)
        # A recovery code signs in too (and is used up).
        page.locator("#id_code").fill(
            RecoveryCodes(boss.authenticator_set.get(type="recovery_codes")).get_unused_codes()[0]
        )
        page.locator("form.form button:not([form])").click()
        page.wait_for_url(lambda url: "/accounts/" not in url)
        for name, path in {
            "two-factor, on": "/accounts/2fa/",
            "recovery codes": "/accounts/2fa/recovery-codes/",
        }.items():
            page.goto(f"{site}/{language}{path}")
            check(page, axe, reports, name, language)
        context.close()
    assert not reports, "\n\n".join(reports)
