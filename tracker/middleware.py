"""Staff and points of contact turn on two-factor before they can act in Wagtail's admin."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .permissions import has_two_factor, requires_two_factor

ADMIN_PREFIX = "/admin/"


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
