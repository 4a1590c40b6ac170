"""The commitment record: members, action plans, commitments, milestones, roles, IRM.

Members, action plans and commitments are pages (they live in the tree, get URLs, drafts,
revisions and per-member permissions). Milestones and stakeholder roles are parts of a
commitment, edited with it. IRM assessments are records kept beside it.
"""

from __future__ import annotations

import datetime

from django_countries.fields import CountryField

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from tracker.models import Organisation
from tracker.routing import RoutedPage

from . import irm, rules
from .page_context import record_page_context
from .page_permissions import RecordPagePermissions
from .panels import MilestoneRecordPanel, WithdrawalPanel
from .vocabulary import local_member_name, region_label


class PolicyArea(index.Indexed, models.Model):
    """A policy area from OGP's vocabulary (Open Contracting, Beneficial Ownership, …)."""

    name = models.CharField(_("name (English)"), max_length=120, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=160, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )

    panels = [FieldPanel("name"), FieldPanel("name_es"), FieldPanel("slug"), FieldPanel("parent")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_es"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("policy area")
        verbose_name_plural = _("policy areas")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (English when no translation is known)."""
        if translation.get_language() == "es" and self.name_es:
            return self.name_es
        return self.name


class RecordPageForm(WagtailAdminPageForm):
    """The record's pages: only staff may schedule one to be unpublished (its expiry date), as
    only staff may unpublish it (``page_permissions``)."""

    def clean(self):
        from tracker.permissions import is_staff

        cleaned = super().clean()
        if (
            "expire_at" in self.fields
            and cleaned.get("expire_at") != self.instance.expire_at
            and not is_staff(self.for_user)
        ):
            self.add_error("expire_at", _("Only staff may schedule a page to be unpublished."))
        return cleaned


class MemberLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")


class ActionPlanStatus(models.TextChoices):
    CO_CREATION = "co_creation", _("Co-creation")
    IMPLEMENTATION = "implementation", _("Implementation")
    ENDED = "ended", _("Ended")


# The ``{% shared %}`` parts of the record pages' templates: the record around the actions.
MEMBER_SHARED_PARTS = ("member-head", "member-body")
PLAN_SHARED_PARTS = ("plan-head", "plan-body")
COMMITMENT_SHARED_PARTS = ("commitment-head", "commitment-body")


class RecordPageContext:
    """A record page's context (member, plan, commitment): its frame, the viewer's facts, and
    its record (``record_context``) with the contributors' panels, unless its ``shared_parts``
    come from the cache (``page_context.record_page_context``)."""

    shared_parts: tuple[str, ...] = ()

    def record_context(self) -> dict:
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        from .selectors import page_frame

        context = super().get_context(request, *args, **kwargs)
        return record_page_context(
            self,
            request,
            context,
            frame=lambda: page_frame(self),
            build=self.record_context,
            parts=self.shared_parts,
        )


class MemberPage(RecordPageContext, RecordPagePermissions, RoutedPage, Page):
    """An OGP member: a national or local government."""

    code = models.CharField(
        _("OGP code"), max_length=16, unique=True, help_text=_("As OGP writes it: UKR, ARBA.")
    )
    level = models.CharField(
        _("national or local"), max_length=16, choices=MemberLevel.choices, default="national"
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("code"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("region"), FieldPanel("country")]),
        FieldPanel("intro"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("code"), index.FilterField("level")]
    parent_page_types = ["tracker.HomePage"]
    subpage_types = ["commitments.ActionPlanPage"]
    base_form_class = RecordPageForm

    class Meta:
        verbose_name = _("OGP member")
        verbose_name_plural = _("OGP members")

    @property
    def region_label(self) -> str:
        return region_label(self.region)

    @property
    def display_name(self) -> str:
        """OGP's name for the member; in Spanish a national member by its country's name, and a
        local member with its country (and place, where Spanish has a name for it) translated."""
        if translation.get_language() == "en":
            return self.title
        if self.level == MemberLevel.NATIONAL and self.country:
            return str(self.country.name)
        return local_member_name(self.title, self.country.code if self.country else "")

    shared_parts = MEMBER_SHARED_PARTS

    def record_context(self) -> dict:
        from .selectors import member_page_context

        return member_page_context(self)


class ActionPlanPageForm(RecordPageForm):
    """Once the plan's implementation has started, its start year is fixed: it decides, for
    commitments without their own start date, when their baseline is (see
    ``CommitmentPage.implementation_started``), and moving it must not reopen the baseline."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = ActionPlanPage.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        today = timezone.localdate()
        if (
            stored is not None
            and stored.start_year
            and stored.start_year <= today.year
            and "start_year" in self.fields
        ):
            self.initial["start_year"] = stored.start_year
            self.fields["start_year"].disabled = True
            self.fields["start_year"].help_text = _("Implementation has started: the start year is fixed.")


class ActionPlanPage(RecordPageContext, RecordPagePermissions, RoutedPage, Page):
    """One member's action plan for a period, e.g. AP_UKR02 (2014–2016)."""

    plan_id = models.CharField(
        _("OGP action plan ID"), max_length=32, unique=True, help_text=_("As OGP writes it: AP_UKR02.")
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionPlanStatus.choices,
        default=ActionPlanStatus.IMPLEMENTATION,
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("plan_id"), FieldPanel("number"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
        FieldPanel("intro"),
    ]
    parent_page_types = ["commitments.MemberPage"]
    subpage_types = ["commitments.CommitmentPage"]
    search_fields = [*Page.search_fields, index.SearchField("plan_id"), index.FilterField("status")]
    base_form_class = ActionPlanPageForm

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    @property
    def years(self) -> str:
        if self.start_year and self.end_year and self.start_year != self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")

    @property
    def label(self) -> str:
        """ "Action plan 2 (2014–2016)" in the active language."""
        if self.number and self.years:
            return _("Action plan %(number)s (%(years)s)") % {"number": self.number, "years": self.years}
        if self.number:
            return _("Action plan %(number)s") % {"number": self.number}
        return self.title

    shared_parts = PLAN_SHARED_PARTS

    def record_context(self) -> dict:
        from .selectors import action_plan_page_context

        return action_plan_page_context(self)


# A milestone's baseline: after the start of implementation these change only by an approved
# re-baselining (``commitments.progress.rebaselines``), never in the admin.
BASELINE_FIELDS = ("title", "expected_output", "end_date")


def _rebaselining_help(milestone_pk: int) -> str:
    from django.urls import reverse
    from django.utils.html import format_html

    return format_html(
        '{} <a href="{}">{}</a>',
        _("Implementation has started: this changes only by a re-baselining the forum approves."),
        reverse("commitments:rebaseline_create", args=[milestone_pk]),
        _("Propose a re-baselining"),
    )


class CommitmentPageForm(RecordPageForm):
    """Refuses to remove a milestone that has progress updates: reported history stays.

    Once implementation has started (decided on the stored commitment and plan, never on the
    submitted form), the commitment's start date and each saved milestone's title, expected
    output and due date are read-only for everyone, staff included, so that the record has one
    way to change: a re-baselining. The fields are disabled, so Django keeps their stored
    values whatever a (tampered) POST carries.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = CommitmentPage.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        self.baseline_fixed = bool(stored and stored.implementation_started())
        if self.baseline_fixed:
            self._fix_baseline(stored)

    def _fix_baseline(self, stored: CommitmentPage) -> None:
        for name in ("start_date", "start_date_text"):
            if name in self.fields:
                self.initial[name] = getattr(stored, name)
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Implementation has started: the start date is fixed.")
        formset = self.formsets.get("milestones")
        if formset is None:
            return
        forms = [form for form in formset.forms if form.instance.pk]
        # The stored values, not those of the revision being edited (an older draft).
        current = {m.pk: m for m in Milestone.objects.filter(pk__in=[f.instance.pk for f in forms])}
        for form in forms:
            milestone = current.get(form.instance.pk)
            for name in BASELINE_FIELDS:
                if name not in form.fields:
                    continue
                if milestone is not None:
                    form.initial[name] = getattr(milestone, name)
                form.fields[name].disabled = True
                form.fields[name].help_text = _rebaselining_help(form.instance.pk)

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("milestones")
        if formset is not None:
            for form in formset.deleted_forms:
                milestone = form.instance
                if milestone.pk and ProgressUpdate.objects.filter(milestone_id=milestone.pk).exists():
                    self.add_error(
                        None,
                        _("The milestone “%(title)s” has progress updates, so it cannot be removed.")
                        % {"title": milestone.title},
                    )
        return cleaned


class CommitmentPage(RecordPageContext, RecordPagePermissions, RoutedPage, Page):
    """The unit of promise, with OGP's identifier (UA0087) and its template texts."""

    ogp_id = models.CharField(
        _("OGP commitment ID"), max_length=32, unique=True, help_text=_("As OGP writes it: UA0087.")
    )
    number = models.CharField(
        _("number in the plan"),
        max_length=32,
        blank=True,
        default="",
        help_text=_("As the action plan publishes it: 12, 3.2.5, B.1.A."),
    )
    full_title = models.TextField(
        _("full title"),
        blank=True,
        help_text=_("The commitment's title in full, when longer than the page title."),
    )
    short_title = models.CharField(_("short title"), max_length=255, blank=True)
    theme = models.CharField(_("theme"), max_length=255, blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    problem = models.TextField(_("problem addressed"), blank=True)
    causes = models.TextField(_("causes of the problem"), blank=True)
    solution = models.TextField(_("commitment description"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    ogp_relevance = models.TextField(_("relevance to OGP values"), blank=True)
    policy_areas = ParentalManyToManyField(
        PolicyArea, blank=True, related_name="commitments", verbose_name=_("policy areas")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    start_date_text = models.CharField(
        _("start date as published"),
        max_length=100,
        blank=True,
        help_text=_("The start date as OGP wrote it, kept when it cannot be read as a date."),
    )
    end_date_text = models.CharField(
        _("end date as published"),
        max_length=100,
        blank=True,
        help_text=_("The end date as OGP wrote it, kept when it cannot be read as a date."),
    )
    lead_institutions_text = models.TextField(_("lead institution(s) as published"), blank=True)
    supporting_institutions_text = models.TextField(_("supporting institution(s) as published"), blank=True)
    ogp_url = models.URLField(_("page on the OGP site"), max_length=500, blank=True)
    ogp_extra = models.JSONField(
        _("other OGP columns"),
        default=dict,
        blank=True,
        help_text=_("Columns of OGP's export that have no field of their own, kept as published."),
    )
    # Withdrawal, as OGP records it: the commitment stays at its URL with its updates, marked
    # withdrawn with the reason. Written only by ``services.commitment_withdraw`` (staff), never
    # by the page form or a revision (see ``with_content_json``).
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        "tracker.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("ogp_id"), FieldPanel("number")]),
        FieldPanel("full_title"),
        FieldPanel("short_title"),
        FieldPanel("theme"),
        FieldPanel("policy_areas"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("start_date_text"), FieldPanel("end_date_text")]),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("problem"),
                FieldPanel("causes"),
                FieldPanel("solution"),
                FieldPanel("expected_results"),
                FieldPanel("ogp_relevance"),
                FieldPanel("full_text"),
            ],
            heading=_("Commitment template"),
        ),
        InlinePanel("milestones", heading=_("Milestones"), label=_("Milestone")),
        InlinePanel("stakeholder_roles", heading=_("Stakeholders"), label=_("Stakeholder role")),
        WithdrawalPanel(),
        MultiFieldPanel(
            [
                FieldPanel("lead_institutions_text"),
                FieldPanel("supporting_institutions_text"),
                FieldPanel("ogp_url"),
            ],
            heading=_("As published by OGP"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("ogp_id", boost=5),
        index.AutocompleteField("ogp_id"),
        index.SearchField("short_title", boost=2),
        index.SearchField("full_title"),
        index.SearchField("full_text"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]
    parent_page_types = ["commitments.ActionPlanPage"]
    subpage_types: list[str] = []
    base_form_class = CommitmentPageForm
    # Routed with its facts row (tracker.routing): the page's panels read it without a query;
    # and with whether each panel has anything to show (``page_context.routing_check``).
    routing_select_related = ("facts",)

    @staticmethod
    def routing_annotations() -> dict:
        from .page_context import routing_checks

        return routing_checks()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    @property
    def heading(self) -> str:
        return self.full_title or self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @cached_property
    def action_plan(self) -> ActionPlanPage | None:
        parent = self.get_parent()
        return parent.specific if parent else None

    def implementation_started(self, today: datetime.date | None = None) -> bool:
        """Whether the baseline is fixed (see ``rules.implementation_started``): from then on a
        milestone's due date and scope change only by an approved re-baselining."""
        plan = self.action_plan
        return rules.implementation_started(
            commitment_start=self.start_date,
            plan_start_year=plan.start_year if plan else None,
            plan_in_co_creation=bool(plan and plan.status == ActionPlanStatus.CO_CREATION),
            today=today or timezone.localdate(),
        )

    def with_content_json(self, content):
        """A revision as a page, keeping the milestones that have progress updates even if the
        revision predates them: publishing an old revision (by hand, on schedule or through a
        workflow) must not try to delete reported history, which the database protects.

        Revisions never carry the record's own decisions either: each milestone's status and
        date met (written by approved updates) and the withdrawal (written by
        ``services.commitment_withdraw``) are taken from the database, and a milestone new in
        the revision starts as scheduled. So no edit, revert or crafted POST changes them."""
        page = super().with_content_json(content)
        if self.pk:
            withdrawal = CommitmentPage.objects.filter(pk=self.pk).values(*WITHDRAWAL_FIELDS).first() or {}
            for name, value in withdrawal.items():
                setattr(page, name, value)
            stored = {
                m["pk"]: m
                for m in Milestone.objects.filter(commitment_id=self.pk).values("pk", "status", "date_met")
            }
            for milestone in page.milestones.all():
                recorded = stored.get(milestone.pk) if milestone.pk else None
                milestone.status = recorded["status"] if recorded else rules.MilestoneStatus.SCHEDULED
                milestone.date_met = recorded["date_met"] if recorded else None
            present = {m.pk for m in page.milestones.all() if m.pk}
            reported = list(
                Milestone.objects.filter(commitment_id=self.pk, updates__isnull=False)
                .exclude(pk__in=present)
                .distinct()
                .order_by("sort_order", "pk")
            )
            if reported:
                page.milestones.add(*reported)
        return page

    def loaded_facts(self) -> CommitmentFacts | None:
        """The facts row: no query when routing brought it (``routing_select_related``)."""
        if not self.pk:
            return None
        if not CommitmentPage.facts.is_cached(self):
            return CommitmentFacts.objects.filter(commitment_id=self.pk).first()
        return getattr(self, "facts", None)

    shared_parts = COMMITMENT_SHARED_PARTS

    def record_context(self) -> dict:
        from .selectors import commitment_page_context

        return commitment_page_context(self)


WITHDRAWAL_FIELDS = ("withdrawn_on", "withdrawal_reason", "withdrawn_by_id")


class Milestone(Orderable):
    """A verifiable step of a commitment, with OCDS's milestone status."""

    commitment = ParentalKey(CommitmentPage, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=500)
    expected_output = models.TextField(_("expected output"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=rules.MilestoneStatus.choices,
        default=rules.MilestoneStatus.SCHEDULED,
    )
    date_met = models.DateField(_("date met"), null=True, blank=True)
    # The baseline: the due date and scope as they stood before the first approved
    # re-baselining (written then, by ``progress.rebaselines``; never edited by hand).
    original_title = models.CharField(_("original title"), max_length=500, blank=True)
    original_expected_output = models.TextField(_("original expected output"), blank=True)
    original_end_date = models.DateField(_("original due date"), null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("expected_output"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        # Status and date met are read-only for everyone: only approved updates change them.
        MilestoneRecordPanel(),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        # Covering for the explorer's count of open milestones past due among a set of
        # commitments (status and date from the index, the commitment checked against the set).
        indexes = [models.Index(fields=["status", "end_date", "commitment"])]

    def __str__(self) -> str:
        return self.title

    @property
    def lateness(self) -> rules.Lateness:
        return rules.milestone_lateness(
            status=self.status, due_date=self.end_date, date_met=self.date_met, today=timezone.localdate()
        )

    @property
    def is_rebaselined(self) -> bool:
        """Whether the forum has approved a re-baselining (the title is never blank, so a
        stored original title marks it)."""
        return bool(self.original_title)

    @property
    def due_date_moved(self) -> bool:
        return self.is_rebaselined and self.original_end_date != self.end_date

    @property
    def original_lateness(self) -> rules.Lateness:
        """How the milestone stands against the original plan (its current due date when it was
        never re-baselined)."""
        due = self.original_end_date if self.is_rebaselined else self.end_date
        return rules.milestone_lateness(
            status=self.status, due_date=due, date_met=self.date_met, today=timezone.localdate()
        )

    @property
    def late_against_original_only(self) -> bool:
        """Late against the original plan, though not against the current due date."""
        return self.original_lateness in rules.LATE and self.lateness not in rules.LATE


class StakeholderRole(Orderable):
    """An organisation's part in a commitment; sectors give the Golden Triangle."""

    class Role(models.TextChoices):
        LEAD_IMPLEMENTER = "lead_implementer", _("Lead implementer")
        SUPPORTING_IMPLEMENTER = "supporting_implementer", _("Supporting implementer")
        MONITOR = "monitor", _("Monitor")
        DATA_PUBLISHER = "data_publisher", _("Data publisher")
        SERVICE_PROVIDER = "service_provider", _("Service provider")
        FUNDER = "funder", _("Funder")

    commitment = ParentalKey(CommitmentPage, on_delete=models.CASCADE, related_name="stakeholder_roles")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="stakeholder_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    panels = [FieldPanel("organisation"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("stakeholder role")
        verbose_name_plural = _("stakeholder roles")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organisation", "role"], name="stakeholder_role_unique"
            )
        ]
        # Covering for the explorer's lead-organisation counts (one role, grouped by organisation).
        indexes = [models.Index(fields=["role", "organisation", "commitment"])]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()}"


class IRMAssessment(models.Model):
    """One IRM report's assessment of one commitment, era-aware (see commitments.irm)."""

    commitment = models.ForeignKey(
        CommitmentPage,
        on_delete=models.CASCADE,
        related_name="irm_assessments",
        verbose_name=_("commitment"),
    )
    report_type = models.CharField(_("report"), max_length=24, choices=irm.ReportType.choices)
    publication_year = models.PositiveSmallIntegerField(_("year published"), null=True, blank=True)
    specificity = models.CharField(
        _("specificity"), max_length=16, choices=irm.Specificity.choices, blank=True
    )
    verifiable = models.BooleanField(_("verifiable"), null=True, blank=True)
    relevant = models.BooleanField(_("relevant to OGP values"), null=True, blank=True)
    access_to_information = models.BooleanField(_("access to information"), null=True, blank=True)
    civic_participation = models.BooleanField(_("civic participation"), null=True, blank=True)
    public_accountability = models.BooleanField(_("public accountability"), null=True, blank=True)
    technology = models.BooleanField(
        _("technology and innovation for transparency and accountability"), null=True, blank=True
    )
    potential_impact = models.CharField(
        _("potential impact"), max_length=16, choices=irm.PotentialImpact.choices, blank=True
    )
    potential_for_results = models.CharField(
        _("potential for results"), max_length=16, choices=irm.PotentialForResults.choices, blank=True
    )
    completion = models.CharField(_("completion"), max_length=16, choices=irm.Completion.choices, blank=True)
    open_government = models.CharField(
        _("did it open government?"), max_length=16, choices=irm.OpenGovernment.choices, blank=True
    )
    early_results = models.CharField(
        _("early results"), max_length=16, choices=irm.EarlyResults.choices, blank=True
    )
    carried_forward = models.BooleanField(_("carried forward"), null=True, blank=True)
    starred_reported = models.BooleanField(
        _("starred, as OGP reported it"),
        null=True,
        blank=True,
        help_text=_("OGP's star for this report under the current formula, as published."),
    )
    star_source = models.CharField(
        _("where the star comes from"),
        max_length=16,
        choices=irm.StarSource.choices,
        default=irm.StarSource.COMPUTED,
        help_text=_(
            "Published by OGP (kept as published), OGP published no star (none is computed), "
            "or computed by the tracker from the indicators (an assessment entered here)."
        ),
    )
    source_values = models.JSONField(
        _("values as published"),
        default=dict,
        blank=True,
        help_text=_("The export's columns for this report, as OGP wrote them."),
    )

    panels = [
        FieldRowPanel([FieldPanel("commitment"), FieldPanel("report_type"), FieldPanel("publication_year")]),
        FieldRowPanel([FieldPanel("specificity"), FieldPanel("verifiable")]),
        MultiFieldPanel(
            [
                FieldPanel("relevant"),
                FieldPanel("access_to_information"),
                FieldPanel("civic_participation"),
                FieldPanel("public_accountability"),
                FieldPanel("technology"),
            ],
            heading=_("Relevance to OGP values"),
        ),
        FieldRowPanel([FieldPanel("potential_impact"), FieldPanel("potential_for_results")]),
        FieldRowPanel([FieldPanel("completion"), FieldPanel("open_government"), FieldPanel("early_results")]),
        FieldPanel("carried_forward"),
    ]

    class Meta:
        verbose_name = _("IRM assessment")
        verbose_name_plural = _("IRM assessments")
        ordering = ["commitment", "publication_year", "report_type"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "report_type"], name="irm_assessment_unique_report")
        ]

    def __str__(self) -> str:
        return f"{self.commitment.ogp_id} – {self.get_report_type_display()}"

    @property
    def star_inputs(self) -> irm.StarInputs:
        return irm.StarInputs(
            specificity=self.specificity or None,
            verifiable=self.verifiable,
            relevant=self.relevant,
            potential_impact=self.potential_impact or None,
            completion=self.completion or None,
        )

    @property
    def formula(self) -> irm.Formula | None:
        """The IRM's star formula for this report's era (None: the 2021 method gives no star)."""
        return irm.formula_for(self.report_type, self.publication_year)

    @property
    def starred(self) -> bool | None:
        """The report's star: OGP's where OGP published one, none where OGP published no star,
        else computed from the indicators with the formula of the report's era."""
        return irm.report_star(
            star_source=self.star_source,
            starred_reported=self.starred_reported,
            report_type=self.report_type,
            publication_year=self.publication_year,
            inputs=self.star_inputs,
        )

    @property
    def starred_computed(self) -> bool | None:
        """The star the tracker computes from the indicators (its era's formula), published or not."""
        formula = self.formula
        return None if formula is None else irm.is_starred(self.star_inputs, formula)

    @property
    def starred_2015(self) -> bool | None:
        return irm.is_starred(self.star_inputs, irm.Formula.Y2015)

    @property
    def is_current_method(self) -> bool:
        """True for the IRM's method since 2021 (verifiable, potential for results)."""
        return self.report_type in (irm.ReportType.ACTION_PLAN_REVIEW, irm.ReportType.RESULTS)

    @property
    def relevance_values(self) -> list[str]:
        labels = [
            (self.access_to_information, _("Access to information")),
            (self.civic_participation, _("Civic participation")),
            (self.public_accountability, _("Public accountability")),
            (self.technology, _("Technology and innovation")),
        ]
        return [str(label) for flag, label in labels if flag]


class CommitmentFacts(models.Model):
    """What the explorer filters, sorts and counts on, one row per commitment.

    A denormalised copy kept by ``explorer.facts.commitment_facts_refresh`` whenever the record
    changes (page published, assessment saved, organisation's sector changed), so that the
    explorer works on one narrow, indexed table instead of joining the tree, milestones, roles
    and assessments for every row. Lateness depends on today's date, so only its ingredients
    are stored: ``next_open_due`` is compared with today at query time.
    """

    commitment = models.OneToOneField(
        CommitmentPage, on_delete=models.CASCADE, primary_key=True, related_name="facts"
    )
    # The page's own ``live``, copied so that the explorer counts on this table alone (publishing
    # and unpublishing refresh the facts).
    live = models.BooleanField(default=True)
    # Its policy areas' ids, ascending, comma-separated ("3,17"): the explorer counts commitments
    # per area by grouping on this column (a few thousand distinct sets at 20,000 commitments)
    # instead of reading the many-to-many table. Filtering still reads that table.
    area_ids = models.TextField(blank=True, default="")
    member = models.ForeignKey(
        MemberPage, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("OGP member")
    )
    action_plan = models.ForeignKey(
        ActionPlanPage, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("action plan")
    )
    region = models.CharField(_("region"), max_length=100, blank=True, db_index=True)
    level = models.CharField(_("national or local"), max_length=16, blank=True)
    plan_start_year = models.PositiveSmallIntegerField(_("plan start year"), null=True)
    plan_end_year = models.PositiveSmallIntegerField(_("plan end year"), null=True)
    completion = models.CharField(_("completion"), max_length=16, blank=True, db_index=True)
    potential_impact = models.CharField(_("potential impact"), max_length=16, blank=True)
    potential_for_results = models.CharField(_("potential for results"), max_length=16, blank=True)
    # The latest scored report's star (OGP's "Max star"): None where OGP published none (ND).
    starred = models.BooleanField(_("starred"), null=True, blank=True)
    milestones = models.PositiveIntegerField(_("milestones"), default=0)
    milestones_met = models.PositiveIntegerField(_("milestones met"), default=0)
    milestones_met_late = models.PositiveIntegerField(_("milestones met late"), default=0)
    milestones_not_met = models.PositiveIntegerField(_("milestones not met"), default=0)
    next_open_due = models.DateField(
        _("earliest due date of an open milestone"), null=True, blank=True, db_index=True
    )
    # Every open milestone's due date (ISO, in order): with today's date they say how many are
    # overdue, so member and action-plan pages count late milestones from this row alone.
    open_due_dates = models.JSONField(_("due dates of open milestones"), default=list, blank=True)
    plan_status = models.CharField(_("action plan status"), max_length=20, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (percent)"), null=True, blank=True, help_text=_("From its milestones.")
    )
    last_approved_update = models.DateField(_("last approved update"), null=True, blank=True)
    oldest_waiting_update = models.DateTimeField(_("oldest update waiting for review"), null=True, blank=True)
    has_government = models.BooleanField(default=False)
    has_civil_society = models.BooleanField(default=False)
    has_business = models.BooleanField(default=False)
    has_academia = models.BooleanField(default=False)
    has_multilateral = models.BooleanField(default=False)
    has_unknown = models.BooleanField(default=False)
    # Contracting data (commitments.contracting): links, and the flags computed from what they link to.
    contracting_links = models.PositiveIntegerField(_("linked processes and projects"), default=0)
    no_confirmed_budget = models.BooleanField(default=False)
    supplier_without_owners = models.BooleanField(default=False)
    single_tenderer = models.BooleanField(default=False)
    contract_amended = models.BooleanField(default=False)
    short_award_period = models.BooleanField(default=False)
    supplier_registered_late = models.BooleanField(default=False)
    # Civil-society scores (commitments.scores fills these): in the commitment's latest round
    # with published scores, the median completion, how many scores, and how many steps that
    # median sits from the government's reported progress (negative: below); milestones whose
    # latest approved update a published score contests and the POCs have not answered.
    cs_completion = models.CharField(_("civil-society completion"), max_length=16, blank=True, db_index=True)
    cs_scores = models.PositiveIntegerField(_("civil-society scores"), default=0)
    cs_divergence = models.SmallIntegerField(
        _("civil society against the government (steps)"), null=True, blank=True, db_index=True
    )
    contested = models.PositiveIntegerField(_("contested milestones without a reply"), default=0)
    # Kept by commitments.cases: the earliest deadline the implementer still has to meet on one
    # of the commitment's feedback cases (acknowledge or answer); passed means "case unanswered".
    earliest_case_due = models.DateTimeField(
        _("earliest open case deadline"), null=True, blank=True, db_index=True
    )
    # Kept by commitments.fieldwork: milestones whose latest visible site visit saw a status other
    # than the milestone's approved one (the "visit contradicts" flag).
    visits_contradicting = models.PositiveIntegerField(_("milestones a site visit contradicts"), default=0)

    class Meta:
        verbose_name = _("commitment facts")
        verbose_name_plural = _("commitment facts")
        indexes = [models.Index(fields=["member", "action_plan"])]

    def __str__(self) -> str:
        return str(self.commitment_id)


# -- the progress loop: updates, their history, followers ---------------------------------------


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")


WAITING_STATES = (UpdateState.SUBMITTED, UpdateState.RESUBMITTED)


def evidence_path(instance: ProgressUpdate, filename: str) -> str:
    return f"evidence/{timezone.now():%Y/%m}/{filename}"


def evidence_storage():
    """The "evidence" storage: private files, served only by ``update_evidence`` to those who
    may see the update (everyone, once it is approved)."""
    from django.core.files.storage import storages

    return storages["evidence"]


class ForumReviewed(models.Model):
    """What a POC writes and the member's forum reviews before it touches the public record
    (a progress update, a re-baselining): one life cycle, draft → submitted → returned →
    resubmitted → approved, with who decided and when."""

    state = models.CharField(
        _("state"), max_length=16, choices=UpdateState.choices, default=UpdateState.DRAFT, db_index=True
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approved or returned"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "tracker.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        abstract = True

    @property
    def is_waiting(self) -> bool:
        return self.state in WAITING_STATES


class ProgressUpdate(ForumReviewed):
    """A POC's dated report on a milestone. Only approved updates count, and they are final.

    The milestone's public status is written from the latest approved update by
    ``progress.services.progress_update_approve`` and written again after every publish of the
    commitment page (``progress.services.milestone_statuses_reapply``), so publishing an old revision
    never rolls an approved status back.
    """

    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.PROTECT,  # reported history is never lost with an edited milestone
        related_name="updates",
        verbose_name=_("milestone"),
    )
    author = models.ForeignKey(
        "tracker.User", on_delete=models.PROTECT, related_name="progress_updates", verbose_name=_("author")
    )
    status = models.CharField(_("milestone status"), max_length=16, choices=rules.MilestoneStatus.choices)
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    narrative = models.TextField(_("what was done"))
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_path, storage=evidence_storage, blank=True
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    as_of = models.DateField(_("date"), default=timezone.localdate)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-as_of", "-pk"]
        indexes = [models.Index(fields=["state", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100), name="progress_update_percent_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone} – {self.as_of} ({self.get_state_display()})"

    # OGP was founded in 2011: no update is dated before its first action plans.
    OGP_FIRST_YEAR = 2011

    def date_range(self) -> tuple[datetime.date, datetime.date]:
        """The dates an update may have: from the start of its action plan (1 January of its
        first year; OGP's founding year if the plan has none) to today, not in the future."""
        plan = self.milestone.commitment.get_parent().specific
        start_year = getattr(plan, "start_year", None) or self.OGP_FIRST_YEAR
        return datetime.date(start_year, 1, 1), timezone.localdate()

    def clean(self) -> None:
        """Every problem at once (a person fixes them in one round), by field."""
        from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
        from django.utils.formats import date_format

        errors: dict[str, str] = {}
        if not self.evidence_file and not self.evidence_url:
            errors[NON_FIELD_ERRORS] = _("Give evidence: a file or a link.")
        if self.status == rules.MilestoneStatus.MET and self.percent_complete != 100:
            errors["percent_complete"] = _("A met milestone is complete: its percent complete is 100.")
        if self.as_of and self.milestone_id:
            first, last = self.date_range()
            if not first <= self.as_of <= last:
                errors["as_of"] = _(
                    "Give a date from %(first)s (the start of the action plan) to %(last)s (today)."
                ) % {"first": date_format(first, "DATE_FORMAT"), "last": date_format(last, "DATE_FORMAT")}
        if errors:
            raise ValidationError(errors)

    @property
    def evidence_href(self) -> str:
        """Where the evidence is: the link given, or the view that serves the file to those who
        may see this update."""
        if self.evidence_file:
            from django.urls import reverse

            return reverse("commitments:update_evidence", args=[self.pk])
        return self.evidence_url


class UpdateEvent(models.Model):
    """One step of an update's life: who did what, when. Append-only."""

    class Action(models.TextChoices):
        CREATED = "created", _("Drafted")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved")

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey("tracker.User", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("update event")
        verbose_name_plural = _("update events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.update_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Rebaseline(ForumReviewed):
    """A change to a milestone's due date or scope (title, expected output) after the start of
    implementation: proposed by a POC with a reason, reviewed by the forum like a progress
    update (same states, same review), and applied to the milestone only when approved.

    ``previous_*`` hold the milestone as it stood when the change was proposed (written again
    on approval), ``new_*`` what it becomes: together they are the public "from → to".
    """

    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="rebaselines", verbose_name=_("milestone")
    )
    author = models.ForeignKey(
        "tracker.User", on_delete=models.PROTECT, related_name="rebaselines", verbose_name=_("author")
    )
    reason = models.TextField(_("reason for the change"))
    previous_title = models.CharField(_("title before"), max_length=500)
    previous_expected_output = models.TextField(_("expected output before"), blank=True)
    previous_end_date = models.DateField(_("due date before"), null=True, blank=True)
    new_title = models.CharField(_("title"), max_length=500)
    new_expected_output = models.TextField(_("expected output"), blank=True)
    new_end_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("re-baselining")
        verbose_name_plural = _("re-baselinings")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.milestone} – {self.get_state_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if not self.reason.strip():
            errors["reason"] = _("Say why the milestone changes.")
        if not self.new_title.strip():
            errors["new_title"] = _("A milestone needs a title.")
        if not errors and not (self.moves_due_date or self.changes_title or self.changes_expected_output):
            errors["__all__"] = _("Nothing changes: give a new due date, title or expected output.")
        if errors:
            raise ValidationError(errors)

    @property
    def moves_due_date(self) -> bool:
        return self.new_end_date != self.previous_end_date

    @property
    def changes_title(self) -> bool:
        return self.new_title.strip() != self.previous_title.strip()

    @property
    def changes_expected_output(self) -> bool:
        return self.new_expected_output.strip() != self.previous_expected_output.strip()

    def change_lines(self) -> list[str]:
        """What changes, as sentences in the active language with its date format: "Due date
        moved from 31 March 2022 to 30 June 2027", the title and expected output likewise."""
        from django.utils.formats import date_format

        def day(value: datetime.date | None) -> str:
            return date_format(value, "DATE_FORMAT") if value else str(_("no due date"))

        lines = []
        if self.moves_due_date:
            lines.append(
                _("Due date moved from %(old)s to %(new)s")
                % {"old": day(self.previous_end_date), "new": day(self.new_end_date)}
            )
        if self.changes_title:
            lines.append(
                _("Title changed from “%(old)s” to “%(new)s”")
                % {"old": self.previous_title, "new": self.new_title}
            )
        if self.changes_expected_output:
            lines.append(
                _("Expected output changed from “%(old)s” to “%(new)s”")
                % {
                    "old": self.previous_expected_output or _("none"),
                    "new": self.new_expected_output or _("none"),
                }
            )
        return lines


class RebaselineEvent(models.Model):
    """One step of a re-baselining's life (the actions of an update's). Append-only."""

    rebaseline = models.ForeignKey(Rebaseline, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey("tracker.User", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=16, choices=UpdateEvent.Action.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("re-baselining event")
        verbose_name_plural = _("re-baselining events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.rebaseline_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Follow(models.Model):
    """A signed-in person follows a commitment, an action plan or a member."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        DAILY = "daily", _("Daily digest")

    user = models.ForeignKey("tracker.User", on_delete=models.CASCADE, related_name="follows")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("followed"))
    frequency = models.CharField(
        _("how often"), max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    language = models.CharField(_("language of the emails"), max_length=8, default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="follow_unique_user_page")]

    def __str__(self) -> str:
        return f"{self.user} → {self.page_id}"


class ReminderSent(models.Model):
    """So that each reminder goes once: (kind, object, day) is unique."""

    kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "day"], name="reminder_sent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.day}"
