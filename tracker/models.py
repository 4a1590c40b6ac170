"""Site-wide models: people, the organisations they speak for, and the home page.

Rights come from memberships, never from ad-hoc flags on users (see DESIGN.md).
"""

from django_countries.fields import CountryField

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class User(AbstractUser):
    """The project's user model, in place from the first migration so it can grow freely."""

    # The language of the emails we send this person; set from the page's language at sign-up.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Sector(models.TextChoices):
    """The corner of the Golden Triangle an organisation speaks for."""

    GOVERNMENT = "government", _("Government")
    BUSINESS = "business", _("Business")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    MULTILATERAL = "multilateral", _("Multilateral")
    # The name does not say, and nobody has said yet: counts in no corner of the Golden
    # Triangle until staff set it in the admin.
    UNKNOWN = "unknown", _("Unknown")


# The order sectors are shown in everywhere (pages, explorer, exports, reports): the Golden
# Triangle's three corners first, then the others, and "unknown" last (shown only when some
# organisation has it; it is never a corner).
SECTOR_ORDER = (
    Sector.GOVERNMENT,
    Sector.CIVIL_SOCIETY,
    Sector.BUSINESS,
    Sector.ACADEMIA,
    Sector.MULTILATERAL,
    Sector.UNKNOWN,
)
GOLDEN_TRIANGLE = (Sector.GOVERNMENT, Sector.CIVIL_SOCIETY, Sector.BUSINESS)


def ancestor_paths(page: Page) -> list[str]:
    """The tree paths of a page and of every page above it (for one-query ancestor lookups)."""
    return [page.path[: Page.steplen * depth] for depth in range(1, page.depth + 1)]


class Organisation(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=255)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    country = CountryField(_("country"), blank=True)
    # An org-id (https://org-id.guide), as OCDS and BODS use: scheme "UA-EDR" + identifier.
    scheme = models.CharField(_("identifier scheme"), max_length=32, blank=True)
    identifier = models.CharField(_("identifier"), max_length=128, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("sector"),
        FieldPanel("country"),
        MultiFieldPanel(
            [FieldPanel("scheme"), FieldPanel("identifier")],
            heading=_("Organisation identifier (org-id)"),
        ),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("identifier"),
        index.FilterField("sector"),
        index.FilterField("country"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "identifier"],
                condition=~models.Q(identifier=""),
                name="organisation_unique_org_id",
            ),
        ]
        indexes = [models.Index(fields=["name", "country"])]

    def __str__(self) -> str:
        return self.name

    @property
    def org_id(self) -> str:
        """The org-id as OCDS writes it (``UA-EDR-12345678``), or "" when unknown."""
        if self.scheme and self.identifier:
            return f"{self.scheme}-{self.identifier}"
        return ""


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class MembershipRequest(models.Model):
    """A person's request to join an organisation, decided by its administrators or by staff.

    Kept apart from Membership (rather than a status on it) so that a Membership always means
    a right, and every request, whatever became of it, stays on record with who decided and when.
    Approving creates the Membership with the role the decider chose.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="membership_requests", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="membership_requests",
        verbose_name=_("organisation"),
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    role = models.CharField(_("role given"), max_length=20, choices=Membership.Role.choices, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="membership_request_one_pending",
                violation_error_message=_("You have already asked to join this organisation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"


class HomePage(Page):
    """The site's root page: what this is, headline numbers, ways in."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["commitments.MemberPage", "peers.PeersIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """The page at the path and its ancestors in one query (``tracker.routing``), or as
        Wagtail routes when that does not apply."""
        from .routing import route_in_one_query

        if (page := route_in_one_query(self, path_components)) is not None:
            return page.route(request, [])
        return super().route(request, path_components)
