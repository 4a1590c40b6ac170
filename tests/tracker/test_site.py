"""Site-wide wiring: one login path, languages, settings."""

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_wagtail_admin_login_hands_over_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/accounts/login/?next=/admin/pages/"


def test_wagtail_admin_login_form_cannot_be_used_to_sign_in(client):
    get_user_model().objects.create_superuser("boss", "boss@example.org", "right-password-123")
    client.post("/admin/login/", {"username": "boss", "password": "right-password-123"})
    assert "_auth_user_id" not in client.session


def test_admin_sends_anonymous_visitors_to_the_allauth_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


def test_login_page_is_translated(client):
    english = client.get("/en/accounts/login/").content.decode()
    spanish = client.get("/es/accounts/login/").content.decode()
    assert '<html lang="en">' in english and '<html lang="es">' in spanish
    assert "Iniciar sesión" in spanish


def test_staff_signs_in_through_allauth_with_two_factor_and_reaches_the_admin(client):
    from allauth.account.models import EmailAddress

    from tests.conftest import enable_totp, totp_code

    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "right-password-123")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    enable_totp(user)
    response = client.post(
        "/en/accounts/login/?next=/admin/", {"login": "boss", "password": "right-password-123"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session  # the password alone does not sign in
    response = client.post(response.headers["Location"], {"code": totp_code()})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
