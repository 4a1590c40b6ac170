"""Emails about memberships, each in its recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Membership, MembershipRequest, User


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(*, template: str, recipient: User, context: dict) -> None:
    if not recipient.email:
        return
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {**context, "recipient": recipient}
        subject = render_to_string(f"tracker/email/{template}_subject.txt", context)
        body = render_to_string(f"tracker/email/{template}_message.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])


def membership_requested(membership_request: MembershipRequest) -> None:
    """Tell every admin of the organisation that someone asks to join."""
    admins = User.objects.filter(
        memberships__organisation=membership_request.organisation,
        memberships__role=Membership.Role.ADMIN,
        is_active=True,
    )
    for admin in admins:
        with translation.override(admin.language or settings.LANGUAGE_CODE):
            url = _absolute(reverse("organisations:requests"))
        _send(
            template="membership_requested",
            recipient=admin,
            context={"request": membership_request, "url": url},
        )


def membership_decided(membership_request: MembershipRequest) -> None:
    """Tell the person whether they were let in."""
    user = membership_request.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        url = _absolute(reverse("organisations:list"))
    _send(
        template="membership_decided",
        recipient=user,
        context={
            "request": membership_request,
            "approved": membership_request.status == MembershipRequest.Status.APPROVED,
            "url": url,
        },
    )
