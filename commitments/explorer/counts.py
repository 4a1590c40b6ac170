"""The explorer's facet counts and roll-up totals, one query per set of conditions.

A facet's counts leave out the facet's own selection (a visitor who picked Europe still sees
how many commitments Americas would add), so facets differ only in the conditions they count
under: every active filter (the facets not in use, the sectors and the roll-up), or every active
filter but one (each facet in use). ``count()`` groups the facets by those conditions and counts
each group in one aggregate query over the facts table: every value of every fixed-list facet
is ``COUNT(*) FILTER (WHERE <the filter's own condition for that value>)`` (Django's
``Count(filter=Q)``, on SQLite and PostgreSQL alike), so a value's count is, by construction,
the number of commitments its link would list. Open-ended facets (members, regions, plans) are
one GROUP BY per group. Policy areas and lead organisations are counted from the facts' sets of
ids (``area_ids``, ``lead_ids``: one GROUP BY each); overdue milestones live in their own table:
one query over the commitments of the set.

With no filter that is four queries on the facts table, whatever the size of the record, where
counting facet by facet took seventeen.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import django_filters

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tracker.models import SECTOR_ORDER

from .. import irm
from ..flags import FLAG_CHOICES
from ..models import CommitmentFacts, MemberLevel, Milestone, PolicyArea
from ..rules import OPEN_STATUSES
from .filters import (
    COMPLETION_CHOICES,
    CONDITIONS,
    CS_COMPLETION_CHOICES,
    CS_DIVERGENCE_CHOICES,
    LATE_CHOICES,
    STAR_CHOICES,
    YES_NO,
    CommitmentFilterSet,
)

# Facets whose values are a fixed list: each value counted by its own filter condition.
CHOICE_FACETS: dict[str, list] = {
    "level": MemberLevel.choices,
    "completion": COMPLETION_CHOICES,
    "impact": irm.PotentialImpact.choices,
    "results": irm.PotentialForResults.choices,
    "starred": STAR_CHOICES,
    "late": LATE_CHOICES,
    "flag": FLAG_CHOICES,
    "cs_completion": CS_COMPLETION_CHOICES,
    "contested": YES_NO,
    "cs_divergence": CS_DIVERGENCE_CHOICES,
}
# Facets whose values are records: counted by grouping on their column.
GROUPED_FACETS: dict[str, str] = {"member": "member_id", "region": "region", "plan": "action_plan_id"}
# Sectors narrow together (a partner from civil society AND from business): counted, like the
# roll-up, under every active filter.
SECTOR_FACETS = ["sector", "no_sector"]
# Values counted as what the others leave of the whole set, rather than tested on every row:
# their condition is the exact negation of the others' (on columns that are never NULL; Django
# negates a test on a nullable column with its IS NOT NULL), so the two always add up.
REMAINDERS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("starred", "none"): (("starred", "yes"), ("starred", "no")),
    ("late", "none"): (("late", "any"),),
    ("contested", "no"): (("contested", "yes"),),
    **{("no_sector", sector): (("sector", sector),) for sector in SECTOR_ORDER},
}


def value_condition(name: str, value: str, prefix: str = "") -> Q:
    """The condition that choosing ``value`` alone in filter ``name`` applies."""
    single = isinstance(CommitmentFilterSet.base_filters[name], django_filters.ChoiceFilter)
    return CONDITIONS[name](value if single else [value], prefix)


@dataclass
class Counts:
    """Commitments per facet value, and the roll-up's totals, for one set of filters."""

    facets: dict[str, Counter] = field(default_factory=dict)  # facet → value → commitments
    areas: Counter = field(default_factory=Counter)  # policy area pk → commitments with it
    top_areas: Counter = field(default_factory=Counter)  # top area pk → with it or one under it
    policy_areas: list[PolicyArea] = field(default_factory=list)  # every area, parents included
    leads: list[tuple[int, int]] = field(default_factory=list)  # (organisation pk, n), most first
    totals: dict[str, int] = field(default_factory=dict)  # the roll-up's


class _Aggregates:
    """Named aggregates for one query; the same condition asked twice is counted once."""

    def __init__(self):
        self.expressions: dict[str, Any] = {}
        self._aliases: dict[Q, str] = {}

    def count(self, condition: Q) -> str:
        alias = self._aliases.get(condition)
        if alias is None:
            alias = self._aliases[condition] = f"c{len(self.expressions)}"
            self.expressions[alias] = Count("pk", filter=condition)
        return alias

    def add(self, alias: str, expression) -> str:
        self.expressions[alias] = expression
        return alias


ROLLUP_SUMS = {
    "milestones": "milestones",
    "met": "milestones_met",
    "met_late": "milestones_met_late",
    "not_met": "milestones_not_met",
}


class _Counter:
    def __init__(self, filterset: CommitmentFilterSet):
        self.filterset = filterset
        # The search runs once (the list's and these counts'); its matches go to every query.
        self.matches = filterset.matches

    def facts(self, without: str | None = None) -> QuerySet[CommitmentFacts]:
        facts = CommitmentFacts.objects.filter(live=True).filter(self.filterset.conditions(without=without))
        if self.matches is not None:
            facts = facts.filter(commitment_id__in=self.matches)
        return facts

    def has_facts(self, without: str | None = None) -> Exists:
        """For rows of another table: their commitment is in the set. (SQLite then walks that
        table's covering index and looks each commitment up, where ``IN`` would list the set
        first and look up each commitment's rows: twice as long with no filter.)"""
        return Exists(self.facts(without).filter(commitment_id=OuterRef("commitment_id")))


def count(filterset: CommitmentFilterSet, *, plans: bool = False) -> Counts:
    """Every facet's counts and the roll-up's totals for ``filterset`` (plans only if asked:
    OGP has over a thousand)."""
    counter = _Counter(filterset)
    active = {name for name in filterset.active if name in CONDITIONS}
    counts = Counts()

    # Facets grouped by the filter they leave out (None: they leave out nothing).
    groups: dict[str | None, list[str]] = {None: []}
    for name in [*GROUPED_FACETS, *CHOICE_FACETS]:
        if name == "plan" and not plans:
            continue
        groups.setdefault(name if name in active else None, []).append(name)

    for without, members in groups.items():
        facts = counter.facts(without)
        columns = [GROUPED_FACETS[name] for name in members if name in GROUPED_FACETS]
        if columns:
            grouped = {name: Counter() for name in members if name in GROUPED_FACETS}
            for row in facts.values(*columns).annotate(n=Count("pk")).order_by():
                for name in grouped:
                    grouped[name][row[GROUPED_FACETS[name]]] += row["n"]
            counts.facets.update(grouped)
        counted = [name for name in members if name in CHOICE_FACETS]
        if without is not None and not counted:
            continue  # a grouped facet alone (members, regions)
        aggregates = _Aggregates()
        total = aggregates.add("n", Count("pk"))
        if without is None:
            counted += SECTOR_FACETS
            rollup = _rollup_aggregates(aggregates)
        aliases = {
            (name, value): aggregates.count(value_condition(name, value))
            for name in counted
            for value in _values(name)
            if (name, value) not in REMAINDERS
        }
        row = _aggregate(facts, aggregates.expressions)
        for name in counted:
            found = counts.facets[name] = Counter()
            for value in _values(name):
                if (name, value) in REMAINDERS:
                    found[value] = row[total] - sum(row[aliases[other]] for other in REMAINDERS[name, value])
                else:
                    found[value] = row[aliases[name, value]]
        if without is None:
            counts.totals = {key: row[alias] for key, alias in rollup.items()}

    counts.policy_areas = list(PolicyArea.objects.all())
    counts.areas, counts.top_areas = _area_counts(
        counter.facts("area" if "area" in active else None), counts.policy_areas
    )
    counts.leads = _lead_counts(counter.facts("lead" if "lead" in active else None))
    counts.totals["overdue"] = (
        Milestone.objects.filter(status__in=OPEN_STATUSES, end_date__lt=timezone.localdate())
        .filter(counter.has_facts())
        .count()
    )
    return counts


def _aggregate(facts: QuerySet, expressions: dict[str, Any]) -> dict[str, Any]:
    """``facts.aggregate(**expressions)``, as one row grouped by a constant (which Django leaves
    out of the GROUP BY, so the SQL is the same): ``aggregate()`` lets each of some fifty
    aggregates refer to the ones before it, copying each one's expressions to look for them,
    which took longer than compiling the query."""
    return facts.order_by().values(one=Value(1)).annotate(**expressions).get()


def _values(name: str) -> list[str]:
    if name in SECTOR_FACETS:
        return list(SECTOR_ORDER)
    return [value for value, _label in CHOICE_FACETS[name]]


def _rollup_aggregates(aggregates: _Aggregates) -> dict[str, str]:
    rollup = {
        "commitments": "n",
        "starred": aggregates.count(value_condition("starred", "yes")),
    }
    for key, column in ROLLUP_SUMS.items():
        rollup[key] = aggregates.add(key, Coalesce(Sum(column), 0))
    for value in irm.Completion.values:
        rollup[f"completion_{value}"] = aggregates.count(value_condition("completion", value))
    for sector in SECTOR_ORDER:
        rollup[f"sector_{sector}"] = aggregates.count(value_condition("sector", sector))
    return rollup


def _sets(facts: QuerySet[CommitmentFacts], column: str) -> list[tuple[str, int]]:
    """Each set of ids in ``column`` (``area_ids``, ``lead_ids``) among ``facts``, with how many
    commitments have it: one GROUP BY, read as plain tuples (thousands of distinct sets at
    20,000 commitments, where building a row object for each took as long as the query)."""
    sql, params = facts.values_list(column).annotate(n=Count("pk")).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _area_counts(facts: QuerySet[CommitmentFacts], areas: list[PolicyArea]) -> tuple[Counter, Counter]:
    """Commitments per policy area, and per top area (with it or one under it, counted once),
    from the facts' sets of areas."""
    top_of = {str(area.pk): str(area.parent_id or area.pk) for area in areas}
    top_get = top_of.get
    own: defaultdict[str, int] = defaultdict(int)
    top: defaultdict[str, int] = defaultdict(int)
    for area_ids, n in _sets(facts, "area_ids"):
        if not area_ids:
            continue
        chosen = area_ids.split(",")
        for area in chosen:
            own[area] += n
        if len(chosen) == 1:
            top[top_get(area_ids, area_ids)] += n
        else:
            for area in {top_get(area, area) for area in chosen}:
                top[area] += n
    return Counter({int(pk): n for pk, n in own.items()}), Counter({int(pk): n for pk, n in top.items()})


def _lead_counts(facts: QuerySet[CommitmentFacts]) -> list[tuple[int, int]]:
    """(organisation, commitments it leads) for every lead organisation of ``facts``, most
    first, from the facts' sets of lead organisations."""
    found: defaultdict[str, int] = defaultdict(int)
    for lead_ids, n in _sets(facts, "lead_ids"):
        if lead_ids:
            for organisation in lead_ids.split(","):
                found[organisation] += n
    return sorted(((int(pk), n) for pk, n in found.items()), key=lambda row: (-row[1], row[0]))
