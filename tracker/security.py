"""Security headers: the Content-Security-Policy (django-csp, with a looser policy for Wagtail's
admin only), a Permissions-Policy, and the endpoint that logs reported CSP violations.

The policies themselves are settings (``CONTENT_SECURITY_POLICY``, ``CSP_ADMIN_DIRECTIVES``,
``PERMISSIONS_POLICY``): see tracker/settings/base.py for why each source is there.
"""

from __future__ import annotations

import json
import logging

from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("tracker.csp")

ADMIN_PREFIX = "/admin/"
REPORT_PATH = "/csp-report/"
# A report is a few hundred bytes; anything much bigger is not one.
REPORT_MAX_BYTES = 16 * 1024
# Reports logged per minute: from one address, and from everyone (a page that breaks for every
# visitor must not flood the log, nor an attacker fill it).
REPORTS_PER_ADDRESS = 20
REPORTS_IN_ALL = 200
# The fields of a report worth logging, in both formats browsers send (report-uri's
# "csp-report" object with dashed names; the Reporting API's "body" with camelCase names).
FIELDS = {
    "document-uri": "documentURL",
    "effective-directive": "effectiveDirective",
    "violated-directive": "effectiveDirective",
    "blocked-uri": "blockedURL",
    "source-file": "sourceFile",
    "line-number": "lineNumber",
    "script-sample": "sample",
    "disposition": "disposition",
}
FIELD_MAX_CHARS = 300


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; under /admin/ the directives in ``CSP_ADMIN_DIRECTIVES`` replace
    the site's (Wagtail's admin still has inline scripts and styles; see base.py)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**settings.CSP_ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts


class PermissionsPolicyMiddleware:
    """``Permissions-Policy``: the browser features the site never uses are turned off for it
    and for anything it might embed; and the Reporting API's endpoint for CSP reports."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        response.setdefault("Reporting-Endpoints", f'csp="{REPORT_PATH}"')
        return response


def _within_rate(request) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    keys = (f"csp-report:{address}", "csp-report:*")
    for key, limit in zip(keys, (REPORTS_PER_ADDRESS, REPORTS_IN_ALL), strict=True):
        cache.add(key, 0, timeout=60)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=60)
            count = 1
        if count > limit:
            return False
    return True


def _reports(payload) -> list[dict]:
    """The violation(s) in a report, as {field: value} with report-uri's field names."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]
    if isinstance(payload, list):  # the Reporting API: a list of {"type", "body", ...}
        found = []
        for item in payload:
            if (
                isinstance(item, dict)
                and item.get("type") == "csp-violation"
                and isinstance(item.get("body"), dict)
            ):
                body = item["body"]
                found.append({name: body.get(camel) for name, camel in FIELDS.items()})
        return found
    return []


def _clip(value) -> str:
    text = str(value) if value is not None else ""
    return text[:FIELD_MAX_CHARS]


@csrf_exempt  # browsers send reports without a CSRF token (nor cookies)
@require_POST
def csp_report(request):
    """Log each reported CSP violation, one line each; 204. Over the size cap: 413; over the
    rate: 429, not logged; not a report: 400."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    body = request.read(REPORT_MAX_BYTES + 1)
    if len(body) > REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        reports = _reports(json.loads(body))
    except (ValueError, UnicodeDecodeError):
        reports = []
    if not reports:
        return HttpResponse(status=400)
    if not _within_rate(request):
        return HttpResponse(status=429)
    for report in reports:
        logger.warning(
            "CSP violation: %s",
            json.dumps({name: _clip(report.get(name)) for name in FIELDS if report.get(name) is not None}),
        )
    return HttpResponse(status=204)
