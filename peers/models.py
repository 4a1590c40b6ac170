"""Peer networks: who belongs, the practice library, and the people who act for members.

Networks and practices are pages (URLs, drafts, revisions, Wagtail workflows and per-network
page permissions on the network's subtree). Who belongs is kept in plain models changed through
``peers.services`` by the network's administrators (never in page revisions, so that publishing
an old revision cannot undo a membership decision):

- ``NetworkMember`` — an OGP member or an organisation, with its role in the network;
- ``NetworkPerson`` — a person, who joined through one of their organisations, with their
  rights in the network (member, editor, administrator);
- ``NetworkJoinRequest`` — a person's request, decided by the network's administrators.
"""

from __future__ import annotations

from django_countries.fields import CountryField

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from commitments.models import CommitmentPage, MemberPage, PolicyArea
from tracker.models import Organisation


def page_context(page, request) -> dict:
    from .selectors import page_context as build

    return build(page, request)


RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class PeersIndexPage(Page):
    """/<lang>/peers/: the networks and the way into the practice library."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["tracker.HomePage"]
    subpage_types = ["peers.NetworkPage", "peers.PracticeLibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("peers index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context(self, request))
        return context


class NetworkPage(Page):
    """A peer network (e.g. Contracting 5): its charter, workstreams, members and practices."""

    summary = models.TextField(_("summary"), blank=True, max_length=600)
    charter = RichTextField(_("charter"), blank=True, features=RICH_FEATURES)
    contact_email = models.EmailField(_("contact email"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("charter"),
        InlinePanel("workstreams", heading=_("Workstreams"), label=_("workstream")),
        FieldPanel("contact_email"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("charter")]
    parent_page_types = ["peers.PeersIndexPage"]
    subpage_types = ["peers.PracticePage", "peers.EventPage"]

    class Meta:
        verbose_name = _("peer network")
        verbose_name_plural = _("peer networks")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context(self, request))
        return context


class NetworkWorkstream(Orderable):
    """One strand of a network's work (OCDS implementation, open-source tools, …)."""

    network = ParentalKey(NetworkPage, on_delete=models.CASCADE, related_name="workstreams")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")

    def __str__(self) -> str:
        return self.title


class NetworkMember(models.Model):
    """An OGP member or an organisation taking part in a network, with its role."""

    class Role(models.TextChoices):
        FOUNDING_MEMBER = "founding_member", _("Founding member")
        MEMBER = "member", _("Member")
        EX_OFFICIO = "ex_officio", _("Ex-officio partner")
        SUPPORTER = "supporter", _("Supporter")

    network = models.ForeignKey(
        NetworkPage, on_delete=models.CASCADE, related_name="members", verbose_name=_("network")
    )
    ogp_member = models.ForeignKey(
        MemberPage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="network_memberships",
        verbose_name=_("OGP member"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="network_memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    panels = [
        FieldPanel("network"),
        FieldRowPanel([FieldPanel("ogp_member"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("joined_on")]),
    ]

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(ogp_member__isnull=False, organisation__isnull=True)
                    | models.Q(ogp_member__isnull=True, organisation__isnull=False)
                ),
                name="network_member_member_or_organisation",
                violation_error_message=_("Choose either an OGP member or an organisation, not both."),
            ),
            models.UniqueConstraint(
                fields=["network", "ogp_member"], name="network_member_unique_ogp_member"
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"], name="network_member_unique_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def name(self) -> str:
        if self.ogp_member_id:
            return self.ogp_member.display_name
        return self.organisation.name if self.organisation_id else ""


class NetworkRole(models.TextChoices):
    """A person's rights in a network (see ``peers.permissions``)."""

    MEMBER = "member", _("Member")
    EDITOR = "editor", _("Editor")
    ADMINISTRATOR = "administrator", _("Administrator")


class NetworkPerson(models.Model):
    """A person in a network, who joined through one of their organisations."""

    network = models.ForeignKey(
        NetworkPage, on_delete=models.CASCADE, related_name="people", verbose_name=_("network")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_roles",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="network_people",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=NetworkRole.choices, default=NetworkRole.MEMBER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    panels = [
        FieldPanel("network"),
        FieldPanel("user"),
        FieldPanel("organisation"),
        FieldPanel("role"),
    ]

    class Meta:
        verbose_name = _("person in a network")
        verbose_name_plural = _("people in networks")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="network_person_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.network} ({self.get_role_display()})"


class NetworkJoinRequest(models.Model):
    """A person's request to join a network through one of their organisations.

    Decided by the network's administrators (or staff), as organisations' own requests are;
    every request stays on record with who decided and when.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    network = models.ForeignKey(
        NetworkPage, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("network")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_join_requests",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    role = models.CharField(_("role given"), max_length=16, choices=NetworkRole.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("network join request")
        verbose_name_plural = _("network join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=models.Q(status="pending"),
                name="network_join_request_one_pending",
                violation_error_message=_("You have already asked to join this network."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.network} ({self.get_status_display()})"


class PracticeLibraryPage(Page):
    """/<lang>/peers/practices/: every published practice, filtered, searched and ranked."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["peers.PeersIndexPage"]
    subpage_types = ["peers.PracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("practice library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context(self, request))
        return context


class OcdsStage(models.Model):
    """A stage of the contracting process, as OCDS names them (rows made by the migration)."""

    class Code(models.TextChoices):
        PLANNING = "planning", _("Planning")
        TENDER = "tender", _("Tender")
        AWARD = "award", _("Award")
        CONTRACT = "contract", _("Contract")
        IMPLEMENTATION = "implementation", _("Implementation")

    code = models.CharField(_("code"), max_length=16, choices=Code.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("OCDS stage")
        verbose_name_plural = _("OCDS stages")

    def __str__(self) -> str:
        return str(self.get_code_display())


class PracticePage(Page):
    """A practice: what a government did, what came of it, and the commitments that used it.

    Written under a network (by its members, approved by its editors through the network's
    workflow) or under the site-wide library. May exist in English and Spanish: the two pages
    share Wagtail's ``translation_key`` and have the locale of their ``language``.
    """

    summary = models.TextField(_("summary"), max_length=600, blank=True)
    context = models.TextField(_("context"), blank=True)
    problem = models.TextField(_("the problem"), blank=True)
    what_was_done = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    evidence_url = models.URLField(_("evidence of results (link)"), max_length=500, blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    cost = models.CharField(_("what it cost"), max_length=255, blank=True)
    duration = models.CharField(_("how long it took"), max_length=255, blank=True)
    contact = models.TextField(_("who to contact"), blank=True, max_length=1000)
    policy_areas = ParentalManyToManyField(
        PolicyArea, blank=True, related_name="practices", verbose_name=_("policy areas")
    )
    ocds_stages = ParentalManyToManyField(
        OcdsStage, blank=True, related_name="practices", verbose_name=_("OCDS stages")
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, db_index=True
    )
    # The network the practice was written in (kept from its place in the tree on save; empty in
    # the site-wide library): what the library's "network" facet filters on.
    network = models.ForeignKey(
        NetworkPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="practices",
        verbose_name=_("network"),
    )

    # The practice this one translates (the other language's page): both then share Wagtail's
    # translation_key, each with the locale of its language (see ``save``).
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translation of"),
        help_text=_("The same practice in the other language, if it exists."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("context"),
                FieldPanel("problem"),
                FieldPanel("what_was_done"),
                FieldPanel("results"),
                FieldPanel("evidence_url"),
                FieldPanel("lessons"),
                FieldRowPanel([FieldPanel("cost"), FieldPanel("duration")]),
                FieldPanel("contact"),
            ],
            heading=_("The practice"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("policy_areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("ocds_stages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("countries"),
                FieldPanel("language"),
                FieldPanel("translation_of"),
            ],
            heading=_("Tags"),
        ),
        InlinePanel("commitment_links", heading=_("Commitments that applied it"), label=_("commitment")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("context"),
        index.SearchField("problem"),
        index.SearchField("what_was_done"),
        index.SearchField("results"),
        index.SearchField("lessons"),
        index.FilterField("language"),
        index.FilterField("network"),
    ]
    parent_page_types = ["peers.NetworkPage", "peers.PracticeLibraryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def clean(self):
        super().clean()
        other = self.translation_of
        if other is not None and (other.pk == self.pk or other.language == self.language):
            raise ValidationError({"translation_of": _("A translation is a practice in the other language.")})

    def save(self, *args, **kwargs):
        self.network = self.network_from_tree()
        # Wagtail's translations: one translation_key, one locale per language.
        self.locale = Locale.objects.get_or_create(language_code=self.language)[0]
        if self.translation_of_id:
            self.translation_key = (
                PracticePage.objects.filter(pk=self.translation_of_id)
                .values_list("translation_key", flat=True)
                .get()
            )
        return super().save(*args, **kwargs)

    def other_languages(self):
        """The live translations of this practice (its other-language pages)."""
        return PracticePage.objects.live().filter(translation_key=self.translation_key).exclude(pk=self.pk)

    def network_from_tree(self) -> NetworkPage | None:
        parent = self.get_parent() if self.pk or self.path else None
        if parent is None:
            return None
        return NetworkPage.objects.filter(pk=parent.pk).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context(self, request))
        return context


class PracticeCommitment(Orderable):
    """A commitment (of any OGP member) that applied the practice."""

    practice = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="commitment_links")
    commitment = models.ForeignKey(
        CommitmentPage, on_delete=models.CASCADE, related_name="practice_links", verbose_name=_("commitment")
    )
    note = models.CharField(_("how it applied the practice"), max_length=500, blank=True)

    panels = [FieldPanel("commitment"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("commitment that applied the practice")
        verbose_name_plural = _("commitments that applied the practice")
        constraints = [
            models.UniqueConstraint(fields=["practice", "commitment"], name="practice_commitment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.practice} – {self.commitment}"


# Questions, exchanges and events (issue 14, second half) keep their models in their own package.
from .talk import models as talk_models  # noqa: E402, F401
