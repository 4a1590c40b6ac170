"""Site-wide checks on people, used by every app's permission policy.

PROVISIONAL: ``has_two_factor`` is the seam with the accounts work (allauth.mfa). It is True
for everyone until ``allauth.mfa`` is installed; then it asks whether the person has turned on
an authenticator. The accounts branch owns the real rule; keep the signature.
"""

from __future__ import annotations

from django.apps import apps


def has_two_factor(user) -> bool:
    """Whether ``user`` has turned on two-factor authentication (TOTP or WebAuthn)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not apps.is_installed("allauth.mfa"):
        return True
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
