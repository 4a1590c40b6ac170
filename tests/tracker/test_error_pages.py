"""The error pages: in the site's layout, in the visitor's language, with a way back; the 500
page even with the database down. DEBUG is False under test, as in production."""

from __future__ import annotations

from unittest import mock

import pytest

from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings
from django.urls import path

from tracker import urls as site_urls

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_debug(settings):
    """As in production (Django's test runner sets it so too; said here so it stays so)."""
    settings.DEBUG = False


# Per language: the page's <html lang>, the way back, and each error's title.
TEXTS = {
    "en": {
        "back": "Go to the home page",
        "explorer": "Search and filter commitments in the explorer",
        400: "Bad request",
        403: "You cannot open this page",
        404: "Page not found",
        429: "Too many attempts",
        500: "Something went wrong on our side",
    },
    "es": {
        "back": "Ir a la página de inicio",
        "explorer": "Buscar y filtrar compromisos en el explorador",
        400: "Solicitud incorrecta",
        403: "No puede abrir esta página",
        404: "Página no encontrada",
        429: "Demasiados intentos",
        500: "Algo ha fallado por nuestra parte",
    },
}


def assert_error_page(response, status: int, language: str):
    html = response.content.decode()
    texts = TEXTS[language]
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert f"<h1>{texts[status]}</h1>" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html  # the site's layout
    assert f'<a href="/{language}/">{texts["back"]}</a>' in html
    assert f'<a href="/{language}/commitments/">{texts["explorer"]}</a>' in html
    # The other language's titles are not there (the page is wholly in one language).
    other = "es" if language == "en" else "en"
    assert TEXTS[other][status] not in html


def failing_view(request):
    raise RuntimeError("boom")


urlpatterns = [*site_urls.urlpatterns]
urlpatterns.insert(0, path("<str:lang>/boom/", failing_view))
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler429 = site_urls.handler429
handler500 = site_urls.handler500


@pytest.mark.parametrize("language", ["en", "es"])
def test_404_page(client, language):
    response = client.get(f"/{language}/no-such-page-here/")
    assert_error_page(response, 404, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_400_page_for_a_request_the_site_cannot_accept(client, language):
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        response = client.get(f"/{language}/", headers={"host": "evil.example"})
    assert_error_page(response, 400, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_403_page_for_a_signed_in_person_without_rights(client, language):
    user = get_user_model().objects.create_user("someone", "someone@example.org", "pw-long-enough-1")
    client.force_login(user)
    response = client.get(f"/{language}/progress/review/")
    assert_error_page(response, 403, language)
    assert {"en": "Sign out, to sign in", "es": "Cerrar sesión, para entrar"}[
        language
    ] in response.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_403_page_when_a_form_is_refused_for_its_csrf_token(language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/accounts/login/", {"login": "x", "password": "y"})
    assert_error_page(response, 403, language)
    assert {"en": "send it again", "es": "envíelo de nuevo"}[language] in response.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_429_page_when_allauth_rate_limits_an_action(client, language):
    get_user_model().objects.create_user("reset", "reset@example.org", "pw-long-enough-1")
    url = f"/{language}/accounts/password/reset/"
    with override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "1/m/key"}):
        first = client.post(url, {"email": "reset@example.org"})
        assert first.status_code == 302
        response = client.post(url, {"email": "reset@example.org"})
    assert_error_page(response, 429, language)


@pytest.mark.parametrize("language", ["en", "es"])
@override_settings(ROOT_URLCONF=__name__)
def test_500_page(language):
    client = Client(raise_request_exception=False)
    response = client.get(f"/{language}/boom/")
    assert_error_page(response, 500, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_500_page_with_the_database_down(language):
    """The home page needs the database (Wagtail's site and page); with every query failing,
    the 500 page still shows, in the layout and the language of the URL."""
    client = Client(raise_request_exception=False)
    with mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("database is down")
    ):
        response = client.get(f"/{language}/")
    assert_error_page(response, 500, language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_500_page_for_a_signed_in_person_with_the_database_down(language):
    """Their session can't be read either: the page shows as to a visitor, without failing."""
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.create_user("someone", "s@example.org", "pw-long-enough-1"))
    with mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("database is down")
    ):
        response = client.get(f"/{language}/")
    assert_error_page(response, 500, language)


def test_500_page_takes_the_language_from_the_cookie_outside_the_language_prefix():
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "es"
    with mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("database is down")
    ):
        response = client.get("/documents/1/x.pdf")
    assert response.status_code == 500
    assert TEXTS["es"][500] in response.content.decode()


@pytest.mark.parametrize(("accept", "language"), [("en", "en"), ("es-ES,es;q=0.9", "es")])
def test_signed_in_person_without_admin_access_gets_a_403_page_not_a_redirect_loop(client, accept, language):
    user = get_user_model().objects.create_user("visitor", "visitor@example.org", "pw-long-enough-1")
    client.force_login(user)
    for url in ("/admin/", "/admin/pages/"):
        response = client.get(url, headers={"accept-language": accept})
        assert_error_page(response, 403, language)
    assert {"en": "no access to the admin", "es": "no tiene acceso a la administración"}[
        language
    ] in response.content.decode()


def test_admin_still_sends_visitors_to_sign_in_and_lets_staff_in(client):
    from tests.conftest import enable_totp

    assert client.get("/admin/").status_code == 302
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-long-enough-1")
    enable_totp(boss)
    client.force_login(boss)
    assert client.get("/admin/").status_code == 200
