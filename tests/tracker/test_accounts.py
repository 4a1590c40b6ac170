"""Accounts: sign-up language, rate limits on both login paths, two-factor before acting."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from commitments.permissions import is_poc_anywhere
from tests.conftest import enable_totp, totp_code
from tracker import permissions

pytestmark = pytest.mark.django_db

PASSWORD = "right-password-123"


def make_user(username="person", *, staff=False, superuser=False, verified=True):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, is_staff=staff, is_superuser=superuser
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


# --------------------------------------------------------------- sign-up, language, email


@pytest.mark.parametrize("language", ["en", "es"])
def test_sign_up_sends_a_verification_email_in_the_page_language(client, language):
    response = client.post(
        f"/{language}/accounts/signup/",
        {
            "email": "new@example.org",
            "username": "newcomer",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newcomer")
    assert user.language == language
    assert "_auth_user_id" not in client.session  # mandatory verification: not signed in yet
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    subject = mail.outbox[0].subject.lower()
    assert "confirme" in subject if language == "es" else "confirm" in subject


def test_sign_up_errors_are_shown_next_to_the_fields_and_input_is_kept(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "not-an-email", "username": "keepme", "password1": "short", "password2": "other"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="keepme"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_email_errors"' in html
    assert 'aria-describedby="id_email_errors"' in html


def test_login_by_emailed_code(client):
    make_user("coder")
    response = client.post("/en/accounts/login/code/", {"email": "coder@example.org"})
    assert response.status_code == 302
    code = re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", mail.outbox[0].body, re.MULTILINE)[0]
    response = client.post(response.headers["Location"], {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username="coder").pk)


def test_password_reset_and_email_change_pages_exist_in_both_languages(client):
    for language in ("en", "es"):
        assert client.get(f"/{language}/accounts/password/reset/").status_code == 200
    client.force_login(make_user())
    for language in ("en", "es"):
        response = client.get(f"/{language}/accounts/email/")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


# ------------------------------------------------------------------------- rate limits


def wrong_then_right(client, url: str, username: str) -> list:
    responses = [client.post(url, {"login": username, "password": f"wrong-{n}"}) for n in range(5)]
    responses.append(client.post(url, {"login": username, "password": PASSWORD}))
    return responses


def test_six_attempts_on_the_site_login_the_sixth_is_refused_even_with_the_right_password(client):
    make_user("target")
    responses = wrong_then_right(client, "/en/accounts/login/", "target")
    assert all(r.status_code == 200 for r in responses[:5])
    assert "_auth_user_id" not in client.session
    sixth = responses[5]
    assert sixth.status_code == 429 or "Too many failed login attempts" in sixth.content.decode()
    assert "_auth_user_id" not in client.session


def test_six_attempts_on_the_admin_login_path_the_sixth_is_refused_too(client):
    make_user("editor-target", staff=True)
    # The admin's login URL hands over to allauth's, keeping where the editor was going.
    login_url = client.get("/admin/").headers["Location"]
    login_url = client.get(login_url).headers.get("Location", login_url)
    assert login_url.startswith("/en/accounts/login/")
    responses = wrong_then_right(client, login_url, "editor-target")
    assert "_auth_user_id" not in client.session
    sixth = responses[5]
    assert sixth.status_code == 429 or "Too many failed login attempts" in sixth.content.decode()
    # And Wagtail's own login form does not sign anyone in.
    client.post("/admin/login/", {"username": "editor-target", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_failures_on_one_path_count_on_the_other(client):
    make_user("shared")
    for n in range(5):
        client.post("/es/accounts/login/", {"login": "shared", "password": f"wrong-{n}"})
    client.post("/en/accounts/login/?next=/admin/", {"login": "shared", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_production_keeps_rate_limits_in_the_shared_database_cache():
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.ACCOUNT_RATE_LIMITS['login_failed'], "
        "s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
            "DJANGO_SECRET_KEY": "x" * 60,
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "10/m/ip,5/5m/key",
        "1",
    ]


# ---------------------------------------------------------------------- two-factor


def test_who_must_have_two_factor():
    person = make_user("person")
    staff = make_user("staffer", staff=True)
    poc = make_user("poc")
    poc.groups.add(Group.objects.create(name="Ukraine POCs"))
    reviewer = make_user("reviewer")
    reviewer.groups.add(Group.objects.create(name="Ukraine forum"))
    # Forum reviewers too (issue 12): their approval changes the public record.
    assert [permissions.requires_two_factor(u) for u in (person, staff, poc, reviewer)] == [
        False,
        True,
        True,
        True,
    ]
    assert is_poc_anywhere(poc) and not is_poc_anywhere(reviewer)
    assert not permissions.has_two_factor(staff)
    enable_totp(staff)
    assert permissions.has_two_factor(staff)
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.requires_two_factor(AnonymousUser())
    assert not permissions.has_two_factor(AnonymousUser())


def confirm_password(client, response):
    """allauth asks for the password again before two-factor can be turned on."""
    assert response.redirect_chain[-1][0].startswith("/en/accounts/reauthenticate/")
    return client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/snippets/tracker/organisation/"])
def test_staff_without_two_factor_are_sent_to_set_it_up(client, path):
    make_user("staffer", staff=True, superuser=True)
    client.post("/en/accounts/login/", {"login": "staffer", "password": PASSWORD})
    response = client.get(path, follow=True)
    assert response.redirect_chain[0][0] == "/en/accounts/2fa/totp/activate/"
    assert "Set up two-factor authentication before you use the admin" in response.content.decode()
    response = confirm_password(client, response)
    assert response.redirect_chain[-1][0] == "/en/accounts/2fa/totp/activate/"
    assert 'class="qr-code"' in response.content.decode()


def test_poc_without_two_factor_is_sent_to_set_it_up(client):
    poc = make_user("poc")
    poc.groups.add(Group.objects.create(name="Ukraine POCs"))
    client.force_login(poc)
    assert client.get("/admin/").headers["Location"] == "/en/accounts/2fa/totp/activate/"


def test_staff_who_set_up_two_factor_reach_the_admin(client):
    staff = make_user("staffer", staff=True, superuser=True)
    client.post("/en/accounts/login/", {"login": "staffer", "password": PASSWORD})
    confirm_password(client, client.get("/admin/", follow=True))
    secret = client.session["mfa.totp.secret"]
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert permissions.has_two_factor(staff)
    assert client.get("/admin/").status_code == 200


def test_ordinary_people_are_not_asked_for_two_factor(client):
    client.force_login(make_user("person"))
    response = client.get("/admin/")
    # Not staff: Wagtail refuses, but nobody is sent to set up two-factor.
    assert "/2fa/" not in response.headers.get("Location", "")


# --------------------------------------------------------------------- preferences


def test_a_person_chooses_the_language_of_their_emails(client):
    user = make_user("chooser")
    client.force_login(user)
    page = client.get("/en/accounts/preferences/").content.decode()
    assert "Language of the emails we send you" in page
    response = client.post("/en/accounts/preferences/", {"language": "es"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "es"
    response = client.post("/en/accounts/preferences/", {"language": "xx"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    user.refresh_from_db()
    assert user.language == "es"


def test_preferences_need_a_signed_in_person_and_a_csrf_token(client):
    from django.test import Client

    assert (
        client.post("/en/accounts/preferences/", {"language": "es"})
        .headers["Location"]
        .startswith("/en/accounts/login/")
    )
    user = make_user("forged")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post("/en/accounts/preferences/", {"language": "es"}).status_code == 403
    user.refresh_from_db()
    assert user.language == "en"


def test_login_by_code_still_asks_staff_for_their_second_factor(client):
    staff = make_user("coded-staff", staff=True)
    enable_totp(staff)
    response = client.post("/en/accounts/login/code/", {"email": "coded-staff@example.org"})
    code = re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", mail.outbox[0].body, re.MULTILINE)[0]
    response = client.post(response.headers["Location"], {"code": code})
    assert response.headers["Location"].startswith("/en/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
