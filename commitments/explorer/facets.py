"""The public explorer's reads: the filtered commitments, their facet counts and their summary.

The list is cut into pages in the database. Facet counts and the summary need the whole
filtered set, so they are computed on the narrow ``CommitmentFacts`` table with a fixed number
of queries, and kept in the cache under the data's version (``facts.facts_version``): a
link shared a thousand times is counted once, and any change to the record makes new counts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone, translation

from tracker.collation import sort_key, sorted_by_name
from tracker.models import GOLDEN_TRIANGLE, SECTOR_ORDER, Organisation

from .. import irm
from ..flags import FLAG_CHOICES, flag_q
from ..models import (
    ActionPlanPage,
    CommitmentFacts,
    CommitmentPage,
    MemberLevel,
    MemberPage,
    Milestone,
    PolicyArea,
    StakeholderRole,
)
from ..rollups import Rollup, rollup_from_counts
from ..rules import OPEN_STATUSES
from ..vocabulary import region_label
from .facts import facts_version
from .filters import (
    COMPLETION_CHOICES,
    CONDITIONS,
    CS_COMPLETION_CHOICES,
    CS_DIVERGENCE_CHOICES,
    LATE_CHOICES,
    NOT_ASSESSED,
    NOT_SCORED,
    STAR_CHOICES,
    YES_NO,
    CommitmentFilterSet,
    late_q,
    search,
)

FACET_CACHE_SECONDS = 60 * 60 * 24
TOP_ORGANISATIONS = 15


def filtered_commitments(params: QueryDict) -> QuerySet[CommitmentPage]:
    """The live commitments the explorer's filters in ``params`` select, in the chosen order."""
    return CommitmentFilterSet(params).qs


# -- facets -------------------------------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    level: int = 0  # 1 for a policy area under another


@dataclass
class Facet:
    name: str
    values: list[FacetValue] = field(default_factory=list)
    hidden: int = 0  # values with commitments that are not listed (long lists are cut)


def _facts(filterset: CommitmentFilterSet, *, without: str | None = None) -> QuerySet[CommitmentFacts]:
    facts = CommitmentFacts.objects.filter(commitment__live=True).filter(
        filterset.conditions(without=without)
    )
    if filterset.words:
        facts = facts.filter(commitment_id__in=_matching_pks(filterset.words))
    return facts


def _matching_pks(words: str):
    return search(CommitmentPage.objects.live(), words).values("pk")


def _grouped(facts: QuerySet[CommitmentFacts], column: str) -> dict:
    rows = facts.values(column).annotate(n=Count("pk")).order_by()
    return {row[column]: row["n"] for row in rows}


def _choice_facet(name, counts, choices, selected) -> Facet:
    values = [
        FacetValue(str(value), str(label), counts.get(value, 0), str(value) in selected)
        for value, label in choices
    ]
    return Facet(name, [v for v in values if v.count or v.selected])


def compute_facets(filterset: CommitmentFilterSet) -> dict[str, Facet]:
    """Counts per facet value. A facet's own selection is left out of its counts (a visitor
    who picked Europe still sees how many commitments Americas would add)."""
    cleaned = filterset.cleaned

    def selected(name) -> set[str]:
        value = cleaned.get(name)
        if value in (None, ""):
            return set()
        return {str(v) for v in value} if isinstance(value, list) else {str(value)}

    facets: dict[str, Facet] = {}

    counts = _grouped(_facts(filterset, without="member"), "member_id")
    members = MemberPage.objects.filter(pk__in=[pk for pk in counts if pk]).only(
        "title", "code", "level", "country"
    )
    chosen = selected("member")
    values = [FacetValue(m.code, m.display_name, counts.get(m.pk, 0), m.code in chosen) for m in members]
    values += [FacetValue(code, code, 0, True) for code in chosen - {v.value for v in values}]
    facets["member"] = Facet("member", sorted_by_name(values, lambda v: v.label))

    counts = _grouped(_facts(filterset, without="region"), "region")
    regions = sorted_by_name((r for r in counts if r), region_label)
    facets["region"] = _choice_facet(
        "region", counts, [(r, region_label(r)) for r in regions], selected("region")
    )
    facets["level"] = _choice_facet(
        "level", _grouped(_facts(filterset, without="level"), "level"), MemberLevel.choices, selected("level")
    )

    # Plans only once the list is narrowed to a few members (OGP has over a thousand plans).
    chosen = selected("plan")
    if selected("member") or chosen:
        counts = _grouped(_facts(filterset, without="plan"), "action_plan_id")
        plans = ActionPlanPage.objects.filter(
            Q(pk__in=[pk for pk in counts if pk]) | Q(plan_id__in=chosen)
        ).order_by("plan_id")
        facets["plan"] = Facet(
            "plan",
            [
                FacetValue(p.plan_id, f"{p.label} · {p.plan_id}", counts.get(p.pk, 0), p.plan_id in chosen)
                for p in plans
            ],
        )

    facets["area"] = _area_facet(filterset, selected("area"))
    facets["lead"] = _lead_facet(filterset, selected("lead"))

    facts = _facts(filterset, without="completion")
    counts = _grouped(facts, "completion")
    counts[NOT_ASSESSED] = counts.pop("", 0)
    facets["completion"] = _choice_facet("completion", counts, COMPLETION_CHOICES, selected("completion"))
    facets["impact"] = _choice_facet(
        "impact",
        _grouped(_facts(filterset, without="impact"), "potential_impact"),
        irm.PotentialImpact.choices,
        selected("impact"),
    )
    facets["results"] = _choice_facet(
        "results",
        _grouped(_facts(filterset, without="results"), "potential_for_results"),
        irm.PotentialForResults.choices,
        selected("results"),
    )
    counts = _facts(filterset, without="starred").aggregate(
        yes=Count("pk", filter=Q(starred=True)),
        no=Count("pk", filter=Q(starred=False)),
        none=Count("pk", filter=Q(starred__isnull=True)),
    )
    facets["starred"] = _choice_facet("starred", counts, STAR_CHOICES, selected("starred"))
    counts = _facts(filterset, without="late").aggregate(
        any=Count("pk", filter=late_q()), none=Count("pk", filter=~late_q())
    )
    facets["late"] = _choice_facet("late", counts, LATE_CHOICES, selected("late"))
    now = timezone.now()
    counts = _facts(filterset, without="flag").aggregate(
        **{code: Count("pk", filter=flag_q([code], "", now)) for code, _label in FLAG_CHOICES}
    )
    facets["flag"] = _choice_facet("flag", counts, FLAG_CHOICES, selected("flag"))
    facets.update(_civil_society_facets(filterset, selected))

    # Sectors narrow together (a partner from civil society AND from business), so their
    # counts are those of the current set.
    aggregates = {}
    for sector in SECTOR_ORDER:
        aggregates[f"{sector}_yes"] = Count("pk", filter=Q(**{f"has_{sector}": True}))
        aggregates[f"{sector}_no"] = Count("pk", filter=Q(**{f"has_{sector}": False}))
    counts = _facts(filterset).aggregate(**aggregates)
    for name, suffix in (("sector", "yes"), ("no_sector", "no")):
        chosen = selected(name)
        facets[name] = Facet(
            name,
            [
                FacetValue(s, str(s.label), counts[f"{s}_{suffix}"], s in chosen)
                for s in SECTOR_ORDER
                if s in GOLDEN_TRIANGLE or counts[f"{s}_{suffix}"] or s in chosen
            ],
        )
    return facets


def _civil_society_facets(filterset: CommitmentFilterSet, selected) -> dict[str, Facet]:
    """Civil-society completion, contested, and divergence from the government's report."""
    counts = _grouped(_facts(filterset, without="cs_completion"), "cs_completion")
    counts[NOT_SCORED] = counts.pop("", 0)
    facets = {
        "cs_completion": _choice_facet(
            "cs_completion", counts, CS_COMPLETION_CHOICES, selected("cs_completion")
        )
    }
    counts = _facts(filterset, without="contested").aggregate(
        yes=Count("pk", filter=CONDITIONS["contested"]("yes", "")),
        no=Count("pk", filter=CONDITIONS["contested"]("no", "")),
    )
    facets["contested"] = _choice_facet("contested", counts, YES_NO, selected("contested"))
    counts = _facts(filterset, without="cs_divergence").aggregate(
        **{
            value: Count("pk", filter=CONDITIONS["cs_divergence"]([value], ""))
            for value, _label in CS_DIVERGENCE_CHOICES
        }
    )
    facets["cs_divergence"] = _choice_facet(
        "cs_divergence", counts, CS_DIVERGENCE_CHOICES, selected("cs_divergence")
    )
    return facets


def _area_facet(filterset, chosen: set[str]) -> Facet:
    facts = _facts(filterset, without="area")
    through = CommitmentPage.policy_areas.through.objects.filter(
        commitmentpage_id__in=facts.values("commitment_id")
    )
    own = {
        row["policyarea_id"]: row["n"]
        for row in through.values("policyarea_id").annotate(n=Count("pk")).order_by()
    }
    # A top area counts each commitment once, however many of its sub-areas it has.
    top = {
        row["top"]: row["n"]
        for row in through.annotate(top=Coalesce("policyarea__parent_id", "policyarea_id"))
        .values("top")
        .annotate(n=Count("commitmentpage_id", distinct=True))
        .order_by()
    }
    areas = list(PolicyArea.objects.all())
    children: dict[int | None, list[PolicyArea]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    values = []
    for parent in sorted_by_name(children.get(None, []), lambda a: a.label):
        count = top.get(parent.pk, 0)
        if count or parent.slug in chosen:
            values.append(FacetValue(parent.slug, parent.label, count, parent.slug in chosen))
        for child in sorted_by_name(children.get(parent.pk, []), lambda a: a.label):
            count = own.get(child.pk, 0)
            if count or child.slug in chosen:
                values.append(FacetValue(child.slug, child.label, count, child.slug in chosen, level=1))
    return Facet("area", values)


def _lead_facet(filterset, chosen: set[str]) -> Facet:
    facts = _facts(filterset, without="lead")
    roles = StakeholderRole.objects.filter(
        role=StakeholderRole.Role.LEAD_IMPLEMENTER, commitment_id__in=facts.values("commitment_id")
    )
    ranked = list(
        roles.values("organisation_id")
        .annotate(n=Count("commitment_id", distinct=True))
        .order_by("-n", "organisation_id")
    )
    shown = {row["organisation_id"]: row["n"] for row in ranked[:TOP_ORGANISATIONS]}
    all_counts = {row["organisation_id"]: row["n"] for row in ranked}
    wanted = set(shown) | {int(c) for c in chosen if c.isdigit()}
    names = dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name"))
    values = [
        FacetValue(str(pk), names[pk], all_counts.get(pk, 0), str(pk) in chosen)
        for pk in wanted
        if pk in names
    ]
    values.sort(key=lambda v: (-v.count, sort_key(v.label)))
    return Facet("lead", values, hidden=max(0, len(ranked) - len(shown)))


# -- summary ------------------------------------------------------------------------------------


def compute_rollup(filterset: CommitmentFilterSet) -> Rollup:
    """The filtered set's roll-up (the same figures as a plan page's), from the facts table."""
    facts = _facts(filterset)
    aggregates = {
        "commitments": Count("pk"),
        "starred": Count("pk", filter=Q(starred=True)),
        "milestones": Coalesce(Sum("milestones"), 0),
        "met": Coalesce(Sum("milestones_met"), 0),
        "met_late": Coalesce(Sum("milestones_met_late"), 0),
        "not_met": Coalesce(Sum("milestones_not_met"), 0),
    }
    for value in irm.Completion.values:
        aggregates[f"completion_{value}"] = Count("pk", filter=Q(completion=value))
    for sector in SECTOR_ORDER:
        aggregates[f"sector_{sector}"] = Count("pk", filter=Q(**{f"has_{sector}": True}))
    totals = facts.aggregate(**aggregates)
    overdue = Milestone.objects.filter(
        commitment_id__in=facts.values("commitment_id"),
        status__in=OPEN_STATUSES,
        end_date__lt=timezone.localdate(),
    ).count()
    return rollup_from_counts(
        commitments=totals["commitments"],
        completion={value: totals[f"completion_{value}"] for value in irm.Completion.values},
        starred=totals["starred"],
        milestones=totals["milestones"],
        milestones_met=totals["met"],
        milestones_late=totals["met_late"] + totals["not_met"] + overdue,
        sectors={sector: totals[f"sector_{sector}"] for sector in SECTOR_ORDER},
    )


def cache_key(filterset: CommitmentFilterSet) -> str:
    """One key per data version, day, language and set of filters (sort and page do not count)."""
    cleaned = filterset.cleaned
    items = sorted(
        (name, sorted(map(str, value)) if isinstance(value, list) else str(value))
        for name, value in cleaned.items()
        if (name in CONDITIONS or name == "q") and value not in (None, "", [])
    )
    digest = hashlib.sha256(repr(items).encode()).hexdigest()[:32]
    # Today's date too: lateness and red flags are measured against it.
    today = timezone.localdate().isoformat()
    return f"explorer:{facts_version()}:{today}:{translation.get_language()}:{digest}"


def fragment_key(filterset: CommitmentFilterSet) -> str:
    """The key of the rendered filter panel and summary (templates' ``{% cache %}``): the
    facets' key plus the raw year fields, which the panel shows as typed."""
    raw = [filterset.data.get(name, "") for name in ("year_from", "year_to")]
    return cache_key(filterset) + ":" + hashlib.sha256(repr(raw).encode()).hexdigest()[:16]


def facets_and_rollup(filterset: CommitmentFilterSet) -> tuple[dict[str, Facet], Rollup]:
    key = cache_key(filterset)
    cached = cache.get(key)
    if cached is None:
        cached = (compute_facets(filterset), compute_rollup(filterset))
        cache.set(key, cached, FACET_CACHE_SECONDS)
    return cached


# -- the current view as links ------------------------------------------------------------------


def query_without(params: QueryDict, name: str, value: str | None = None) -> str:
    """The query string with one filter value (or the whole filter, and the page) removed."""
    pairs = [
        (key, v)
        for key in params
        for v in params.getlist(key)
        if key != "page" and v != "" and not (key == name and (value is None or v == value))
    ]
    return urlencode(pairs)


def active_filters(filterset: CommitmentFilterSet, facets: dict[str, Facet], params: QueryDict) -> list[dict]:
    """Each active filter value with its label and the link that removes it."""
    labels = {(facet.name, v.value): v.label for facet in facets.values() for v in facet.values}
    chips = []
    for name, value in filterset.active.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            v = str(v)
            label = labels.get((name, v), v)
            chips.append(
                {
                    "filter": str(filterset.filters[name].label),
                    "label": label,
                    "remove": "?" + query_without(params, name, v),
                }
            )
    return chips
