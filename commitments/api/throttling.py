"""Throttling for anonymous clients, at the rate in ``settings.API_ANON_RATE`` (read per request,
so a deployment, or a test, may change it)."""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle

from django.conf import settings


class AnonymousThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self) -> str | None:
        return settings.API_ANON_RATE
