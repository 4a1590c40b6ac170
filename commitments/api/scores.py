"""The API's civil-society scores (``commitments.scores``): scoring rounds, and every published
score as the commitment's scores page shows it.

A score is public once an administrator of its organisation has signed a version off. What the
API shows of it is its published versions (the latest first), never the score's own fields,
which are the working draft of a revision. A score that moderators hid is a stub: who, which
round, and the public reason, as the page shows it. The government's reply is shown beside it
(or the reason it was hidden). Never: authors, who signed off, who hid, drafts, draft verdicts.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..models import ActionPlanPage
from ..scores.models import MilestoneVerdict, Score, ScoreReply, ScoreVersion, ScoringRound
from ..scores.rules import SCALE_FIELDS
from ..visibility import public_commitment_q
from .serializers import COMMITMENT_HELP, absolute, api_url
from .views import ReadOnly

EVIDENCE_FILE_HELP = _("The address of its evidence file, or an empty text.")
EVIDENCE_LINK_HELP = _("Its evidence link, or an empty text.")
# For the schema: a text that is null when moderators hid it.
NULLABLE_TEXT = serializers.CharField(allow_null=True)


def site_url(context: dict, name: str, *args) -> str:
    """The absolute address of one of the site's pages, in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(context, reverse(name, args=args))


def _evidence_file(context: dict, kind: str, item) -> str:
    if not item.evidence_file:
        return ""
    return site_url(context, "commitments:score_evidence", kind, item.pk)


class RoundSerializer(serializers.ModelSerializer):
    action_plan = serializers.CharField(
        source="action_plan.plan_id", read_only=True, help_text=_("The OGP identifier of its action plan.")
    )
    is_open = serializers.SerializerMethodField(help_text=_("Whether scores may be written today."))
    api_url = serializers.SerializerMethodField(help_text=_("Its address in this API."))

    class Meta:
        model = ScoringRound
        fields = [
            "id",
            "name",
            "action_plan",
            "period_start",
            "period_end",
            "opens_on",
            "closes_on",
            "is_open",
            "allow_business",
            "closed_at",
            "reopened_at",
            "reopened_reason",
            "api_url",
        ]

    def get_is_open(self, obj) -> bool:
        return obj.is_open()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "round", obj.pk)


class VerdictSerializer(serializers.ModelSerializer):
    milestone_title = serializers.CharField(source="milestone.title", read_only=True)
    update_as_of = serializers.DateField(
        source="update.as_of", read_only=True, help_text=_("The date of the approved update judged.")
    )
    evidence_file = serializers.SerializerMethodField(help_text=EVIDENCE_FILE_HELP)
    evidence_url = serializers.CharField(read_only=True, help_text=EVIDENCE_LINK_HELP)

    class Meta:
        model = MilestoneVerdict
        fields = [
            "milestone",
            "milestone_title",
            "update",
            "update_as_of",
            "verdict",
            "reason",
            "evidence_file",
            "evidence_url",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_evidence_file(self, obj) -> str:
        return _evidence_file(self.context, "verdict", obj)


class VersionSerializer(serializers.ModelSerializer):
    """One published version: what the score said, with its verdicts on the government's updates."""

    version = serializers.IntegerField(source="number", read_only=True)
    published_at = serializers.DateTimeField(source="created_at", read_only=True)
    self_signed = serializers.BooleanField(
        read_only=True,
        help_text=_("Signed off by its own author (a one-person organisation or its administrator)."),
    )
    evidence_file = serializers.SerializerMethodField(help_text=EVIDENCE_FILE_HELP)
    evidence_url = serializers.CharField(read_only=True, help_text=EVIDENCE_LINK_HELP)
    verdicts = VerdictSerializer(
        many=True, read_only=True, help_text=_("Per milestone: confirm, contest or cannot verify.")
    )

    class Meta:
        model = ScoreVersion
        fields = [
            "version",
            "published_at",
            "self_signed",
            *SCALE_FIELDS,
            "evidence_file",
            "evidence_url",
            "verdicts",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_evidence_file(self, obj) -> str:
        return _evidence_file(self.context, "version", obj)


class ReplySerializer(serializers.Serializer):
    """The government's reply (the commitment's points of contact), or why it was hidden."""

    posted_at = serializers.DateTimeField(source="created_at")
    hidden = serializers.BooleanField()
    hidden_reason = serializers.CharField(help_text=_("Why moderators hid it (public)."))
    text = serializers.SerializerMethodField(help_text=_("The reply; null when hidden."))
    evidence_file = serializers.SerializerMethodField(help_text=EVIDENCE_FILE_HELP)
    evidence_url = serializers.SerializerMethodField(help_text=EVIDENCE_LINK_HELP)

    @extend_schema_field(NULLABLE_TEXT)
    def get_text(self, obj) -> str | None:
        return None if obj.hidden else obj.text

    @extend_schema_field(OpenApiTypes.STR)
    def get_evidence_file(self, obj) -> str:
        # The file is served only while neither the reply nor its score is hidden.
        if obj.hidden or self.context.get("score_hidden"):
            return ""
        return _evidence_file(self.context, "reply", obj)

    def get_evidence_url(self, obj) -> str:
        return "" if obj.hidden else obj.evidence_url


class ScoreSerializer(serializers.ModelSerializer):
    round_name = serializers.CharField(source="round.name", read_only=True)
    commitment = serializers.CharField(source="commitment.ogp_id", read_only=True, help_text=COMMITMENT_HELP)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    organisation_sector = serializers.CharField(source="organisation.sector", read_only=True)
    hidden_reason = serializers.CharField(
        read_only=True, help_text=_("Why moderators hid the score (public); empty when shown.")
    )
    current = serializers.SerializerMethodField(
        help_text=_("Its latest published version; null when moderators hid the score.")
    )
    earlier_versions = serializers.SerializerMethodField(
        help_text=_("Its earlier published versions, latest first (empty when hidden).")
    )
    reply = serializers.SerializerMethodField(help_text=_("The government's reply, or null."))
    url = serializers.SerializerMethodField(help_text=_("Its place on the commitment's scores page."))
    api_url = serializers.SerializerMethodField(help_text=_("Its address in this API."))

    class Meta:
        model = Score
        fields = [
            "id",
            "round",
            "round_name",
            "commitment",
            "organisation",
            "organisation_name",
            "organisation_sector",
            "hidden",
            "hidden_reason",
            "current",
            "earlier_versions",
            "reply",
            "url",
            "api_url",
        ]

    def _versions(self, obj) -> list[ScoreVersion]:
        return sorted(obj.versions.all(), key=lambda version: version.number, reverse=True)

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_current(self, obj):
        versions = self._versions(obj)
        if obj.hidden or not versions:
            return None
        return VersionSerializer(versions[0], context=self.context).data

    @extend_schema_field(VersionSerializer(many=True))
    def get_earlier_versions(self, obj):
        if obj.hidden:
            return []
        return VersionSerializer(self._versions(obj)[1:], many=True, context=self.context).data

    @extend_schema_field(ReplySerializer(allow_null=True))
    def get_reply(self, obj):
        reply = getattr(obj, "reply", None)
        context = {**self.context, "score_hidden": obj.hidden}
        return ReplySerializer(reply, context=context).data if reply else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        page = site_url(self.context, "commitments:commitment_scores", obj.commitment.ogp_id)
        return f"{page}#score-{obj.pk}"

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return api_url(self.context, "score", obj.pk)


def public_rounds() -> QuerySet[ScoringRound]:
    """Rounds on live, public action plans."""
    plans = ActionPlanPage.objects.live().public().values("pk")
    return ScoringRound.objects.filter(action_plan__in=plans).select_related("action_plan")


def public_scores() -> QuerySet[Score]:
    """Published scores (a signed-off version) of public commitments, hidden ones included (as
    stubs); with their published versions, verdicts and reply, in a fixed number of queries."""
    verdicts = MilestoneVerdict.objects.select_related("milestone", "update").order_by(
        "milestone__sort_order", "milestone_id", "pk"
    )
    return (
        Score.objects.filter(public_commitment_q("commitment__"), is_public=True)
        .select_related("round", "commitment", "organisation")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ScoreVersion.objects.prefetch_related(Prefetch("verdicts", queryset=verdicts)),
            ),
            Prefetch("reply", queryset=ScoreReply.objects.all()),
        )
    )


def _int_param(view, name: str) -> int | None:
    value = view.request.query_params.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError({name: [_("Give a number.")]})
    return int(value)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("action_plan", OpenApiTypes.STR, description="An action plan's OGP id")]
    )
)
class RoundViewSet(ReadOnly):
    """Scoring rounds: the periods in which civil society scores an action plan's commitments."""

    queryset = ScoringRound.objects.none()  # for the schema's types; get_queryset() answers
    serializer_class = RoundSerializer

    def get_queryset(self):
        queryset = public_rounds()
        plan = self.request.query_params.get("action_plan", "").strip()
        if self.action == "list" and plan:
            queryset = queryset.filter(action_plan__plan_id__iexact=plan)
        return queryset


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("commitment", OpenApiTypes.STR, description="A commitment's OGP id"),
            OpenApiParameter("round", OpenApiTypes.INT, description="A scoring round's id"),
            OpenApiParameter("organisation", OpenApiTypes.INT, description="An organisation's id"),
        ]
    )
)
class ScoreViewSet(ReadOnly):
    """Published civil-society scores: each organisation's latest signed-off version (and the
    earlier ones) on the IRM's scales, with justifications, evidence, verdicts on the
    government's updates and the government's reply. Scores hidden by moderators are stubs with
    the public reason."""

    queryset = Score.objects.none()  # for the schema's types; get_queryset() answers
    serializer_class = ScoreSerializer

    def get_queryset(self):
        queryset = public_scores()
        if self.action != "list":
            return queryset
        commitment = self.request.query_params.get("commitment", "").strip()
        if commitment:
            queryset = queryset.filter(commitment__ogp_id__iexact=commitment)
        if (round_id := _int_param(self, "round")) is not None:
            queryset = queryset.filter(round_id=round_id)
        if (organisation := _int_param(self, "organisation")) is not None:
            queryset = queryset.filter(organisation_id=organisation)
        return queryset
