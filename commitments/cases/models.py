"""Feedback cases: a complaint on a commitment (or one of its milestones, or a contracting
process by its OCDS ocid) that the commitment's lead implementer must answer.

Cases are written only through ``services`` (each step a ``CaseEvent``, append-only) and read
through ``selectors``. Who filed a case is never public: pages, exports and reports show
``public_filer`` (an organisation, or "a verified person"); ``filer`` is for staff and the
filer only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import CommitmentPage, MemberPage, Milestone, evidence_storage


class Category(models.TextChoices):
    DELAY = "delay", _("Delay")
    QUALITY = "quality", _("Quality of work or service")
    COST = "cost", _("Cost")
    ACCESS_TO_INFORMATION = "access_to_information", _("Access to information")
    CONSULTATION_NOT_HELD = "consultation_not_held", _("Consultation not held")
    IRREGULARITY = "irregularity", _("Suspected irregularity")
    OTHER = "other", _("Other")


class CaseState(models.TextChoices):
    FILED = "filed", _("Filed")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    ESCALATED = "escalated", _("Escalated")
    CLOSED = "closed", _("Closed")


# The states in which the implementer still owes something (an acknowledgement or an answer).
AWAITING_IMPLEMENTER = (CaseState.FILED, CaseState.ACKNOWLEDGED)
OPEN_STATES = (CaseState.FILED, CaseState.ACKNOWLEDGED, CaseState.ANSWERED, CaseState.ESCALATED)


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ShownAs(models.TextChoices):
    ORGANISATION = "organisation", _("My organisation")
    VERIFIED_PERSON = "verified_person", _("A verified person")


def case_evidence_path(instance, filename: str) -> str:
    return f"cases/{timezone.now():%Y/%m}/{filename}"


class Case(models.Model):
    number = models.PositiveIntegerField(_("number"), unique=True, editable=False)
    commitment = models.ForeignKey(
        CommitmentPage, on_delete=models.PROTECT, related_name="cases", verbose_name=_("commitment")
    )
    # Denormalised from the commitment (its member never changes): the facets and scorecards
    # filter on it without walking the tree.
    member = models.ForeignKey(
        MemberPage, on_delete=models.PROTECT, related_name="+", verbose_name=_("OGP member")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("milestone"),
    )
    ocid = models.CharField(
        _("contracting process (OCDS ocid)"),
        max_length=128,
        blank=True,
        help_text=_(
            "Optional: the ocid of a contracting process this case is about, e.g. ocds-213czf-000-00001."
        ),
    )
    category = models.CharField(_("category"), max_length=32, choices=Category.choices, db_index=True)
    description = models.TextField(_("what happened"))
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_filed",
        verbose_name=_("filed by"),
    )
    shown_as = models.CharField(_("shown as"), max_length=20, choices=ShownAs.choices)
    filer_organisation = models.ForeignKey(
        "tracker.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_filed",
        verbose_name=_("filer's organisation"),
    )
    addressed_to = models.ForeignKey(
        "tracker.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_addressed",
        verbose_name=_("addressed to"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=CaseState.choices, default=CaseState.FILED, db_index=True
    )
    filed_at = models.DateTimeField(_("filed"), default=timezone.now, db_index=True)
    acknowledge_due = models.DateTimeField(_("acknowledgement due"))
    answer_due = models.DateTimeField(_("answer due"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Working days from filing to the answer, kept when answered: the scorecards' median.
    days_to_answer = models.PositiveIntegerField(_("working days to answer"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    taken_by_organisation = models.ForeignKey(
        "tracker.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_taken",
        verbose_name=_("taken by"),
    )
    taken_by_forum = models.BooleanField(_("taken by the forum"), default=False)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Moderation: staff hide a case's text (personal data, abuse) with a public reason; nothing
    # is deleted, and staff still see what was hidden.
    hidden = models.BooleanField(_("hidden by moderators"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    class Meta:
        verbose_name = _("feedback case")
        verbose_name_plural = _("feedback cases")
        ordering = ["-filed_at", "-pk"]
        indexes = [
            models.Index(fields=["addressed_to", "state"]),
            models.Index(fields=["member", "state"]),
            models.Index(fields=["commitment", "state"]),
            models.Index(fields=["state", "acknowledge_due"]),
            models.Index(fields=["state", "answer_due"]),
            # A list filtered by state, newest first: read in index order, not sorted (a list
            # of 50,000 cases filtered to the overdue filed ones sorted 10,000 rows without it).
            models.Index(fields=["state", "filed_at", "id"], name="case_state_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="case_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def public_filer(self) -> str:
        """Who filed it, as the public sees it: the organisation, or "a verified person"."""
        if self.shown_as == ShownAs.ORGANISATION and self.filer_organisation_id:
            return self.filer_organisation.name
        return str(_("A verified person"))

    @property
    def is_closed(self) -> bool:
        return self.state == CaseState.CLOSED

    @property
    def is_taken(self) -> bool:
        return self.taken_by_forum or self.taken_by_organisation_id is not None


class ActorRole(models.TextChoices):
    FILER = "filer", _("Filer")
    POC = "poc", _("Point of contact")
    FORUM = "forum", _("Multistakeholder forum")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    STAFF = "staff", _("Site staff")


class CaseEvent(models.Model):
    """One step of a case: who (as the public may see them), when, what, text and evidence.
    Append-only: services create events, nothing changes or deletes one."""

    class Action(models.TextChoices):
        FILED = "filed", _("Filed")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ANSWERED = "answered", _("Answered")
        RATED = "rated", _("Rated the answer")
        ACCEPTED = "accepted", _("Accepted the answer")
        ESCALATED = "escalated", _("Escalated")
        TAKEN = "taken", _("Took the case")
        ACTION = "action", _("Recorded an action")
        CLOSED = "closed", _("Closed")
        HIDDEN = "hidden", _("Hidden by moderators")
        SHOWN = "shown", _("Shown again by moderators")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    # Who acted, as the public may see them, never a person's name: their part (filer, point
    # of contact, forum, civil society, staff) and the name that goes with it (the member, the
    # organisation; none for "a verified person"). Written with the event.
    actor_role = models.CharField(_("acting as"), max_length=16, choices=ActorRole.choices)
    actor_name = models.CharField(_("name shown"), max_length=255, blank=True)
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    text = models.TextField(_("text"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=case_evidence_path, storage=evidence_storage, blank=True
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    photo = models.FileField(_("photo"), upload_to=case_evidence_path, storage=evidence_storage, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def public_actor(self) -> str:
        """Who acted, as pages, exports and reports show it (in the active language)."""
        if self.actor_role == ActorRole.FILER:
            return self.actor_name or str(_("A verified person"))
        if self.actor_role == ActorRole.POC:
            return str(_("Point of contact, %(member)s") % {"member": self.actor_name})
        if self.actor_role == ActorRole.FORUM:
            return str(_("Multistakeholder forum, %(member)s") % {"member": self.actor_name})
        if self.actor_role == ActorRole.CIVIL_SOCIETY:
            return self.actor_name
        return str(_("Site staff"))


class StoredScorecard(models.Model):
    """A responsiveness scorecard kept up to date, so that a page reads one row rather than
    aggregating every case: an organisation's (the cases addressed to it), a member's or an
    action plan's, and theirs per organisation addressed (``organisation`` set). Written only by
    ``scorecards.scorecards_refresh`` (after every write to a case, and by the minutely job
    ``refresh_case_scorecards`` once ``next_deadline`` has passed, since on-time shares move as
    deadlines pass)."""

    class Scope(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        MEMBER = "member", _("OGP member")
        PLAN = "plan", _("Action plan")

    scope = models.CharField(max_length=16, choices=Scope.choices)
    # The organisation's, the member's or the plan's primary key.
    subject_id = models.PositiveIntegerField()
    # A member's or plan's row for one organisation addressed; null for the whole scope.
    organisation = models.ForeignKey(
        "tracker.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    cases = models.PositiveIntegerField(default=0)
    ack_met = models.PositiveIntegerField(default=0)
    ack_late = models.PositiveIntegerField(default=0)
    ack_missed = models.PositiveIntegerField(default=0)
    answer_met = models.PositiveIntegerField(default=0)
    answer_late = models.PositiveIntegerField(default=0)
    answer_missed = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    average_rating = models.FloatField(null=True, blank=True)
    median_days_to_answer = models.FloatField(null=True, blank=True)
    outcome_resolved = models.PositiveIntegerField(default=0)
    outcome_not_resolved = models.PositiveIntegerField(default=0)
    outcome_withdrawn = models.PositiveIntegerField(default=0)
    # When it was computed, and the next deadline of its cases still to come then (a passing
    # deadline turns a pending case into a missed one): the job refreshes rows whose next
    # deadline has passed.
    computed_at = models.DateTimeField()
    next_deadline = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("responsiveness scorecard")
        verbose_name_plural = _("responsiveness scorecards")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "subject_id"],
                condition=models.Q(organisation__isnull=True),
                name="stored_scorecard_whole",
            ),
            models.UniqueConstraint(
                fields=["scope", "subject_id", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="stored_scorecard_by_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.subject_id} {self.organisation_id or ''}".strip()
