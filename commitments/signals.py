"""Receivers only: a new member gets its POC and forum groups.

(The explorer keeps its facts in step with the record with receivers of its own:
``commitments.explorer.receivers``.)
"""

from __future__ import annotations

from django.db.models.signals import post_save

from .models import MemberPage
from .permissions import member_groups_ensure


def on_member_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        member_groups_ensure(instance)


def connect() -> None:
    post_save.connect(on_member_created, sender=MemberPage, dispatch_uid="member-groups")
