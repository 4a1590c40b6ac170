"""The change log's one table: django-auditlog's log entry, with who acted and for which
commitment.

Auditlog keeps one row per save that changed something, with the changed fields as JSON
(``changes``: field → [before, after]). This model (``AUDITLOG_LOGENTRY_MODEL``) adds what the
public log needs and auditlog does not know: the commitment the change belongs to (indexed, so
"all changes of one commitment" is one query, paginated in the database) and who acted, as the
public may see it — their role and organisation at the time, never their name or email.
It drops auditlog's columns for the actor's email and address: nobody reads them here.
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntryManager

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from tracker.models import Organisation

from ..models import CommitmentPage, MemberPage


class ActorRole(models.TextChoices):
    STAFF = "staff", _("Site staff")
    POC = "poc", _("Point of contact")
    FORUM = "forum", _("Multistakeholder forum")
    PERSON = "person", _("Signed-in person")
    IMPORT = "import", _("OGP import")
    SYSTEM = "system", _("The site, automatically")


class ChangeEntryManager(LogEntryManager):
    """Every entry auditlog writes comes through ``log_create`` or ``log_m2m_changes``: this is
    where it learns its commitment and who acted (see ``attribution``)."""

    def log_create(self, instance, force_log: bool = False, **kwargs):
        if kwargs.get("changes") is None and not force_log:
            return None
        if kwargs.get("action") == ChangeEntry.Action.CREATE and isinstance(instance, Page):
            # A new page: its title says what it is; its texts are on the page itself, and
            # copying them into the log would double an import's size for nothing.
            kwargs["changes"] = {"title": [None, instance.title]}
        with _record_language():
            kwargs.update(_attribution(instance))
            return super().log_create(instance, force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        if not changed_queryset:
            return None
        with _record_language():
            kwargs.update(_attribution(instance))
            return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


def _record_language():
    """Texts auditlog stores (an object's name, a related object's) are written in the record's
    language, whatever the language of the request that changed it: field labels and choices
    are translated when shown, from the raw values."""
    return translation.override(settings.LANGUAGE_CODE)


def _attribution(instance) -> dict:
    from .attribution import attribution_for
    from .tracked import commitment_id_of, label_of

    commitment_id = commitment_id_of(instance)
    extra = {"commitment_id": commitment_id, **attribution_for(commitment_id)}
    label = label_of(instance)
    if label:
        extra["additional_data"] = {"label": label}
    return extra


class ChangeEntry(AbstractLogEntry):
    commitment = models.ForeignKey(
        CommitmentPage,
        # The log outlives what it describes: no constraint, no cascade.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commitment"),
    )
    actor_role = models.CharField(
        _("who acted"), max_length=16, choices=ActorRole.choices, default=ActorRole.SYSTEM
    )
    actor_member = models.ForeignKey(
        MemberPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the OGP member"),
    )
    actor_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("their organisation"),
    )
    # Not kept: the public log names roles and organisations, never people.
    actor_email = None
    remote_addr = None
    remote_port = None

    objects = ChangeEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [models.Index(fields=["commitment", "-timestamp"], name="change_entry_commitment")]
