"""The site's error pages (400, 403, 404, 429, 500): in its layout, in the visitor's language,
with a way back.

The language comes from the URL's prefix (/en/…, /es/…), else the language cookie or the
browser's Accept-Language, as LocaleMiddleware decides for every other page; the views set it
again themselves because an error may happen before or outside that middleware.

``server_error`` must work when nothing else does, the database included: it renders its
template without context processors (they read the user, the session, the menus) and passes
only what it computes itself, without a query.
"""

from __future__ import annotations

from http import HTTPStatus

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

TEMPLATE = "errors/page.html"


def _language(request) -> str:
    return translation.get_language_from_path(request.path_info) or translation.get_language_from_request(
        request
    )


def _links(request, language: str) -> dict:
    try:
        explorer = reverse("commitments:explorer")
    except NoReverseMatch:  # pragma: no cover - the explorer is always installed
        explorer = f"/{language}/"
    return {"home_url": f"/{language}/", "explorer_url": explorer}


def _texts(status: int) -> dict:
    """Title, message and advice of each error, in the active language."""
    if status == HTTPStatus.BAD_REQUEST:
        return {
            "title": _("Bad request"),
            "message": _("The address or the form sent to the site could not be understood."),
            "advice": _("Check the link, or start again from the home page."),
        }
    if status == HTTPStatus.FORBIDDEN:
        return {
            "title": _("You cannot open this page"),
            "message": _("Your account does not have access to this page."),
            "advice": _(
                "If you think it should, ask the person who manages your organisation's members, "
                "or sign in with another account."
            ),
        }
    if status == HTTPStatus.NOT_FOUND:
        return {
            "title": _("Page not found"),
            "message": _("There is no page at this address."),
            "advice": _("It may have moved, or the link may be mistyped. Look for it in the explorer."),
        }
    if status == HTTPStatus.TOO_MANY_REQUESTS:
        return {
            "title": _("Too many attempts"),
            "message": _("You have tried this too many times in a short while."),
            "advice": _("Wait a few minutes, then try again."),
        }
    return {
        "title": _("Something went wrong on our side"),
        "message": _("The page could not be shown because of an error on the site. We have been told."),
        "advice": _("Try again in a few minutes."),
    }


class OfflineRequest:
    """What the 500 page's template may read of the request, none of it from the database: the
    path (for the language links) and an anonymous user (the real one would load the session)."""

    def __init__(self, request):
        self.path = request.path
        self.path_info = request.path_info
        self.GET = request.GET
        self.resolver_match = getattr(request, "resolver_match", None)
        self.user = AnonymousUser()
        self._full_path = request.get_full_path()
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            self.csp_nonce = nonce

    def get_full_path(self) -> str:
        return self._full_path


def error_response(request, status: int, *, message: str = "", with_context_processors: bool = True):
    """The error page for ``status``; ``message`` replaces the general explanation."""
    language = _language(request)
    with translation.override(language):
        context = {
            "status": status,
            **_texts(status),
            **_links(request, language),
            "breadcrumbs": None,
            "request": request if with_context_processors else OfflineRequest(request),
        }
        if not with_context_processors:
            context["user"] = context["request"].user
        if message:
            context["message"] = message
        user = getattr(request, "user", None) if with_context_processors else None
        if status == HTTPStatus.FORBIDDEN and user is not None:
            login = reverse("account_login")
            if user.is_authenticated:
                context["sign_in_url"] = reverse("account_logout")
                context["sign_in_label"] = _("Sign out, to sign in with another account")
            else:
                context["sign_in_url"] = f"{login}?next={request.path}"
                context["sign_in_label"] = _("Sign in")
        template = get_template(TEMPLATE)
        html = template.render(context, request if with_context_processors else None)
        response = HttpResponse(html, status=status)
        response["Content-Language"] = language
    return response


def bad_request(request, exception=None):
    return error_response(request, HTTPStatus.BAD_REQUEST)


def permission_denied(request, exception=None):
    return error_response(request, HTTPStatus.FORBIDDEN)


def page_not_found(request, exception=None):
    return error_response(request, HTTPStatus.NOT_FOUND)


def too_many_requests(request, exception=None):
    """allauth answers rate-limited actions with ``ROOT_URLCONF.handler429``: this page."""
    return error_response(request, HTTPStatus.TOO_MANY_REQUESTS)


def server_error(request):
    """No context processors, no query: this page shows even when the database is down."""
    return error_response(request, HTTPStatus.INTERNAL_SERVER_ERROR, with_context_processors=False)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form that expired or came from elsewhere, said plainly."""
    return error_response(
        request,
        HTTPStatus.FORBIDDEN,
        message=_(
            "The form could not be accepted: it was open too long, or it was sent from another "
            "site. Go back, reload the page and send it again."
        ),
    )
