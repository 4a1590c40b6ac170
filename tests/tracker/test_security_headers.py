"""Every page carries a Content-Security-Policy and a Permissions-Policy; reported violations
are logged, within limits."""

from __future__ import annotations

import json
import logging

import pytest

from django.test import Client

from tests.commitments.progress_fixtures import build_world, submitted_update
from tracker import security

pytestmark = pytest.mark.django_db

SITE_POLICY = "script-src 'self'"


@pytest.fixture
def world(db):
    return build_world()


def public_urls(world, client) -> dict[str, str]:
    """Every kind of public page (and export, and error), by name: in the tracker's order of
    reading, home → member → plan → commitment, then the explorer, accounts, reports."""
    update = submitted_update(world)
    plan = world.commitment.get_parent()
    report = client.post("/en/reports/", {"page": world.commitment.pk})
    assert report.status_code == 302
    urls = {
        "home": "/{lang}/",
        "member": world.member.url,
        "plan": plan.url,
        "commitment": world.commitment.url,
        "permalink": "/{lang}/commitments/TS0001/",
        "explorer": "/{lang}/commitments/",
        "explorer, filtered": "/{lang}/commitments/?region=Europe&sort=title",
        "export CSV": "/{lang}/commitments/export.csv",
        "export XLSX": "/{lang}/commitments/export.xlsx",
        "update": f"/{{lang}}/progress/update/{update.pk}/",
        "sign in": "/{lang}/accounts/login/",
        "sign up": "/{lang}/accounts/signup/",
        "password reset": "/{lang}/accounts/password/reset/",
        "sign-in code": "/{lang}/accounts/login/code/",
        "organisations": "/{lang}/organisations/",
        "report status": report.headers["Location"],
        "report download (not ready)": report.headers["Location"] + "download/",
        "404": "/{lang}/no-such-page/",
        "unsubscribe, unknown": "/{lang}/unsubscribe/not-a-token/",
        "403 (review queue)": "/{lang}/progress/review/",
    }
    return urls


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_public_page_is_served_with_a_csp_and_a_permissions_policy(world, language):
    client = Client()
    urls = public_urls(world, client)
    missing = []
    for name, url in urls.items():
        if url.startswith("/en/") and name in {"member", "plan", "commitment"}:
            url = f"/{language}/" + url[4:]
        response = client.get(url.format(lang=language))
        csp = response.headers.get("Content-Security-Policy", "")
        if SITE_POLICY not in csp or "unsafe-inline" in csp:
            missing.append(f"{name} {url} ({response.status_code}): {csp!r}")
        if "camera=()" not in response.headers.get("Permissions-Policy", ""):
            missing.append(f"{name} {url}: no Permissions-Policy")
    assert missing == []


def test_signed_in_pages_and_the_admin_carry_a_csp_too(world):
    client = Client()
    client.force_login(world.user("reviewer"))
    for url in ("/en/progress/review/", "/en/accounts/email/", "/en/accounts/preferences/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SITE_POLICY in response.headers["Content-Security-Policy"], url
    client.force_login(world.user("staff"))
    response = client.get("/admin/")
    assert response.status_code == 200
    admin_policy = response.headers["Content-Security-Policy"]
    # Wagtail's admin still needs inline scripts and styles; nowhere else gets them.
    assert "script-src 'self' 'unsafe-inline'" in admin_policy
    assert "object-src 'none'" in admin_policy and "nonce-" not in admin_policy


def test_the_policy_refuses_inline_code_plugins_and_framing():
    policy = Client().get("/en/accounts/login/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # a nonce appears only when a page uses one
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["report-uri"] == security.REPORT_PATH


def test_a_page_that_asks_for_a_nonce_gets_it_in_its_policy(rf):
    from django.http import HttpResponse
    from django.template import engines

    from tracker.security import SiteCSPMiddleware

    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">1</script>')

    def view(request):
        return HttpResponse(template.render({"CSP_NONCE": request.csp_nonce}, request))

    request = rf.get("/en/")
    response = SiteCSPMiddleware(view)(request)
    nonce = str(request.csp_nonce)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert f"script-src 'self' 'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


REPORT = {
    "csp-report": {
        "document-uri": "https://tracker.example.org/en/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "source-file": "https://tracker.example.org/en/",
        "line-number": 12,
    }
}


def post_report(client, payload, content_type="application/csp-report", **extra):
    return client.post(security.REPORT_PATH, json.dumps(payload), content_type=content_type, **extra)


def test_a_reported_violation_is_logged_without_a_csrf_token(caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="tracker.csp"):
        response = post_report(client, REPORT)
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "tracker.csp"]
    logged = json.loads(record.getMessage().removeprefix("CSP violation: "))
    assert logged["effective-directive"] == "script-src-elem"
    assert logged["document-uri"] == "https://tracker.example.org/en/"


def test_reports_in_the_reporting_api_format_are_logged_too(caplog):
    payload = [
        {
            "type": "csp-violation",
            "body": {"documentURL": "https://x.example/es/", "effectiveDirective": "img-src"},
        },
        {"type": "deprecation", "body": {"id": "something"}},
    ]
    with caplog.at_level(logging.WARNING, logger="tracker.csp"):
        response = post_report(Client(), payload, content_type="application/reports+json")
    assert response.status_code == 204
    messages = [r.getMessage() for r in caplog.records if r.name == "tracker.csp"]
    assert len(messages) == 1 and "img-src" in messages[0]


def test_the_report_endpoint_refuses_what_is_not_a_report(caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="tracker.csp"):
        assert client.get(security.REPORT_PATH).status_code == 405
        assert post_report(client, {"hello": "world"}).status_code == 400
        assert (
            client.post(security.REPORT_PATH, "not json", content_type="application/json").status_code == 400
        )
        big = {"csp-report": {**REPORT["csp-report"], "script-sample": "x" * security.REPORT_MAX_BYTES}}
        assert post_report(client, big).status_code == 413
    assert [r for r in caplog.records if r.name == "tracker.csp"] == []


def test_the_report_endpoint_logs_at_most_its_rate_from_one_address(caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="tracker.csp"):
        statuses = [post_report(client, REPORT).status_code for _ in range(security.REPORTS_PER_ADDRESS + 5)]
    assert statuses == [204] * security.REPORTS_PER_ADDRESS + [429] * 5
    assert len([r for r in caplog.records if r.name == "tracker.csp"]) == security.REPORTS_PER_ADDRESS


def test_a_logged_field_is_clipped(caplog):
    long_sample = {"csp-report": {**REPORT["csp-report"], "script-sample": "y" * 5000}}
    with caplog.at_level(logging.WARNING, logger="tracker.csp"):
        assert post_report(Client(), long_sample).status_code == 204
    [record] = [r for r in caplog.records if r.name == "tracker.csp"]
    logged = json.loads(record.getMessage().removeprefix("CSP violation: "))
    assert logged["script-sample"] == "y" * security.FIELD_MAX_CHARS
