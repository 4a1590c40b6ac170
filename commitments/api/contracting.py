"""The API's contracting endpoints (``commitments.contracting``'s data): contracting processes
(OCDS) with the public commitments linked to them, the links themselves, infrastructure projects
(OC4IDS), budget lines, and beneficial-ownership statements (BODS) exactly as published, each
with its source.

A link is public only on a public commitment; who made it is never shown.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from ..contracting.models import (
    BodsEntity,
    BodsPerson,
    BodsRelationship,
    BudgetLine,
    ContractingProcess,
    DataSource,
    InfrastructureProject,
    ProcessAward,
    ProcessLink,
    ProjectLink,
)
from .selectors import public_commitment_q
from .serializers import COMMITMENT_HELP
from .views import ReadOnly, by_commitment, get_or_404

LINKS_HELP = _("The public commitments (and milestones) linked to it, with the relation.")
SOURCE_HELP = _("The file it was imported from: its publisher, address and licence.")


class SourceSerializer(serializers.ModelSerializer):
    uri = serializers.CharField(read_only=True)
    license = serializers.CharField(read_only=True)

    class Meta:
        model = DataSource
        fields = ["kind", "name", "uri", "publisher", "license", "published", "version"]


class LinkSerializer(serializers.Serializer):
    commitment = serializers.CharField(source="commitment.ogp_id", help_text=COMMITMENT_HELP)
    milestone = serializers.IntegerField(source="milestone_id", allow_null=True, default=None)
    relation = serializers.CharField()


class ProcessLinkSerializer(serializers.ModelSerializer):
    commitment = serializers.CharField(source="commitment.ogp_id", read_only=True, help_text=COMMITMENT_HELP)

    class Meta:
        model = ProcessLink
        fields = ["id", "commitment", "milestone", "ocid", "relation", "created_at"]


class ProjectLinkSerializer(serializers.ModelSerializer):
    commitment = serializers.CharField(source="commitment.ogp_id", read_only=True, help_text=COMMITMENT_HELP)

    class Meta:
        model = ProjectLink
        fields = ["id", "commitment", "project_id", "relation", "created_at"]


class PartySerializer(serializers.Serializer):
    name = serializers.CharField()
    scheme = serializers.CharField()
    identifier = serializers.CharField()


class AwardSerializer(serializers.ModelSerializer):
    suppliers = PartySerializer(many=True, read_only=True)

    class Meta:
        model = ProcessAward
        fields = ["award_id", "title", "status", "date", "amount", "currency", "suppliers"]


class ContractSerializer(serializers.Serializer):
    contract_id = serializers.CharField()
    award_id = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    period_start = serializers.DateTimeField(allow_null=True)
    period_end = serializers.DateTimeField(allow_null=True)
    date_signed = serializers.DateTimeField(allow_null=True)
    paid_amount = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)


def _links(context: dict, key: str):
    return LinkSerializer(context.get("links", {}).get(key, []), many=True).data


class ProcessSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True, help_text=SOURCE_HELP)
    awards = AwardSerializer(many=True, read_only=True)
    contracts = ContractSerializer(many=True, read_only=True)
    links = serializers.SerializerMethodField(help_text=LINKS_HELP)

    class Meta:
        model = ContractingProcess
        fields = [
            "ocid",
            "title",
            "buyer_name",
            "buyer_scheme",
            "buyer_identifier",
            "procurement_method",
            "procurement_method_details",
            "tender_status",
            "tender_amount",
            "tender_currency",
            "number_of_tenderers",
            "tender_start",
            "tender_end",
            "award_start",
            "award_end",
            "first_award_date",
            "first_contract_signed",
            "first_release_date",
            "last_release_date",
            "release_count",
            "awards",
            "contracts",
            "links",
            "source",
        ]

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, obj):
        return _links(self.context, obj.ocid)


class ProjectProcessSerializer(serializers.Serializer):
    ocid = serializers.CharField()
    title = serializers.CharField()


class ProjectSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True, help_text=SOURCE_HELP)
    processes = ProjectProcessSerializer(many=True, read_only=True)
    links = serializers.SerializerMethodField(help_text=LINKS_HELP)

    class Meta:
        model = InfrastructureProject
        fields = [
            "project_id",
            "title",
            "status",
            "public_authority",
            "budget_amount",
            "budget_currency",
            "period_start",
            "period_end",
            "completion_date",
            "completion_amount",
            "completion_currency",
            "completion_details",
            "updated",
            "processes",
            "links",
            "source",
        ]

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, obj):
        return _links(self.context, obj.project_id)


class BudgetLineSerializer(serializers.ModelSerializer):
    ocid = serializers.CharField(source="process.ocid", read_only=True, default="")
    project = serializers.CharField(source="project.project_id", read_only=True, default="")
    uri = serializers.CharField(read_only=True)
    source = SourceSerializer(read_only=True, help_text=SOURCE_HELP)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "ocid",
            "project",
            "budget_id",
            "budget_project_id",
            "description",
            "amount",
            "currency",
            "uri",
            "source",
        ]


class StatementSerializer(serializers.Serializer):
    statement_id = serializers.CharField()
    data = serializers.JSONField(help_text=_("The statement exactly as published."))


class PublishedStatementSerializer(StatementSerializer):
    """A BODS entity or person statement, as published, with its source (the bulk download)."""

    statement_date = serializers.DateField(allow_null=True)
    source = SourceSerializer(read_only=True, help_text=SOURCE_HELP)


class OwnerSerializer(serializers.ModelSerializer):
    """An ownership-or-control statement (BODS) exactly as published, with the statements of its
    subject and its interested party (an entity or a person) as published, and its source."""

    data = serializers.JSONField(read_only=True, help_text=_("The statement exactly as published."))
    subject_statement = serializers.SerializerMethodField(
        help_text=_("The subject's statement, as published.")
    )
    interested_party_statement = serializers.SerializerMethodField(
        help_text=_("The interested party's statement (an entity or a person), as published.")
    )
    source = SourceSerializer(read_only=True, help_text=SOURCE_HELP)

    class Meta:
        model = BodsRelationship
        fields = [
            "statement_id",
            "statement_date",
            "subject",
            "interested_party",
            "unspecified_reason",
            "interests",
            "data",
            "subject_statement",
            "interested_party_statement",
            "source",
        ]

    def _statement(self, statement_id: str):
        found = self.context.get("statements", {}).get(statement_id)
        return StatementSerializer(found).data if found else None

    @extend_schema_field(StatementSerializer(allow_null=True))
    def get_subject_statement(self, obj):
        return self._statement(obj.subject)

    @extend_schema_field(StatementSerializer(allow_null=True))
    def get_interested_party_statement(self, obj):
        return self._statement(obj.interested_party)


def processes():
    return ContractingProcess.objects.select_related("source").prefetch_related(
        Prefetch("awards", queryset=ProcessAward.objects.prefetch_related("suppliers").order_by("pk")),
        "contracts",
    )


def projects():
    return InfrastructureProject.objects.select_related("source").prefetch_related("processes")


def budget_lines():
    return BudgetLine.objects.select_related("process", "project", "source")


def owners():
    return BodsRelationship.objects.select_related("source")


def public_links(model, **lookup):
    return (
        model.objects.filter(public_commitment_q("commitment__"), **lookup)
        .select_related("commitment")
        .order_by("commitment__ogp_id", "pk")
    )


class LinkedViewSet(ReadOnly):
    """Adds each listed record's public links to the serializer's context, in one query a page."""

    link_model = ProcessLink
    link_field = "ocid"

    def _remember_links(self, records) -> None:
        keys = [getattr(record, self.link_field) for record in records]
        links: dict[str, list] = {}
        for link in public_links(self.link_model, **{f"{self.link_field}__in": keys}):
            links.setdefault(getattr(link, self.link_field), []).append(link)
        self._links = links

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._remember_links(page or [])
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "links": getattr(self, "_links", {})}


COMMITMENT_PARAM = OpenApiParameter("commitment", OpenApiTypes.STR, description="A commitment's OGP id")


@extend_schema_view(list=extend_schema(parameters=[COMMITMENT_PARAM]))
class ProcessViewSet(LinkedViewSet):
    """Contracting processes (OCDS): the summary of each compiled release, with the public
    commitments linked to it. ``?commitment=`` keeps those linked to one commitment."""

    queryset = ContractingProcess.objects.none()
    serializer_class = ProcessSerializer
    lookup_field = "ocid"
    lookup_value_regex = "[^/]+"
    cursor_ordering = "ocid"

    def get_queryset(self):
        queryset = processes()
        commitment = self.request.query_params.get("commitment")
        if self.action == "list" and commitment:
            linked = public_links(ProcessLink, commitment__ogp_id__iexact=commitment.strip()).values("ocid")
            queryset = queryset.filter(ocid__in=linked)
        return queryset

    def get_object(self):
        process = get_or_404(self.get_queryset(), ocid=self.kwargs["ocid"])
        self._remember_links([process])
        return process


@extend_schema_view(list=extend_schema(parameters=[COMMITMENT_PARAM]))
class ProcessLinkViewSet(ReadOnly):
    """Public commitments' (and their milestones') links to contracting processes, by ocid (a
    link may name a process whose data is not imported yet)."""

    queryset = ProcessLink.objects.none()
    serializer_class = ProcessLinkSerializer

    def get_queryset(self):
        return by_commitment(self, public_links(ProcessLink), "commitment__ogp_id__iexact")


class ProjectViewSet(LinkedViewSet):
    """Infrastructure projects (OC4IDS): status, budget, completion, their contracting processes
    and the public commitments linked to them."""

    queryset = InfrastructureProject.objects.none()
    serializer_class = ProjectSerializer
    lookup_field = "project_id"
    lookup_value_regex = "[^/]+"
    cursor_ordering = "project_id"
    link_model = ProjectLink
    link_field = "project_id"

    def get_queryset(self):
        return projects()

    def get_object(self):
        project = get_or_404(self.get_queryset(), project_id=self.kwargs["project_id"])
        self._remember_links([project])
        return project


class BudgetLineViewSet(ReadOnly):
    """Budget lines from OCDS ``planning.budget`` and OC4IDS budgets, with their source."""

    queryset = BudgetLine.objects.none()
    serializer_class = BudgetLineSerializer

    def get_queryset(self):
        return budget_lines()


class OwnerViewSet(ReadOnly):
    """Beneficial owners (BODS ownership-or-control statements) exactly as published, with the
    statements of both sides and their source; never joined with anything else."""

    queryset = BodsRelationship.objects.none()
    serializer_class = OwnerSerializer
    lookup_field = "statement_id"
    lookup_value_regex = "[^/]+"
    cursor_ordering = "statement_id"

    def get_queryset(self):
        return owners()

    def _remember_statements(self, relationships) -> None:
        ids = {i for r in relationships for i in (r.subject, r.interested_party) if i}
        self._statements = {
            s.statement_id: s
            for model in (BodsEntity, BodsPerson)
            for s in model.objects.filter(statement_id__in=ids).only("statement_id", "data")
        }

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._remember_statements(page or [])
        return page

    def get_object(self):
        relationship = get_or_404(self.get_queryset(), statement_id=self.kwargs["statement_id"])
        self._remember_statements([relationship])
        return relationship

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "statements": getattr(self, "_statements", {})}
