"""Peers' endpoints in the open API: ``/api/v1/practices/`` and ``/api/v1/events/``.

What the public peer pages show, and nothing more: live, public practices (their text, tags,
network, translations and the public commitments that applied them) and live, public events and
trainings (when, in what zone, how, in what language, places taken, materials, the recording,
the network's calendar). Never: who wrote a practice, who registered for an event, the link to
join an online event (only registered people see it), members-only questions, exchanges.

They are served by ``commitments.api`` (same router, root, ETags, paging, throttling, schema):
``connect()`` gives them to ``commitments.api.extensions`` from PeersConfig.ready().
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from commitments.api.extensions import api_endpoint, bulk_kind
from commitments.api.serializers import absolute, api_url, page_url
from commitments.api.views import ReadOnly
from commitments.visibility import public_commitment_q

from .filters import PracticeFilter
from .models import OcdsStage, PracticeCommitment, PracticePage
from .talk.models import EventMaterial, EventPage, Registration

PAGE_HELP = _("Its public page on this site.")
API_HELP = _("Its address in this API.")


class LinkedCommitmentSerializer(serializers.Serializer):
    commitment = serializers.CharField(source="commitment.ogp_id", help_text=_("Its OGP identifier."))
    note = serializers.CharField(help_text=_("How it applied the practice."))


class PracticeSerializer(serializers.ModelSerializer):
    network = serializers.CharField(
        source="network.slug", read_only=True, default="", help_text=_("The network it was written in.")
    )
    policy_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    ocds_stages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    countries = serializers.SerializerMethodField(help_text=_("ISO 3166 country codes."))
    commitments = LinkedCommitmentSerializer(
        source="public_links",
        many=True,
        read_only=True,
        help_text=_("The public commitments that applied it."),
    )
    translations = serializers.SerializerMethodField(
        help_text=_("The ids of the same practice in other languages.")
    )
    evidence_url = serializers.CharField(read_only=True, help_text=_("Its evidence link, or empty."))
    published_at = serializers.DateTimeField(source="first_published_at", read_only=True)
    url = serializers.SerializerMethodField(help_text=PAGE_HELP)
    api_url = serializers.SerializerMethodField(help_text=API_HELP)

    class Meta:
        model = PracticePage
        fields = [
            "id",
            "title",
            "language",
            "network",
            "summary",
            "context",
            "problem",
            "what_was_done",
            "results",
            "evidence_url",
            "lessons",
            "cost",
            "duration",
            "contact",
            "policy_areas",
            "ocds_stages",
            "countries",
            "commitments",
            "translations",
            "published_at",
            "url",
            "api_url",
        ]

    def get_countries(self, obj) -> list[str]:
        return [country.code for country in obj.countries]

    def get_translations(self, obj) -> list[int]:
        return self.context.get("translations", {}).get(obj.pk, [])

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return page_url(self.context, obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "practice", obj.pk)


class MaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventMaterial
        fields = ["label", "url"]


class EventSerializer(serializers.ModelSerializer):
    network = serializers.SerializerMethodField(help_text=_("Its network."))
    description = serializers.SerializerMethodField(help_text=_("Its description (HTML)."))
    time_zone = serializers.CharField(read_only=True, help_text=_("The IANA time zone it takes place in."))
    places_taken = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True, help_text=_("How many are on the waiting list."))
    materials = MaterialSerializer(many=True, read_only=True)
    recording_url = serializers.CharField(read_only=True)
    calendar = serializers.SerializerMethodField(help_text=_("Its network's iCalendar feed."))
    url = serializers.SerializerMethodField(help_text=PAGE_HELP)
    api_url = serializers.SerializerMethodField(help_text=API_HELP)

    class Meta:
        model = EventPage
        fields = [
            "id",
            "title",
            "kind",
            "network",
            "summary",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "format",
            "location",
            "language",
            "capacity",
            "places_taken",
            "waiting",
            "attendance",
            "materials",
            "recording_url",
            "calendar",
            "url",
            "api_url",
        ]

    def get_network(self, obj) -> str:
        return obj.network_slug or ""

    def get_description(self, obj) -> str:
        return expand_db_html(obj.description) if obj.description else ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar(self, obj) -> str:
        if not obj.network_slug:
            return ""
        return absolute(self.context, reverse("peers_feed:event_feed", args=[obj.network_slug]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return page_url(self.context, obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "event", obj.pk)


def public_practices() -> QuerySet[PracticePage]:
    links = PracticeCommitment.objects.filter(public_commitment_q("commitment__"))
    return (
        PracticePage.objects.live()
        .public()
        .select_related("network")
        .prefetch_related(
            "policy_areas",
            "ocds_stages",
            Prefetch(
                "commitment_links",
                queryset=links.select_related("commitment").order_by("sort_order", "pk"),
                to_attr="public_links",
            ),
        )
    )


def public_events() -> QuerySet[EventPage]:
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    network = Page.objects.filter(path=parent_path).values("slug")[:1]
    return (
        EventPage.objects.live()
        .public()
        .annotate(
            network_slug=Subquery(network),
            places_taken=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
            ),
            waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
        )
        .prefetch_related(Prefetch("materials", queryset=EventMaterial.objects.order_by("sort_order", "pk")))
    )


PRACTICE_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words in the practice's text"),
    OpenApiParameter("policy_area", OpenApiTypes.STR, description="A policy area's slug"),
    OpenApiParameter("stage", OpenApiTypes.STR, enum=OcdsStage.Code.values, description="An OCDS stage"),
    OpenApiParameter("country", OpenApiTypes.STR, description="An ISO 3166 country code"),
    OpenApiParameter(
        "language",
        OpenApiTypes.STR,
        enum=[code for code, _name in settings.LANGUAGES],
        description="Language",
    ),
    OpenApiParameter("network", OpenApiTypes.STR, description="A network's slug"),
]


@extend_schema_view(list=extend_schema(parameters=PRACTICE_PARAMETERS))
class PracticeViewSet(ReadOnly):
    """The practice library: published practices, filtered as the library is (words, policy
    area, OCDS stage, country, language, network), in id order."""

    queryset = PracticePage.objects.none()  # for the schema's types; get_queryset() answers
    serializer_class = PracticeSerializer

    def get_queryset(self):
        queryset = public_practices()
        if self.action != "list":
            return queryset
        data = self.request.query_params.copy()
        data.pop("sort", None)
        practice_filter = PracticeFilter(data, queryset=queryset)
        if not practice_filter.is_valid():
            raise ValidationError(practice_filter.errors)
        return practice_filter.qs

    def _remember_translations(self, practices) -> None:
        self._translations = translations_context(practices)["translations"]

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._remember_translations(page or [])
        return page

    def get_object(self):
        practice = super().get_object()
        self._remember_translations([practice])
        return practice

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "translations": getattr(self, "_translations", {})}


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("network", OpenApiTypes.STR, description="A network's slug"),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=EventPage.Kind.values, description="Event or training"
            ),
        ]
    )
)
class EventViewSet(ReadOnly):
    """Networks' public events and trainings: when (UTC, with the zone they take place in), how,
    in what language, the places taken, and afterwards the materials and recording; each with
    its network's iCalendar feed. In id order."""

    queryset = EventPage.objects.none()  # for the schema's types; get_queryset() answers
    serializer_class = EventSerializer

    def get_queryset(self):
        queryset = public_events()
        if self.action != "list":
            return queryset
        network = self.request.query_params.get("network", "").strip()
        if network:
            queryset = queryset.filter(network_slug=network)
        kind = self.request.query_params.get("kind", "").strip()
        if kind:
            if kind not in EventPage.Kind.values:
                raise ValidationError({"kind": [_("Choose event or training.")]})
            queryset = queryset.filter(kind=kind)
        return queryset


def translations_context(practices) -> dict:
    """The serializer's context for these practices: each one's public translations (one query)."""
    keys = {practice.translation_key for practice in practices}
    others: dict = {}
    for pk, key in (
        PracticePage.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .order_by("pk")
        .values_list("pk", "translation_key")
    ):
        others.setdefault(key, []).append(pk)
    return {
        "translations": {
            practice.pk: [pk for pk in others.get(practice.translation_key, []) if pk != practice.pk]
            for practice in practices
        }
    }


def connect() -> None:
    """Give the endpoints to the API (its data version is the record's: every save bumps it)."""
    api_endpoint("practices", PracticeViewSet, "practice")
    api_endpoint("events", EventViewSet, "event")
    # And in the bulk download, after the record's own kinds.
    bulk_kind(
        "practice", _("Peer network: practices"), public_practices, PracticeSerializer, translations_context
    )
    bulk_kind("event", _("Peer network: events and trainings"), public_events, EventSerializer)
