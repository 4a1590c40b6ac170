"""The public explorer's reads: the filtered commitments, their facet counts and their summary.

The list is cut into pages in the database. Facet counts and the summary need the whole
filtered set, so they are computed on the narrow ``CommitmentFacts`` table with a fixed number
of queries, and kept in the cache under the data's version (``facts.facts_version``): a
link shared a thousand times is counted once, and any change to the record makes new counts.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import formats, numberformat, timezone, translation
from django.utils.text import slugify

from tracker.collation import sort_key, sorted_by_name
from tracker.models import GOLDEN_TRIANGLE, SECTOR_ORDER, Organisation

from .. import irm
from ..models import ActionPlanPage, CommitmentPage, MemberLevel, MemberPage, PolicyArea
from ..rollups import Rollup, rollup_from_counts
from ..vocabulary import member_name, region_label
from . import counts
from .facts import facts_version
from .filters import CONDITIONS, CommitmentFilterSet

FACET_CACHE_SECONDS = 60 * 60 * 24
# Facet values' slugs (codes, slugs, ids: the same few thousand strings), remembered.
_slug = functools.lru_cache(maxsize=8192)(slugify)
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
    # What the filter panel writes, set once by its Facet (the panel lists hundreds of values):
    input_id: str = ""  # its checkbox's id, "f-<facet>-<value, slugified>"
    count_text: str = ""  # the count as the active language writes it ("1,234"; "1.234")


@dataclass
class Facet:
    name: str
    values: list[FacetValue] = field(default_factory=list)
    hidden: int = 0  # values with commitments that are not listed (long lists are cut)

    def __post_init__(self):
        count_text = count_formatter()
        for value in self.values:
            value.input_id = f"f-{self.name}-{_slug(value.value)}"
            value.count_text = count_text(value.count)


def count_formatter() -> Callable[[int], str]:
    """Counts as ``intcomma`` writes them in the active language ("1,234"; "1.234"), with the
    language's separators looked up once rather than once per count."""
    language = translation.get_language()
    decimal_separator, grouping, thousand_separator = (
        formats.get_format(name, language, use_l10n=True)
        for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    )
    return lambda count: numberformat.format(
        count, decimal_separator, None, grouping, thousand_separator, force_grouping=True, use_l10n=True
    )


def _choice_facet(name, counts, choices, selected) -> Facet:
    values = [
        FacetValue(str(value), str(label), counts.get(value, 0), str(value) in selected)
        for value, label in choices
    ]
    return Facet(name, [v for v in values if v.count or v.selected])


def compute_facets(filterset: CommitmentFilterSet) -> dict[str, Facet]:
    """Counts per facet value. A facet's own selection is left out of its counts (a visitor
    who picked Europe still sees how many commitments Americas would add)."""
    return compute_facets_and_rollup(filterset)[0]


def compute_rollup(filterset: CommitmentFilterSet) -> Rollup:
    """The filtered set's roll-up (the same figures as a plan page's), from the facts table."""
    return compute_facets_and_rollup(filterset)[1]


def compute_facets_and_rollup(filterset: CommitmentFilterSet) -> tuple[dict[str, Facet], Rollup]:
    """The facets and the roll-up, counted together (see ``counts``): a fixed number of queries."""
    cleaned = filterset.cleaned

    def selected(name) -> set[str]:
        value = cleaned.get(name)
        if value in (None, ""):
            return set()
        return {str(v) for v in value} if isinstance(value, list) else {str(value)}

    # Plans only once the list is narrowed to a few members (OGP has over a thousand plans).
    with_plans = bool(selected("member") or selected("plan"))
    counted = counts.count(filterset, plans=with_plans)
    facets: dict[str, Facet] = {}

    found = counted.facets["member"]
    # Read as columns: hundreds of members, where building each page took longer than the query.
    members = MemberPage.objects.filter(pk__in=[pk for pk in found if pk]).values_list(
        "pk", "code", "title", "level", "country"
    )
    chosen = selected("member")
    values = [
        FacetValue(
            code,
            member_name(title, national=level == MemberLevel.NATIONAL, country=country),
            found.get(pk, 0),
            code in chosen,
        )
        for pk, code, title, level, country in members
    ]
    values += [FacetValue(code, code, 0, True) for code in chosen - {v.value for v in values}]
    facets["member"] = Facet("member", sorted_by_name(values, lambda v: v.label))

    found = counted.facets["region"]
    regions = sorted_by_name((r for r in found if r), region_label)
    facets["region"] = _choice_facet(
        "region", found, [(r, region_label(r)) for r in regions], selected("region")
    )

    if with_plans:
        chosen = selected("plan")
        found = counted.facets["plan"]
        plans = ActionPlanPage.objects.filter(
            Q(pk__in=[pk for pk in found if pk]) | Q(plan_id__in=chosen)
        ).order_by("plan_id")
        facets["plan"] = Facet(
            "plan",
            [
                FacetValue(p.plan_id, f"{p.label} · {p.plan_id}", found.get(p.pk, 0), p.plan_id in chosen)
                for p in plans
            ],
        )

    facets["area"] = _area_facet(counted, selected("area"))
    facets["lead"] = _lead_facet(counted, selected("lead"))
    for name, choices in counts.CHOICE_FACETS.items():
        facets[name] = _choice_facet(name, counted.facets[name], choices, selected(name))
    for name in counts.SECTOR_FACETS:
        chosen = selected(name)
        found = counted.facets[name]
        facets[name] = Facet(
            name,
            [
                FacetValue(s, str(s.label), found[s], s in chosen)
                for s in SECTOR_ORDER
                if s in GOLDEN_TRIANGLE or found[s] or s in chosen
            ],
        )
    return facets, _rollup(counted.totals)


def _area_facet(counted: counts.Counts, chosen: set[str]) -> Facet:
    children: dict[int | None, list[PolicyArea]] = {}
    for area in counted.policy_areas:
        children.setdefault(area.parent_id, []).append(area)
    values = []
    for parent in sorted_by_name(children.get(None, []), lambda a: a.label):
        count = counted.top_areas.get(parent.pk, 0)
        if count or parent.slug in chosen:
            values.append(FacetValue(parent.slug, parent.label, count, parent.slug in chosen))
        for child in sorted_by_name(children.get(parent.pk, []), lambda a: a.label):
            count = counted.areas.get(child.pk, 0)
            if count or child.slug in chosen:
                values.append(FacetValue(child.slug, child.label, count, child.slug in chosen, level=1))
    return Facet("area", values)


def _lead_facet(counted: counts.Counts, chosen: set[str]) -> Facet:
    ranked = counted.leads
    shown = dict(ranked[:TOP_ORGANISATIONS])
    all_counts = dict(ranked)
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


def _rollup(totals: dict[str, int]) -> Rollup:
    return rollup_from_counts(
        commitments=totals["commitments"],
        completion={value: totals[f"completion_{value}"] for value in irm.Completion.values},
        starred=totals["starred"],
        milestones=totals["milestones"],
        milestones_met=totals["met"],
        milestones_late=totals["met_late"] + totals["not_met"] + totals["overdue"],
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
        cached = compute_facets_and_rollup(filterset)
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
