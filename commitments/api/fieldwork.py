"""The API's site visits and consultations (``commitments.fieldwork``), as the commitment's pages
show them.

A visit: when, which milestone, what was seen, the status observed (and whether it contradicts
the approved one), where, and its photos as the addresses of their stored copies (re-encoded
with no metadata when uploaded: no EXIF). A visit moderators hid keeps only its date, milestone
and the public reason. Never who recorded a visit or a consultation.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..fieldwork.models import (
    Consultation,
    ConsultationInput,
    ConsultationParticipation,
    SiteVisit,
    VisitPhoto,
)
from ..fieldwork.selectors import visit_contradicts
from ..models import ActionPlanPage
from .scores import NULLABLE_TEXT, site_url
from .selectors import public_commitments
from .serializers import COMMITMENT_HELP, api_url
from .views import ReadOnly


class PhotoSerializer(serializers.Serializer):
    image = serializers.SerializerMethodField(help_text=_("The photo, stored without its metadata."))
    thumbnail = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_image(self, obj) -> str:
        return site_url(self.context, "commitments:visit_photo", obj.pk, "image")

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail(self, obj) -> str:
        return site_url(self.context, "commitments:visit_photo", obj.pk, "thumbnail")


def _shown(visit: SiteVisit, value):
    return None if visit.hidden else value


class VisitSerializer(serializers.ModelSerializer):
    commitment = serializers.CharField(source="commitment.ogp_id", read_only=True, help_text=COMMITMENT_HELP)
    hidden = serializers.BooleanField(read_only=True, help_text=_("Whether moderators hid it."))
    hidden_reason = serializers.CharField(read_only=True, help_text=_("Why moderators hid it (public)."))
    observations = serializers.SerializerMethodField(help_text=_("What was seen; null when hidden."))
    observed_status = serializers.SerializerMethodField(
        help_text=_("The status seen on site; null when hidden.")
    )
    contradicts = serializers.SerializerMethodField(
        help_text=_("Whether the status seen contradicts the milestone's approved status.")
    )
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    location_source = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField(help_text=_("Its photos (none when hidden)."))
    api_url = serializers.SerializerMethodField(help_text=_("Its address in this API."))

    class Meta:
        model = SiteVisit
        fields = [
            "id",
            "commitment",
            "milestone",
            "milestone_title",
            "visited_on",
            "hidden",
            "hidden_reason",
            "observations",
            "observed_status",
            "contradicts",
            "latitude",
            "longitude",
            "location_source",
            "photos",
            "api_url",
        ]

    @extend_schema_field(NULLABLE_TEXT)
    def get_observations(self, obj):
        return _shown(obj, obj.observations)

    @extend_schema_field(NULLABLE_TEXT)
    def get_observed_status(self, obj):
        return _shown(obj, obj.observed_status)

    def get_contradicts(self, obj) -> bool:
        return (
            not obj.hidden
            and obj.milestone is not None
            and visit_contradicts(obj.observed_status, obj.milestone.status)
        )

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_latitude(self, obj):
        return None if obj.hidden or obj.latitude is None else float(obj.latitude)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_longitude(self, obj):
        return None if obj.hidden or obj.longitude is None else float(obj.longitude)

    @extend_schema_field(NULLABLE_TEXT)
    def get_location_source(self, obj):
        return _shown(obj, obj.location_source)

    @extend_schema_field(PhotoSerializer(many=True))
    def get_photos(self, obj):
        photos = [] if obj.hidden else list(obj.photos.all())
        return PhotoSerializer(photos, many=True, context=self.context).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "visit", obj.pk)


class ParticipationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultationParticipation
        fields = ["sector", "count"]


class InputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultationInput
        fields = ["said", "sector", "answer", "reason"]


class ConsultationSerializer(serializers.ModelSerializer):
    commitment = serializers.CharField(
        source="commitment.ogp_id", read_only=True, default="", help_text=COMMITMENT_HELP
    )
    action_plan = serializers.CharField(
        source="plan.plan_id",
        read_only=True,
        default="",
        help_text=_("The OGP identifier of its action plan (a consultation on a whole plan)."),
    )
    participants = ParticipationSerializer(
        source="participation", many=True, read_only=True, help_text=_("How many took part, by sector.")
    )
    inputs = InputSerializer(many=True, read_only=True, help_text=_('"You said, we did".'))
    api_url = serializers.SerializerMethodField(help_text=_("Its address in this API."))

    class Meta:
        model = Consultation
        fields = [
            "id",
            "commitment",
            "action_plan",
            "held_on",
            "format",
            "summary",
            "participants",
            "inputs",
            "api_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "consultation", obj.pk)


def public_visits() -> QuerySet[SiteVisit]:
    return (
        SiteVisit.objects.filter(commitment__in=public_commitments().values("pk"))
        .select_related("commitment", "milestone")
        .prefetch_related(Prefetch("photos", queryset=VisitPhoto.objects.order_by("sort_order", "pk")))
    )


def public_consultations() -> QuerySet[Consultation]:
    plans = ActionPlanPage.objects.live().public().values("pk")
    return (
        Consultation.objects.filter(Q(commitment__in=public_commitments().values("pk")) | Q(plan__in=plans))
        .select_related("commitment", "plan")
        .prefetch_related(
            Prefetch("participation", queryset=ConsultationParticipation.objects.order_by("pk")),
            Prefetch("inputs", queryset=ConsultationInput.objects.order_by("sort_order", "pk")),
        )
    )


COMMITMENT = OpenApiParameter("commitment", OpenApiTypes.STR, description="A commitment's OGP id")


@extend_schema_view(list=extend_schema(parameters=[COMMITMENT]))
class VisitViewSet(ReadOnly):
    """Site visits to public commitments' milestones: what people saw, where, with photos
    stripped of their metadata; a visit moderators hid shows only why."""

    queryset = SiteVisit.objects.none()  # for the schema's types; get_queryset() answers
    serializer_class = VisitSerializer

    def get_queryset(self):
        queryset = public_visits()
        commitment = self.request.query_params.get("commitment", "").strip()
        if self.action == "list" and commitment:
            queryset = queryset.filter(commitment__ogp_id__iexact=commitment)
        return queryset


@extend_schema_view(
    list=extend_schema(
        parameters=[
            COMMITMENT,
            OpenApiParameter("action_plan", OpenApiTypes.STR, description="An action plan's OGP id"),
        ]
    )
)
class ConsultationViewSet(ReadOnly):
    """Consultations on public commitments and action plans: who took part by sector, and each
    input with the government's answer ("you said, we did")."""

    queryset = Consultation.objects.none()  # for the schema's types; get_queryset() answers
    serializer_class = ConsultationSerializer

    def get_queryset(self):
        queryset = public_consultations()
        if self.action != "list":
            return queryset
        commitment = self.request.query_params.get("commitment", "").strip()
        if commitment:
            queryset = queryset.filter(commitment__ogp_id__iexact=commitment)
        plan = self.request.query_params.get("action_plan", "").strip()
        if plan:
            queryset = queryset.filter(plan__plan_id__iexact=plan)
        return queryset
