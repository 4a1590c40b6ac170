"""The Content-Security-Policy in a real browser: the guard that fails any browser test on a
violation does see one, and Wagtail's admin works under its (looser) policy."""

from __future__ import annotations

import pytest

from tests.browser.conftest import CSP_VIOLATIONS
from tests.conftest import enable_totp, ensure_home_and_site, totp_code

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-1"


@pytest.fixture
def site(live_server, sample_csv):
    from commitments.ogp.importer import import_ogp_commitments

    ensure_home_and_site()
    import_ogp_commitments(sample_csv)
    return live_server.url


def test_an_injected_inline_script_and_style_are_refused_and_seen(site, page):
    page.goto(site + "/en/")
    ran = page.evaluate(
        """() => {
            window.__ran = false;
            const script = document.createElement("script");
            script.textContent = "window.__ran = true";
            document.body.append(script);
            const style = document.createElement("style");
            style.textContent = "body { background: red }";
            document.head.append(style);
            return window.__ran;
        }"""
    )
    assert ran is False  # the policy refused to run it
    page.wait_for_function("() => true")
    page.wait_for_timeout(200)  # events are delivered asynchronously
    seen = " ".join(CSP_VIOLATIONS)
    assert "script-src-elem blocked inline" in seen
    assert "style-src-elem blocked inline" in seen
    CSP_VIOLATIONS.clear()  # expected here: don't fail this test for them


def test_staff_use_the_wagtail_admin_without_csp_violations(site, page):
    """The admin's pages, explorer, an edit form and a snippet listing: the autouse guard
    fails this test on any violation."""
    from allauth.account.models import EmailAddress

    from django.contrib.auth import get_user_model

    from commitments.models import CommitmentPage

    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", PASSWORD)
    EmailAddress.objects.create(user=boss, email=boss.email, verified=True, primary=True)
    enable_totp(boss)
    page.goto(site + "/admin/")
    page.locator("#id_login").fill("boss")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.locator("#id_code").fill(totp_code())
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(site + "/admin/")
    commitment = CommitmentPage.objects.get(ogp_id="UA0087")
    for path in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{commitment.get_parent().pk}/",
        f"/admin/pages/{commitment.pk}/edit/",
        "/admin/snippets/tracker/organisation/",
        "/admin/users/",
    ):
        response = page.goto(site + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # The edit form's scripts ran (its tabs are built by Wagtail's JavaScript).
    page.goto(site + f"/admin/pages/{commitment.pk}/edit/")
    page.get_by_role("tab").first.wait_for()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_error_pages_load_without_violations_and_pass_axe(site, browser, axe, language):
    """The 404 page, and the 403 a signed-in person without admin rights gets at /admin/ (it
    used to be a redirect loop), in the layout, in both languages, with no CSP violation."""
    from allauth.account.models import EmailAddress

    from django.contrib.auth import get_user_model

    from tests.browser.conftest import WCAG_22_AA

    # /admin/ has no language prefix: there the language comes from the browser's.
    context = browser.new_context(locale={"en": "en-GB", "es": "es-ES"}[language])
    page = context.new_page()
    response = page.goto(f"{site}/{language}/no-such-page/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == {"en": "Page not found", "es": "Página no encontrada"}[language]
    )
    results = axe.run(page, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()
    page.get_by_role(
        "link", name={"en": "Go to the home page", "es": "Ir a la página de inicio"}[language]
    ).click()
    page.wait_for_url(f"{site}/{language}/")

    person = get_user_model().objects.create_user("person", "person@example.org", PASSWORD)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    page.goto(f"{site}/{language}/accounts/login/")
    page.locator("#id_login").fill("person")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    response = page.goto(f"{site}/admin/")
    assert response.status == 403
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == {"en": "You cannot open this page", "es": "No puede abrir esta página"}[language]
    )
    results = axe.run(page, options=WCAG_22_AA)
    assert not results.violations_count, results.generate_report()
    context.close()
