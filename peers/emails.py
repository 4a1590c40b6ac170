"""Emails about joining networks, each in its recipient's language (tracker's mail helpers)."""

from __future__ import annotations

from django.urls import reverse

from tracker.mail import absolute_url, send_templated
from tracker.models import User

from .models import NetworkJoinRequest, NetworkRole


def join_requested(join_request: NetworkJoinRequest) -> None:
    """Tell every administrator of the network that someone asks to join."""
    administrators = User.objects.filter(
        network_roles__network=join_request.network,
        network_roles__role=NetworkRole.ADMINISTRATOR,
        is_active=True,
    ).order_by("pk")
    for administrator in administrators:
        send_templated(
            to=administrator.email,
            language=administrator.language,
            template="peers/email/join_requested",
            context=lambda administrator=administrator: {
                "recipient": administrator,
                "request": join_request,
                "url": absolute_url(reverse("peers:manage", args=[join_request.network_id])),
            },
        )


def join_decided(join_request: NetworkJoinRequest) -> None:
    """Tell the person whether they were let in."""
    user = join_request.user
    send_templated(
        to=user.email,
        language=user.language,
        template="peers/email/join_decided",
        context=lambda: {
            "recipient": user,
            "request": join_request,
            "approved": join_request.status == NetworkJoinRequest.Status.APPROVED,
            "url": absolute_url(join_request.network.url or ""),
        },
    )
