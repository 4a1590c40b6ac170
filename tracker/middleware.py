"""Who may enter Wagtail's admin: people with admin access, and among them staff and points of
contact only once they have turned on two-factor."""

from http import HTTPStatus

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .errors import error_response
from .permissions import has_two_factor, requires_two_factor

ADMIN_PREFIX = "/admin/"
# Hands over to allauth's sign-in (tracker/urls.py): never refused here.
ADMIN_LOGIN = "/admin/login/"


class AdminAccessMiddleware:
    """A signed-in person without admin access gets a 403 page, not Wagtail's redirect to the
    sign-in page: allauth sends a signed-in person straight back to ``next`` (/admin/), which
    sent them to sign in again, for ever (ERR_TOO_MANY_REDIRECTS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith(ADMIN_PREFIX)
            and not request.path.startswith(ADMIN_LOGIN)
            and user is not None
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            return error_response(
                request,
                HTTPStatus.FORBIDDEN,
                message=_(
                    "Your account has no access to the admin. The admin is for site staff and "
                    "for the points of contact of OGP members; everything else is on the site itself."
                ),
            )
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith(ADMIN_PREFIX)
            and user is not None
            and requires_two_factor(user)
            and not has_two_factor(user)
        ):
            messages.warning(
                request,
                _(
                    "Set up two-factor authentication before you use the admin: scan the code "
                    "with an authenticator app and enter the number it shows."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
