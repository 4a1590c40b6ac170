"""Questions and answers, peer exchanges, events and trainings of a peer network.

Questions, answers, flags, follows of a question, exchanges and registrations are things people
*do*: plain models written through ``peers.talk.services``. An event is a page under its network
(editors place it, with drafts and revisions). Nothing here is deleted by the site: hiding keeps
the text with a public reason, cancelling keeps the registration.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from commitments.models import CommitmentPage, Follow, PolicyArea

from ..models import RICH_FEATURES, NetworkPage, PracticePage
from .calendar import valid_zone, zone_choices
from .forms import EventPageForm

USER = settings.AUTH_USER_MODEL


class Moderated(models.Model):
    """What a moderator's hiding leaves: the text stays, the reason is shown in its place."""

    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("hidden by")
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Question(Moderated):
    """A question asked in a network: members-only (candid policy talk) or public."""

    network = models.ForeignKey(
        NetworkPage, on_delete=models.CASCADE, related_name="questions", verbose_name=_("network")
    )
    author = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="peer_questions", verbose_name=_("asked by")
    )
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(_("details (Markdown)"), max_length=20000, blank=True)
    members_only = models.BooleanField(
        _("members only"),
        default=True,
        help_text=_("Only the network's members can read a members-only question and its answers."),
    )
    practices = models.ManyToManyField(
        PracticePage, blank=True, related_name="questions", verbose_name=_("related practices")
    )
    commitments = models.ManyToManyField(
        CommitmentPage, blank=True, related_name="peer_questions", verbose_name=_("related commitments")
    )
    accepted_answer = models.ForeignKey(
        "Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    locked_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("locked by")
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True, db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["network", "members_only", "last_activity_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Answer(Moderated):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    author = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="peer_answers", verbose_name=_("answered by")
    )
    body = models.TextField(_("answer (Markdown)"), max_length=20000)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} → {self.question}"


class Flag(models.Model):
    """Someone signed in thinks a question or an answer needs a moderator's look."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="flags", verbose_name=_("question")
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name=_("answer"),
    )
    flagged_by = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("flagged by")
    )
    reason = models.CharField(_("what is wrong"), max_length=500)
    created_at = models.DateTimeField(_("flagged"), auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        # Two partial constraints rather than one with nulls_distinct (PostgreSQL 15+ only).
        constraints = [
            models.UniqueConstraint(
                fields=["question", "flagged_by"],
                condition=models.Q(answer__isnull=True),
                name="peer_flag_question_once_per_person",
                violation_error_message=_("You have already flagged this."),
            ),
            models.UniqueConstraint(
                fields=["answer", "flagged_by"],
                condition=models.Q(answer__isnull=False),
                name="peer_flag_answer_once_per_person",
                violation_error_message=_("You have already flagged this."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.flagged_by}: {self.reason}"


class QuestionFollow(models.Model):
    """Someone follows one question (a network is followed with the site's ``Follow``)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="question_follows")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows")
    frequency = models.CharField(
        _("how often"), max_length=16, choices=Follow.Frequency.choices, default=Follow.Frequency.IMMEDIATE
    )
    language = models.CharField(_("language of the emails"), max_length=8, default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question follow")
        verbose_name_plural = _("question follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="question_follow_unique_user_question")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.question_id}"


class NetworkDigestMark(models.Model):
    """When a daily follow of a network last had its peers digest (the progress digest keeps its
    own mark on ``Follow``: the two run apart)."""

    follow = models.OneToOneField(Follow, on_delete=models.CASCADE, primary_key=True, related_name="+")
    last_digest_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.follow_id} {self.last_digest_at}"


class Exchange(models.Model):
    """A member asks peers for support on a topic; a match, a meeting, then a short report."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        MATCHED = "matched", _("Matched")
        HELD = "held", _("Held")
        REPORTED = "reported", _("Report published")

    network = models.ForeignKey(
        NetworkPage, on_delete=models.CASCADE, related_name="exchanges", verbose_name=_("network")
    )
    requested_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="peer_exchanges", verbose_name=_("requested by")
    )
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("what support you need (Markdown)"), max_length=10000)
    policy_areas = models.ManyToManyField(
        PolicyArea, related_name="peer_exchanges", verbose_name=_("policy areas")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    peers = models.ManyToManyField(
        USER, blank=True, related_name="peer_exchanges_matched", verbose_name=_("peers")
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    report = models.TextField(_("report (Markdown)"), max_length=10000, blank=True)
    helped_commitments = models.ManyToManyField(
        CommitmentPage, blank=True, related_name="peer_exchanges", verbose_name=_("commitments it helped")
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("peer exchange")
        verbose_name_plural = _("peer exchanges")

    def __str__(self) -> str:
        return self.topic


class EventPage(Page):
    """An event or a training of a network: when (in its own time zone), how, and for how many."""

    class Kind(models.TextChoices):
        EVENT = "event", _("Event")
        TRAINING = "training", _("Training")

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Online and in person")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EVENT)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    description = RichTextField(_("description"), blank=True, features=RICH_FEATURES)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", choices=zone_choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.ONLINE)
    location = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("link to join"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty when there is no limit.")
    )
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    attendance = models.PositiveIntegerField(_("number who attended"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]), FieldPanel("time_zone")],
            heading=_("When"),
            help_text=_("Type the times as they are in the event's time zone."),
        ),
        MultiFieldPanel(
            [FieldPanel("format"), FieldPanel("location"), FieldPanel("online_url"), FieldPanel("language")],
            heading=_("Where and in what language"),
        ),
        FieldPanel("capacity"),
        MultiFieldPanel(
            [
                InlinePanel("materials", label=_("material")),
                FieldPanel("recording_url"),
                FieldPanel("attendance"),
            ],
            heading=_("After the event"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("starts_at")]
    parent_page_types = ["peers.NetworkPage"]
    subpage_types: list[str] = []
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event or training")
        verbose_name_plural = _("events and trainings")

    def clean(self):
        super().clean()
        if self.time_zone and not valid_zone(self.time_zone):
            raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})

    def get_context(self, request, *args, **kwargs):
        from .selectors import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request))
        return context


class EventMaterial(Orderable):
    """A link to slides, notes or anything shared after the event."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="materials")
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(_("link"), max_length=500)

    panels = [FieldPanel("label"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.label


class Registration(models.Model):
    """A place at an event, or on its waiting list; cancelling keeps the row."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    language = models.CharField(_("language of the emails"), max_length=8, default="en")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(status__in=["registered", "waiting"]),
                name="registration_one_active_per_person",
                violation_error_message=_("You are already registered."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event_id} ({self.status})"


# The admin's hooks (a sub-package's wagtail_hooks is not found by Wagtail on its own).
from . import wagtail_hooks  # noqa: E402, F401
