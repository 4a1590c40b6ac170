"""What the API and the bulk download publish of each record: public fields only.

Never: users (authors, reviewers, who withdrew), email addresses, memberships, drafts or
unapproved updates, return reasons, evidence files of anything not approved. The open-data page
documents the fields from these serializers (``open_data.field_docs``), so the docs cannot drift.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from tracker.models import Organisation

from ..flags import flags_for
from ..models import ActionPlanPage, CommitmentPage, IRMAssessment, MemberPage, Milestone, ProgressUpdate

PAGE_HELP = _("Its public page on this site.")
API_HELP = _("Its address in this API.")
COMMITMENT_HELP = _("The OGP identifier of its commitment.")
COUNTRY_HELP = _("ISO 3166 country code.")
MEMBER_HELP = _("The OGP code of its member.")


def absolute(context: dict, path: str) -> str:
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def page_url(context: dict, page) -> str:
    """The page's public address in the site's default language, from its tree path (the site's
    root path is read once per serialization: Wagtail's ``get_url`` would look it up per page)."""
    return path_url(context, page.url_path)


def path_url(context: dict, url_path: str) -> str:
    """``page_url`` from a page's ``url_path``."""
    root = context.get("site_root_path")
    if root is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        root = context["site_root_path"] = site.root_page.url_path if site else "/"
    if not url_path.startswith(root):
        return ""
    return absolute(context, f"/{settings.LANGUAGE_CODE}/{url_path[len(root) :]}")


def api_url(context: dict, name: str, key) -> str:
    """The record's address in the API (the URL pattern is reversed once per serialization)."""
    memo = f"api-url:{name}"
    if memo not in context:
        context[memo] = absolute(context, reverse(f"api:{name}-detail", args=["KEY"]))
    return context[memo].replace("/KEY/", f"/{key}/")


class OrganisationSerializer(serializers.ModelSerializer):
    website = serializers.CharField(read_only=True, help_text=_("Its website, or an empty text."))
    org_id = serializers.CharField(
        read_only=True, help_text=_("The org-id (scheme-identifier), as OCDS writes it.")
    )
    country = serializers.CharField(source="country.code", read_only=True, help_text=COUNTRY_HELP)

    class Meta:
        model = Organisation
        fields = ["id", "name", "sector", "country", "scheme", "identifier", "org_id", "website"]


class MemberSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=PAGE_HELP)
    api_url = serializers.SerializerMethodField(help_text=API_HELP)
    country = serializers.CharField(source="country.code", read_only=True, help_text=COUNTRY_HELP)

    class Meta:
        model = MemberPage
        fields = ["code", "title", "level", "region", "country", "url", "api_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return page_url(self.context, obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "member", obj.code)


class ActionPlanSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member_code", read_only=True, default="", help_text=MEMBER_HELP)
    url = serializers.SerializerMethodField(help_text=PAGE_HELP)
    api_url = serializers.SerializerMethodField(help_text=API_HELP)

    class Meta:
        model = ActionPlanPage
        fields = [
            "plan_id",
            "title",
            "member",
            "number",
            "start_year",
            "end_year",
            "status",
            "url",
            "api_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return page_url(self.context, obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "plan", obj.plan_id)


class MilestoneSerializer(serializers.ModelSerializer):
    commitment = serializers.CharField(source="commitment.ogp_id", read_only=True, help_text=COMMITMENT_HELP)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "commitment",
            "title",
            "expected_output",
            "start_date",
            "end_date",
            "status",
            "date_met",
            "original_title",
            "original_expected_output",
            "original_end_date",
        ]


class ProgressUpdateSerializer(serializers.ModelSerializer):
    """An approved progress update (only approved updates are public)."""

    milestone = serializers.IntegerField(
        source="milestone_id", read_only=True, help_text=_("The id of its milestone.")
    )
    commitment = serializers.CharField(
        source="milestone.commitment.ogp_id", read_only=True, help_text=COMMITMENT_HELP
    )
    evidence = serializers.SerializerMethodField(
        help_text=_("The evidence: a link, or the address of the file (public once approved).")
    )
    approved_at = serializers.DateTimeField(
        source="decided_at", read_only=True, help_text=_("When the forum approved it.")
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "milestone",
            "commitment",
            "as_of",
            "status",
            "percent_complete",
            "narrative",
            "evidence",
            "approved_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_evidence(self, obj) -> str:
        """The evidence link, or the address of the evidence file (public once approved)."""
        href = obj.evidence_href
        return absolute(self.context, href) if href.startswith("/") else href


class IRMAssessmentSerializer(serializers.ModelSerializer):
    commitment = serializers.CharField(source="commitment.ogp_id", read_only=True, help_text=COMMITMENT_HELP)

    class Meta:
        model = IRMAssessment
        fields = [
            "id",
            "commitment",
            "report_type",
            "publication_year",
            "specificity",
            "verifiable",
            "relevant",
            "access_to_information",
            "civic_participation",
            "public_accountability",
            "technology",
            "potential_impact",
            "potential_for_results",
            "completion",
            "open_government",
            "early_results",
            "carried_forward",
            "starred_reported",
        ]


class StakeholderSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id")
    name = serializers.CharField(source="organisation.name")
    sector = serializers.CharField(source="organisation.sector")
    role = serializers.CharField()


class MilestoneCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="milestones")
    met = serializers.IntegerField(source="milestones_met")
    met_late = serializers.IntegerField(source="milestones_met_late")
    not_met = serializers.IntegerField(source="milestones_not_met")
    next_open_due = serializers.DateField(allow_null=True)


COMMITMENT_LIST_FIELDS = [
    "ogp_id",
    "title",
    "short_title",
    "number",
    "theme",
    "member",
    "action_plan",
    "region",
    "policy_areas",
    "start_date",
    "end_date",
    "withdrawn_on",
    "withdrawal_reason",
    "completion",
    "starred",
    "progress",
    "last_approved_update",
    "milestone_counts",
    "red_flags",
    "stakeholders",
    "url",
    "api_url",
]


class CommitmentSerializer(serializers.ModelSerializer):
    member = serializers.CharField(
        source="facts.member.code", read_only=True, default="", help_text=MEMBER_HELP
    )
    action_plan = serializers.CharField(
        source="facts.action_plan.plan_id",
        read_only=True,
        default="",
        help_text=_("The OGP identifier of its action plan."),
    )
    region = serializers.CharField(source="facts.region", read_only=True, help_text=_("Its member's region."))
    policy_areas = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text=_("OGP's policy areas, by slug.")
    )
    completion = serializers.CharField(
        source="facts.completion", read_only=True, help_text=_("Completion in the IRM's latest assessment.")
    )
    starred = serializers.BooleanField(
        source="facts.starred",
        read_only=True,
        allow_null=True,
        help_text=_("Starred by the IRM; null when no star was published."),
    )
    progress = serializers.IntegerField(
        source="facts.progress",
        read_only=True,
        allow_null=True,
        help_text=_("Percent complete, from its milestones' approved updates."),
    )
    last_approved_update = serializers.DateField(
        source="facts.last_approved_update",
        read_only=True,
        allow_null=True,
        help_text=_("The date of its latest approved update."),
    )
    milestone_counts = MilestoneCountsSerializer(
        source="facts",
        read_only=True,
        help_text=_("How many milestones: in all, met, met late, not met; the next open due date."),
    )
    red_flags = serializers.SerializerMethodField(
        help_text=_("The codes of the red flags raised on the commitment today.")
    )
    stakeholders = StakeholderSerializer(
        source="stakeholder_roles",
        many=True,
        read_only=True,
        help_text=_("The organisations with a role in it: id, name, sector, role."),
    )
    url = serializers.SerializerMethodField(help_text=PAGE_HELP)
    api_url = serializers.SerializerMethodField(help_text=API_HELP)

    class Meta:
        model = CommitmentPage
        fields = COMMITMENT_LIST_FIELDS

    def get_red_flags(self, obj) -> list[str]:
        """The codes of the red flags raised on the commitment today."""
        return [flag.code for flag in flags_for(getattr(obj, "facts", None), timezone.now())]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return page_url(self.context, obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "commitment", obj.ogp_id)


class CommitmentDetailSerializer(CommitmentSerializer):
    ogp_url = serializers.CharField(
        read_only=True, help_text=_("Its page on the OGP site, or an empty text.")
    )
    milestones = MilestoneSerializer(many=True, read_only=True, help_text=_("Its milestones."))
    irm_assessments = IRMAssessmentSerializer(
        many=True, read_only=True, help_text=_("The IRM's assessments of it.")
    )

    class Meta:
        model = CommitmentPage
        fields = [
            *COMMITMENT_LIST_FIELDS,
            "full_title",
            "problem",
            "causes",
            "solution",
            "expected_results",
            "ogp_relevance",
            "lead_institutions_text",
            "supporting_institutions_text",
            "ogp_url",
            "milestones",
            "irm_assessments",
        ]
