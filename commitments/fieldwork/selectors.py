"""Reads of site visits and consultations for the pages, the map and the PDF report. Every list
here is a fixed number of queries however many visits, photos, inputs or sectors there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from tracker.db import JSONRows, built_once, instance, instances, json_rows, set_prefetched
from tracker.models import GOLDEN_TRIANGLE, SECTOR_ORDER, Sector

from ..models import ActionPlanPage, CommitmentPage, Milestone
from .models import (
    Consultation,
    ConsultationInput,
    ConsultationParticipation,
    SiteVisit,
    VisitModeration,
    VisitPhoto,
)

# How many visits the commitment page shows; the rest are on the commitment's visits page.
PAGE_VISITS = 5


def visit_contradicts(observed_status: str, approved_status: str) -> bool:
    """A visit contradicts the record when what was seen on site is not the milestone's
    approved status (e.g. reported met, seen not met)."""
    return bool(observed_status) and observed_status != approved_status


def case_url(visit: SiteVisit) -> str:
    """Where to open a feedback case prefilled from this visit: the cases' filing form, by its
    URL name (the visit knows nothing else of cases), in the page's language."""
    query = urlencode({"milestone": visit.milestone_id, "category": "quality", "from_visit": visit.pk})
    return f"{reverse('commitments:case_file', args=[visit.commitment_id])}?{query}"


@dataclass
class VisitRow:
    visit: SiteVisit
    contradicts: bool
    case_url: str
    photos: list[VisitPhoto] = field(default_factory=list)


def visits_queryset(commitment: CommitmentPage) -> QuerySet[SiteVisit]:
    return (
        SiteVisit.objects.filter(commitment=commitment)
        .select_related("milestone")
        .prefetch_related(
            Prefetch("photos", queryset=VisitPhoto.objects.order_by("sort_order", "pk")),
            Prefetch("moderation", queryset=VisitModeration.objects.order_by("at", "pk")),
        )
        .order_by("-visited_on", "-pk")
    )


def visit_rows(visits) -> list[VisitRow]:
    rows = []
    for visit in visits:
        contradicts = (
            not visit.hidden
            and visit.milestone is not None
            and visit_contradicts(visit.observed_status, visit.milestone.status)
        )
        rows.append(
            VisitRow(
                visit=visit,
                contradicts=contradicts,
                case_url=case_url(visit) if contradicts else "",
                photos=[] if visit.hidden else list(visit.photos.all()),
            )
        )
    return rows


def map_points(rows: list[VisitRow]) -> list[dict]:
    """The located, visible visits as the map's markers (read by fieldwork/visits_map.js)."""
    return [
        {
            "lat": float(row.visit.latitude),
            "lon": float(row.visit.longitude),
            "label": f"{row.visit.visited_on.isoformat()} · {row.visit.milestone_title}"[:200],
            "status": row.visit.get_observed_status_display(),
            "anchor": f"visit-{row.visit.pk}",
        }
        for row in rows
        if not row.visit.hidden and row.visit.has_location
    ]


def photo_url(photo: VisitPhoto, kind: str = "thumbnail") -> str:
    return reverse("commitments:visit_photo", args=[photo.pk, kind])


# -- consultations ------------------------------------------------------------------------------


@dataclass
class ConsultationRow:
    consultation: Consultation
    participants: list[tuple[str, int]]  # (sector label, count) in the site's sector order
    total: int
    corners: list[str]  # the Golden Triangle corners that took part
    missing_corners: list[str]
    inputs: list[ConsultationInput]


def consultations_queryset(subject: CommitmentPage | ActionPlanPage) -> QuerySet[Consultation]:
    if isinstance(subject, CommitmentPage):
        base = Consultation.objects.filter(commitment=subject)
    else:
        base = Consultation.objects.filter(plan=subject)
    return base.prefetch_related(
        Prefetch("participation", queryset=ConsultationParticipation.objects.order_by("pk")),
        Prefetch("inputs", queryset=ConsultationInput.objects.order_by("sort_order", "pk")),
    ).order_by("-held_on", "-pk")


def consultation_rows(consultations) -> list[ConsultationRow]:
    labels = dict(Sector.choices)
    rows = []
    for consultation in consultations:
        counts = {p.sector: p.count for p in consultation.participation.all()}
        rows.append(
            ConsultationRow(
                consultation=consultation,
                participants=[(labels[s], counts[s]) for s in SECTOR_ORDER if counts.get(s)],
                total=sum(counts.values()),
                corners=[labels[s] for s in GOLDEN_TRIANGLE if counts.get(s)],
                missing_corners=[labels[s] for s in GOLDEN_TRIANGLE if not counts.get(s)],
                inputs=list(consultation.inputs.all()),
            )
        )
    return rows


def you_said_we_did(subject: CommitmentPage | ActionPlanPage) -> list[ConsultationRow]:
    """The consultations on a commitment or plan with their inputs and answers (PDF and pages)."""
    return consultation_rows(consultations_queryset(subject))


def you_said_we_did_for(
    *, commitment_ids: list[int] = (), plan_ids: list[int] = ()
) -> tuple[dict[int, list[ConsultationRow]], dict[int, list[ConsultationRow]]]:
    """The consultations of many commitments and plans at once (a PDF report's), by commitment
    and by plan: three queries whatever their number."""
    consultations = (
        Consultation.objects.filter(Q(commitment_id__in=list(commitment_ids)) | Q(plan_id__in=list(plan_ids)))
        .prefetch_related(
            Prefetch("participation", queryset=ConsultationParticipation.objects.order_by("pk")),
            Prefetch("inputs", queryset=ConsultationInput.objects.order_by("sort_order", "pk")),
        )
        .order_by("-held_on", "-pk")
    )
    by_commitment: dict[int, list[ConsultationRow]] = {}
    by_plan: dict[int, list[ConsultationRow]] = {}
    for row in consultation_rows(consultations):
        consultation = row.consultation
        if consultation.commitment_id:
            by_commitment.setdefault(consultation.commitment_id, []).append(row)
        else:
            by_plan.setdefault(consultation.plan_id, []).append(row)
    return by_commitment, by_plan


# -- the commitment page's panel, in one query ---------------------------------------------------

VISIT_FIELDS = (
    "pk",
    "milestone_id",
    "milestone_title",
    "commitment_id",
    "visited_on",
    "observations",
    "observed_status",
    "latitude",
    "longitude",
    "location_source",
    "hidden",
    "hidden_reason",
)


@dataclass
class CommitmentFieldwork:
    visits: list[SiteVisit]  # the latest visible visits, with their photos and moderation steps
    visit_count: int  # every visible visit
    consultations: list[ConsultationRow]


def _visits_json(limit: int) -> JSONRows:
    visits = SiteVisit.objects.filter(commitment_id=OuterRef("pk"), hidden=False).order_by(
        "-visited_on", "-pk"
    )
    return JSONRows(
        visits[:limit],
        *VISIT_FIELDS,
        milestone_status="milestone__status",
        photos=JSONRows(
            VisitPhoto.objects.filter(visit_id=OuterRef("pk")).order_by("sort_order", "pk"), "pk"
        ),
        moderation=JSONRows(
            VisitModeration.objects.filter(visit_id=OuterRef("pk")).order_by("at", "pk"),
            "pk",
            "visit_id",
            "action",
            "reason",
            "at",
        ),
    )


def _consultations_json(subject: str = "commitment_id") -> JSONRows:
    return JSONRows(
        Consultation.objects.filter(**{subject: OuterRef("pk")}).order_by("-held_on", "-pk"),
        "pk",
        "commitment_id",
        "plan_id",
        "held_on",
        "format",
        "summary",
        participation=JSONRows(
            ConsultationParticipation.objects.filter(consultation_id=OuterRef("pk")).order_by("pk"),
            "pk",
            "consultation_id",
            "sector",
            "count",
        ),
        inputs=JSONRows(
            ConsultationInput.objects.filter(consultation_id=OuterRef("pk")).order_by("sort_order", "pk"),
            "pk",
            "consultation_id",
            "said",
            "sector",
            "answer",
            "reason",
            "sort_order",
        ),
    )


@built_once
def _fieldwork_query(visits: int, consultations: bool):
    read = {}
    if visits:
        count = SiteVisit.objects.filter(commitment_id=OuterRef("pk"), hidden=False).order_by()
        read["_visits"] = _visits_json(visits)
        read["_visit_count"] = Coalesce(
            Subquery(count.values("commitment_id").annotate(n=Count("pk")).values("n")[:1]), 0
        )
    if consultations:
        read["_consultations"] = _consultations_json()
    return CommitmentPage.objects.values(**read) if read else None


def commitment_fieldwork(
    commitment: CommitmentPage, *, visits: int, consultations: bool = True, milestones=()
) -> CommitmentFieldwork:
    """The commitment page's fieldwork in one query (none when ``visits`` is 0 and
    ``consultations`` False): its ``visits`` latest visible visits with their photos and
    moderation steps, how many visible visits there are, and its consultations with their
    participants and inputs, as ``visits_queryset`` and ``you_said_we_did`` give them.
    ``milestones``: the commitment's milestones, when the page has them (a visit's milestone)."""
    query = _fieldwork_query(visits, consultations)
    found = query.filter(pk=commitment.pk).first() if query is not None else None
    found = found or {}
    by_id = {m.pk: m for m in milestones}
    rows = []
    for row in json_rows(found.get("_visits")):
        visit = instance(SiteVisit, row)
        if visit.milestone_id is not None:
            visit.milestone = by_id.get(visit.milestone_id) or instance(
                Milestone,
                {
                    "pk": visit.milestone_id,
                    "commitment_id": visit.commitment_id,
                    "status": row["milestone_status"],
                },
            )
        else:
            visit.milestone = None
        set_prefetched(visit, "photos", instances(VisitPhoto, row["photos"]))
        set_prefetched(visit, "moderation", instances(VisitModeration, row["moderation"]))
        rows.append(visit)
    listed = _consultations_from(found.get("_consultations"))
    return CommitmentFieldwork(
        visits=rows, visit_count=found.get("_visit_count") or 0, consultations=consultation_rows(listed)
    )


@built_once
def _plan_consultations_query():
    return ActionPlanPage.objects.values_list(_consultations_json("plan_id"), flat=True)


def _consultations_from(value) -> list[Consultation]:
    listed = []
    for row in json_rows(value):
        consultation = instance(Consultation, row)
        set_prefetched(
            consultation, "participation", instances(ConsultationParticipation, row["participation"])
        )
        set_prefetched(consultation, "inputs", instances(ConsultationInput, row["inputs"]))
        listed.append(consultation)
    return listed


def plan_you_said_we_did(plan: ActionPlanPage) -> list[ConsultationRow]:
    """``you_said_we_did(plan)`` in one query: the plan's consultations with their participants
    and inputs."""
    return consultation_rows(_consultations_from(_plan_consultations_query().filter(pk=plan.pk).first()))


def consultation_digest_rows(path: str) -> list[tuple]:
    """What a PDF report under the tree path ``path`` shows of consultations, as rows to digest
    (reports.versions): a change to any consultation, participation or input in scope changes
    them. Three queries."""
    in_scope = Q(commitment__path__startswith=path) | Q(plan__path__startswith=path)
    consultations = Consultation.objects.filter(in_scope).order_by("pk")
    rows: list[tuple] = list(
        consultations.values_list(
            "pk", "commitment_id", "plan_id", "held_on", "format", "summary", "updated_at"
        )
    )
    rows += (
        ConsultationParticipation.objects.filter(consultation__in=consultations.values("pk"))
        .order_by("pk")
        .values_list("consultation_id", "sector", "count")
    )
    rows += (
        ConsultationInput.objects.filter(consultation__in=consultations.values("pk"))
        .order_by("pk")
        .values_list("consultation_id", "said", "sector", "answer", "reason", "sort_order")
    )
    return rows
