"""Emails about memberships, each in its recipient's language."""

from __future__ import annotations

from django.urls import reverse

from .mail import absolute_url, send_templated
from .models import Membership, MembershipRequest, User


def membership_requested(membership_request: MembershipRequest) -> None:
    """Tell every admin of the organisation that someone asks to join."""
    admins = User.objects.filter(
        memberships__organisation=membership_request.organisation,
        memberships__role=Membership.Role.ADMIN,
        is_active=True,
    )
    for admin in admins:
        send_templated(
            to=admin.email,
            language=admin.language,
            template="tracker/email/membership_requested",
            context=lambda admin=admin: {
                "recipient": admin,
                "request": membership_request,
                "url": absolute_url(reverse("organisations:requests")),
            },
        )


def membership_decided(membership_request: MembershipRequest) -> None:
    """Tell the person whether they were let in."""
    user = membership_request.user
    send_templated(
        to=user.email,
        language=user.language,
        template="tracker/email/membership_decided",
        context=lambda: {
            "recipient": user,
            "request": membership_request,
            "approved": membership_request.status == MembershipRequest.Status.APPROVED,
            "url": absolute_url(reverse("organisations:list")),
        },
    )
