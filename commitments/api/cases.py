"""The API's feedback cases (``commitments.cases``): what the public case page shows, and nothing
more.

Who filed a case is never shown: only ``filed_by`` as the page shows it (the organisation, or
"A verified person"), and the organisation's id only when the filer chose to be shown as it.
No filter, ordering or field names the filer's account. A case whose text moderators hid keeps
its facts and its timeline's steps, without its text and evidence (the page's rule: the
"hidden" step's public reason and the rating stay). Cases of commitments that are not public
are not listed.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..cases import selectors as case_selectors
from ..cases.filters import CaseFilterSet
from ..cases.models import ActorRole, Case, CaseEvent, ShownAs
from ..visibility import public_commitment_q
from .schema import filterset_parameters
from .scores import NULLABLE_TEXT, site_url
from .serializers import COMMITMENT_HELP, MEMBER_HELP, api_url
from .views import ReadOnly, get_or_404

# Steps whose text the public sees even on a case whose text moderators hid (the moderators'
# public reasons, and the rating).
ALWAYS_SHOWN = (CaseEvent.Action.HIDDEN, CaseEvent.Action.SHOWN, CaseEvent.Action.RATED)


def _text_shown(case: Case, event: CaseEvent) -> bool:
    return not case.hidden or event.action in ALWAYS_SHOWN


class CaseEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=CaseEvent.Action.choices)
    actor_role = serializers.ChoiceField(
        choices=ActorRole.choices, help_text=_("In what capacity someone acted (never who).")
    )
    actor = serializers.SerializerMethodField(
        help_text=_(
            'Who acted, as the page says it: "A verified person", an organisation, a member\'s forum…'
        )
    )
    text = serializers.SerializerMethodField(help_text=_("What they wrote; null when moderators hid it."))
    evidence_file = serializers.SerializerMethodField(
        help_text=_("The address of its evidence file, or empty.")
    )
    photo = serializers.SerializerMethodField(
        help_text=_("The address of its photo (no metadata), or empty.")
    )
    evidence_url = serializers.SerializerMethodField(help_text=_("Its evidence link, or empty."))

    def get_actor(self, obj) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            if obj.actor_role == ActorRole.FILER:
                # The filer as the case shows them now, never a name stored with the step.
                return self.context["case"].public_filer
            return obj.public_actor

    @extend_schema_field(NULLABLE_TEXT)
    def get_text(self, obj) -> str | None:
        return obj.text if _text_shown(self.context["case"], obj) else None

    def _file(self, obj, field: str, kind: str) -> str:
        case = self.context["case"]
        if case.hidden or not getattr(obj, field):
            return ""
        return site_url(self.context, "commitments:case_evidence", case.number, obj.pk, kind)

    @extend_schema_field(OpenApiTypes.STR)
    def get_evidence_file(self, obj) -> str:
        return self._file(obj, "evidence_file", "file")

    @extend_schema_field(OpenApiTypes.STR)
    def get_photo(self, obj) -> str:
        return self._file(obj, "photo", "photo")

    def get_evidence_url(self, obj) -> str:
        return "" if self.context["case"].hidden else obj.evidence_url


class CaseSerializer(serializers.ModelSerializer):
    commitment = serializers.CharField(source="commitment.ogp_id", read_only=True, help_text=COMMITMENT_HELP)
    member = serializers.CharField(source="member.code", read_only=True, help_text=MEMBER_HELP)
    milestone_title = serializers.CharField(source="milestone.title", read_only=True, default="")
    filed_by = serializers.SerializerMethodField(
        help_text=_('Who filed it, as the public sees it: their organisation, or "A verified person".')
    )
    filed_by_organisation = serializers.SerializerMethodField(
        help_text=_("The id of the organisation it was filed as; null when filed as a verified person.")
    )
    addressed_to_name = serializers.CharField(source="addressed_to.name", read_only=True, default="")
    acknowledge_by = serializers.SerializerMethodField(help_text=_("The last day to acknowledge it."))
    answer_by = serializers.SerializerMethodField(help_text=_("The last day to answer it."))
    overdue = serializers.SerializerMethodField(help_text=_("Whether the implementer missed a deadline."))
    working_days_to_answer = serializers.IntegerField(
        source="days_to_answer", read_only=True, allow_null=True
    )
    taken_by = serializers.SerializerMethodField(help_text=_("Who took the escalated case, or empty."))
    hidden = serializers.BooleanField(read_only=True, help_text=_("Whether moderators hid its text."))
    hidden_reason = serializers.CharField(
        read_only=True, help_text=_("Why moderators hid its text (public).")
    )
    description = serializers.SerializerMethodField(
        help_text=_("What happened; null when moderators hid it.")
    )
    url = serializers.SerializerMethodField(help_text=_("Its public page."))
    api_url = serializers.SerializerMethodField(help_text=_("Its address in this API."))

    class Meta:
        model = Case
        fields = [
            "number",
            "commitment",
            "member",
            "milestone",
            "milestone_title",
            "ocid",
            "category",
            "state",
            "filed_by",
            "filed_by_organisation",
            "addressed_to",
            "addressed_to_name",
            "filed_at",
            "acknowledge_by",
            "answer_by",
            "acknowledged_at",
            "answered_at",
            "overdue",
            "working_days_to_answer",
            "rating",
            "taken_by",
            "outcome",
            "closed_at",
            "hidden",
            "hidden_reason",
            "description",
            "url",
            "api_url",
        ]

    def _deadline(self, obj) -> dict:
        memo = self.context.setdefault("deadlines", {})
        if obj.pk not in memo:
            memo[obj.pk] = case_selectors.deadline_view(obj, self.context.setdefault("now", timezone.now()))
        return memo[obj.pk]

    def get_filed_by(self, obj) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return obj.public_filer

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_filed_by_organisation(self, obj) -> int | None:
        return obj.filer_organisation_id if obj.shown_as == ShownAs.ORGANISATION else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_acknowledge_by(self, obj):
        return self._deadline(obj)["acknowledge_by"].isoformat()

    @extend_schema_field(OpenApiTypes.DATE)
    def get_answer_by(self, obj):
        return self._deadline(obj)["answer_by"].isoformat()

    def get_overdue(self, obj) -> bool:
        return self._deadline(obj)["overdue"]

    def get_taken_by(self, obj) -> str:
        if obj.taken_by_forum:
            with translation.override(settings.LANGUAGE_CODE):
                return str(_("Multistakeholder forum, %(member)s") % {"member": obj.member.display_name})
        return obj.taken_by_organisation.name if obj.taken_by_organisation_id else ""

    @extend_schema_field(NULLABLE_TEXT)
    def get_description(self, obj) -> str | None:
        return None if obj.hidden else obj.description

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return site_url(self.context, "commitments:case_detail", obj.number)

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "case", obj.number)


class CaseDetailSerializer(CaseSerializer):
    events = serializers.SerializerMethodField(help_text=_("Its timeline, oldest first (append-only)."))

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "events"]

    @extend_schema_field(CaseEventSerializer(many=True))
    def get_events(self, obj):
        context = {**self.context, "case": obj}
        return CaseEventSerializer(list(obj.events.all()), many=True, context=context).data


def public_cases() -> QuerySet[Case]:
    """Cases on public commitments, with what a row shows (never the filer's account)."""
    return (
        Case.objects.filter(public_commitment_q("commitment__"))
        .select_related("commitment", "member", "milestone", "filer_organisation", "addressed_to")
        .select_related("taken_by_organisation")
    )


# The case list's own filters, and the commitment as the other lists take it.
CASE_PARAMETERS = [
    OpenApiParameter("commitment", OpenApiTypes.STR, description="A commitment's OGP id"),
    *filterset_parameters(CaseFilterSet, integers=("organisation",)),
]


@extend_schema_view(list=extend_schema(parameters=CASE_PARAMETERS))
class CaseViewSet(ReadOnly):
    """Feedback cases, filtered as the case list is (state, category, member, organisation
    addressed, overdue), newest number last. One case, with its timeline:
    ``/api/v1/cases/<number>/``. Who filed a case is never shown, only as whom."""

    queryset = Case.objects.none()  # for the schema's types; get_queryset() answers
    lookup_field = "number"
    lookup_value_regex = "[^/.]+"
    cursor_ordering = "number"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CaseDetailSerializer
        return CaseSerializer

    def get_queryset(self):
        queryset = public_cases()
        if self.action != "list":
            events = CaseEvent.objects.order_by("at", "pk")
            return queryset.prefetch_related(Prefetch("events", queryset=events))
        filterset = CaseFilterSet(self.request.query_params, queryset=queryset)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        queryset = filterset.qs
        commitment = self.request.query_params.get("commitment", "").strip()
        if commitment:
            queryset = queryset.filter(commitment__ogp_id__iexact=commitment)
        return queryset

    def get_object(self):
        number = self.kwargs["number"]
        if not number.isdigit():
            raise Http404
        return get_or_404(self.get_queryset(), number=int(number))
