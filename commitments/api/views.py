"""The API's read-only endpoints. Each lists in a stable order with cursor pagination, and answers
conditionally (ETag, Last-Modified, 304): see ``conditional``."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import APIRootView

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse

from tracker.models import Organisation

from ..explorer.filters import CommitmentFilterSet
from ..models import ActionPlanPage, CommitmentPage, IRMAssessment, MemberPage, Milestone, ProgressUpdate
from ..visibility import public_commitments
from . import rows, selectors, serializers
from .conditional import ConditionalMixin
from .schema import filterset_parameters


def _commitment_param(description: str) -> OpenApiParameter:
    return OpenApiParameter("commitment", OpenApiTypes.STR, description=description)


class RootView(ConditionalMixin, APIRootView):
    """The Open Commitments Tracker's API: every endpoint, read-only, no sign-in.

    The OpenAPI document is at /api/v1/schema/, its documentation at /api/v1/docs/.
    """


class ReadOnly(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    cursor_ordering = "pk"


class FromRows(ReadOnly):
    """Lists and retrieves ``values()`` rows, written by ``rows`` exactly as ``serializer_class``
    (which documents them in the schema) would write the model instances, in fewer queries and a
    fraction of the time."""

    writer: rows.Rows

    def get_rows(self) -> rows.Rows:
        return self.writer

    def records(self):
        """The queryset as the rows the records are written from."""
        return self.get_rows().values(self.filter_queryset(self.get_queryset()), self.cursor_ordering)

    def get_object(self):
        lookup = self.lookup_url_kwarg or self.lookup_field
        return get_or_404(self.records(), **{self.lookup_field: self.kwargs[lookup]})

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.records())
        return self.get_paginated_response(self.get_rows().build(page, self.get_serializer_context()))

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_rows().build([self.get_object()], self.get_serializer_context())[0])


class MemberViewSet(FromRows):
    """OGP members: national and local governments."""

    queryset = MemberPage.objects.none()  # for the schema's types; get_queryset() answers

    serializer_class = serializers.MemberSerializer
    writer = rows.MEMBERS
    lookup_field = "code"
    cursor_ordering = "code"

    def get_queryset(self):
        return selectors.public_members()

    def get_object(self):
        return get_or_404(self.records(), code__iexact=self.kwargs["code"])


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("member", OpenApiTypes.STR, description="A member's code")]
    )
)
class ActionPlanViewSet(FromRows):
    """Action plans, each with its member's code."""

    queryset = ActionPlanPage.objects.none()  # for the schema's types; get_queryset() answers

    serializer_class = serializers.ActionPlanSerializer
    writer = rows.PLANS
    lookup_field = "plan_id"
    cursor_ordering = "plan_id"

    def get_queryset(self):
        queryset = selectors.public_plans()
        member = self.request.query_params.get("member")
        if self.action == "list" and member:
            queryset = queryset.filter(member_code__iexact=member)
        return queryset

    def get_object(self):
        return get_or_404(self.records(), plan_id__iexact=self.kwargs["plan_id"])


@extend_schema_view(
    list=extend_schema(
        parameters=filterset_parameters(
            CommitmentFilterSet, integers=("year_from", "year_to"), skip=("sort",)
        )
    )
)
class CommitmentViewSet(FromRows):
    """Commitments, filtered by the explorer's own filters (the same parameters as its URLs),
    in OGP identifier order. One commitment: ``/api/v1/commitments/<OGP id>/`` (any letter case)."""

    queryset = CommitmentPage.objects.none()  # for the schema's types; get_queryset() answers

    lookup_field = "ogp_id"
    lookup_value_regex = "[^/]+"
    cursor_ordering = "ogp_id"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CommitmentDetailSerializer
        return serializers.CommitmentSerializer

    def get_rows(self) -> rows.Rows:
        return rows.COMMITMENT_DETAILS if self.action == "retrieve" else rows.COMMITMENTS

    def get_queryset(self):
        if self.action != "list":
            return public_commitments()
        filterset = CommitmentFilterSet(self.request.query_params, queryset=public_commitments())
        if filterset.invalid:
            raise ValidationError(dict(filterset.invalid))
        return filterset.qs

    def get_object(self):
        return get_or_404(self.records(), ogp_id__iexact=self.kwargs["ogp_id"].strip())


@extend_schema_view(list=extend_schema(parameters=[_commitment_param("A commitment's OGP id")]))
class MilestoneViewSet(FromRows):
    """Milestones of public commitments, with their status as approved updates left it."""

    queryset = Milestone.objects.none()  # for the schema's types; get_queryset() answers

    serializer_class = serializers.MilestoneSerializer
    writer = rows.MILESTONES

    def get_queryset(self):
        return by_commitment(self, selectors.public_milestones(), "commitment__ogp_id__iexact")


@extend_schema_view(list=extend_schema(parameters=[_commitment_param("A commitment's OGP id")]))
class ProgressUpdateViewSet(FromRows):
    """Approved progress updates (drafts, waiting and returned updates are never public)."""

    queryset = ProgressUpdate.objects.none()  # for the schema's types; get_queryset() answers

    serializer_class = serializers.ProgressUpdateSerializer
    writer = rows.UPDATES

    def get_queryset(self):
        return by_commitment(self, selectors.public_updates(), "milestone__commitment__ogp_id__iexact")


@extend_schema_view(list=extend_schema(parameters=[_commitment_param("A commitment's OGP id")]))
class IRMAssessmentViewSet(FromRows):
    """The Independent Reporting Mechanism's assessments of public commitments."""

    queryset = IRMAssessment.objects.none()  # for the schema's types; get_queryset() answers

    serializer_class = serializers.IRMAssessmentSerializer
    writer = rows.ASSESSMENTS

    def get_queryset(self):
        return by_commitment(self, selectors.public_assessments(), "commitment__ogp_id__iexact")


class OrganisationViewSet(FromRows):
    """Organisations: name, sector, country and org-id (never their people or addresses)."""

    queryset = Organisation.objects.none()  # for the schema's types; get_queryset() answers

    serializer_class = serializers.OrganisationSerializer
    writer = rows.ORGANISATIONS

    def get_queryset(self):
        return selectors.public_organisations()


def not_found(request, *args, **kwargs) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


def by_commitment(view, queryset, lookup: str):
    commitment = view.request.query_params.get("commitment")
    if view.action == "list" and commitment:
        queryset = queryset.filter(**{lookup: commitment.strip()})
    return queryset


def get_or_404(queryset, **lookup):
    try:
        found = queryset.filter(**lookup).first()
    except (TypeError, ValueError, DjangoValidationError):
        raise Http404 from None
    if found is None:
        raise Http404
    return found
