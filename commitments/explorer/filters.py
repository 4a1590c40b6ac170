"""``CommitmentFilterSet``: the one set of filters behind the explorer, its exports and its counts.

Every filter is a condition on the denormalised ``CommitmentFacts`` row of a commitment
(see ``models.CommitmentFacts``), written once in ``CONDITIONS`` with a field prefix, so the
same condition filters commitment pages (``facts__region``) and the facts table itself
(``region``) when the explorer counts how many commitments each facet value would give.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import django_filters

from django import forms
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tracker.models import Sector

from .. import irm
from ..flags import FLAG_CHOICES, flag_q
from ..models import CommitmentPage, MemberLevel, PolicyArea, StakeholderRole
from ..scores import divergence
from ..vocabulary import REGIONS
from .rows import ids_in

MAX_VALUES = 50
# A search's matches up to this many are passed to the other queries as a list of ids.
SEARCH_IDS_MAX = 10_000
NOT_ASSESSED = "not_assessed"
COMPLETION_CHOICES = [*irm.Completion.choices, (NOT_ASSESSED, _("Not assessed by the IRM"))]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# A commitment's star: OGP's "Max star" is 1, 0 or ND (no star published for its latest report).
STAR_CHOICES = [*YES_NO, ("none", _("No star published"))]
LATE_CHOICES = [
    ("any", _("Some milestone late")),
    ("none", _("No milestone late")),
]
# Civil-society scores (commitments.scores): the median completion of the latest round, whether
# an update is contested without a reply, and how that median stands against the government.
NOT_SCORED = "not_scored"
CS_COMPLETION_CHOICES = [
    *[(value, label) for value, label in irm.Completion.choices if value in divergence.COMPLETION_SCALE],
    (NOT_SCORED, _("Not scored by civil society")),
]
CS_DIVERGENCE_CHOICES = [
    (divergence.Direction.BELOW.value, _("Civil society rates it lower")),
    (divergence.Direction.SAME.value, _("Civil society agrees")),
    (divergence.Direction.ABOVE.value, _("Civil society rates it higher")),
]
SORT_CHOICES = [
    ("id", _("OGP ID")),
    ("title", _("Title (A–Z)")),
    ("newest", _("Newest action plans first")),
    ("due", _("End date, soonest first")),
    ("late", _("Late milestones first")),
    ("completion", _("Most complete first")),
    ("relevance", _("Best match for the search words")),  # title matches first
]
COMPLETION_RANK = {
    irm.Completion.COMPLETE: 6,
    irm.Completion.SUBSTANTIAL: 5,
    irm.Completion.LIMITED: 4,
    irm.Completion.NOT_STARTED: 3,
    irm.Completion.WITHDRAWN: 2,
    irm.Completion.UNCLEAR: 1,
    irm.Completion.NO_EVIDENCE: 1,
}


def late_q(prefix: str = "", today: datetime.date | None = None) -> Q:
    """Commitments with a milestone late today: overdue, met late or not met (``rules.LATE``)."""
    today = today or timezone.localdate()
    return (
        Q(**{f"{prefix}milestones_met_late__gt": 0})
        | Q(**{f"{prefix}milestones_not_met__gt": 0})
        | Q(**{f"{prefix}next_open_due__lt": today})
    )


def _in(field: str) -> Callable[[list[str], str], Q]:
    return lambda values, prefix: Q(**{f"{prefix}{field}__in": values})


def _areas(values: list[str], prefix: str) -> Q:
    # An area includes the areas under it: "Anti-Corruption and Integrity" finds "Open Contracting".
    areas = PolicyArea.objects.filter(Q(slug__in=values) | Q(parent__slug__in=values)).values("pk")
    through = CommitmentPage.policy_areas.through.objects.filter(policyarea_id__in=areas)
    return Q(**{f"{prefix}commitment_id__in": through.values("commitmentpage_id")})


def _lead(values: list[str], prefix: str) -> Q:
    roles = StakeholderRole.objects.filter(
        role=StakeholderRole.Role.LEAD_IMPLEMENTER, organisation_id__in=[int(v) for v in values]
    )
    return Q(**{f"{prefix}commitment_id__in": roles.values("commitment_id")})


def _sectors(present: bool) -> Callable[[list[str], str], Q]:
    def condition(values: list[str], prefix: str) -> Q:
        return Q(**{f"{prefix}has_{sector}": present for sector in values})

    return condition


def _completion(values: list[str], prefix: str) -> Q:
    levels = [v for v in values if v != NOT_ASSESSED]
    q = Q(**{f"{prefix}completion__in": levels})
    if NOT_ASSESSED in values:
        q |= Q(**{f"{prefix}completion": ""})
    return q


def _cs_completion(values: list[str], prefix: str) -> Q:
    levels = [v for v in values if v != NOT_SCORED]
    q = Q(**{f"{prefix}cs_completion__in": levels})
    if NOT_SCORED in values:
        q |= Q(**{f"{prefix}cs_completion": ""})
    return q


def _cs_divergence(values: list[str], prefix: str) -> Q:
    q = Q(pk__in=[])
    for value in values:
        q |= divergence.direction_q(value, f"{prefix}cs_divergence")
    return q


def _contested(value: str, prefix: str) -> Q:
    contested = flag_q(["contested"], prefix, timezone.now())
    return contested if value == "yes" else ~contested


def _starred(value: str, prefix: str) -> Q:
    if value == "none":
        return Q(**{f"{prefix}starred__isnull": True})
    return Q(**{f"{prefix}starred": value == "yes"})


def _late(value: str, prefix: str) -> Q:
    return late_q(prefix) if value == "any" else ~late_q(prefix)


def _year_from(value: int, prefix: str) -> Q:
    # Plans running in or after the year: those that end then or later.
    return Q(**{f"{prefix}plan_end_year__gte": value}) | Q(
        **{f"{prefix}plan_end_year__isnull": True, f"{prefix}plan_start_year__gte": value}
    )


def _year_to(value: int, prefix: str) -> Q:
    return Q(**{f"{prefix}plan_start_year__lte": value})


# Filter name (the URL parameter) → condition on CommitmentFacts, given the field prefix.
CONDITIONS: dict[str, Callable[..., Q]] = {
    "member": _in("member__code"),
    "region": _in("region"),
    "level": _in("level"),
    "plan": _in("action_plan__plan_id"),
    "year_from": _year_from,
    "year_to": _year_to,
    "area": _areas,
    "lead": _lead,
    "sector": _sectors(present=True),
    "no_sector": _sectors(present=False),
    "completion": _completion,
    "impact": _in("potential_impact"),
    "results": _in("potential_for_results"),
    "starred": _starred,
    "late": _late,
    "flag": lambda values, prefix: flag_q(values, prefix, timezone.now()),
    "cs_completion": _cs_completion,
    "contested": _contested,
    "cs_divergence": _cs_divergence,
}


class ValuesField(forms.Field):
    """Any number of short values from a repeated parameter (``member=UKR&member=FRA``).

    Used where the values are records (members, plans, areas, organisations) rather than a
    fixed list: unknown values simply match nothing, as a link to a removed record should.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *, numeric: bool = False, **kwargs):
        self.numeric = numeric
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        values = list(dict.fromkeys(v.strip() for v in value if v and v.strip()))
        if len(values) > MAX_VALUES:
            raise forms.ValidationError(_("Choose at most %(max)s values."), params={"max": MAX_VALUES})
        if any(len(v) > 120 for v in values):
            raise forms.ValidationError(_("A value is too long."))
        if self.numeric and not all(v.isdigit() for v in values):
            raise forms.ValidationError(_("Expected numbers."))
        return values


class ValuesFilter(django_filters.Filter):
    field_class = ValuesField


class CommitmentFilterSet(django_filters.FilterSet):
    """The explorer's filters. ``conditions()`` gives them as facts conditions for counting."""

    q = django_filters.CharFilter(label=_("Words"), method="filter_nothing", max_length=200, strip=True)
    member = ValuesFilter(label=_("OGP member"), method="filter_condition")
    region = django_filters.MultipleChoiceFilter(
        label=_("Region"), choices=list(REGIONS.items()), method="filter_condition"
    )
    level = django_filters.MultipleChoiceFilter(
        label=_("National or local"), choices=MemberLevel.choices, method="filter_condition"
    )
    plan = ValuesFilter(label=_("Action plan"), method="filter_condition")
    year_from = django_filters.NumberFilter(
        label=_("Plans running from"), method="filter_condition", min_value=1990, max_value=2100
    )
    year_to = django_filters.NumberFilter(
        label=_("to"), method="filter_condition", min_value=1990, max_value=2100
    )
    area = ValuesFilter(label=_("Policy area"), method="filter_condition")
    lead = ValuesFilter(label=_("Lead organisation"), method="filter_condition", numeric=True)
    sector = django_filters.MultipleChoiceFilter(
        label=_("With a partner from"), choices=Sector.choices, method="filter_condition"
    )
    no_sector = django_filters.MultipleChoiceFilter(
        label=_("With no partner from"), choices=Sector.choices, method="filter_condition"
    )
    completion = django_filters.MultipleChoiceFilter(
        label=_("IRM completion"), choices=COMPLETION_CHOICES, method="filter_condition"
    )
    impact = django_filters.MultipleChoiceFilter(
        label=_("Potential impact"), choices=irm.PotentialImpact.choices, method="filter_condition"
    )
    results = django_filters.MultipleChoiceFilter(
        label=_("Potential for results"), choices=irm.PotentialForResults.choices, method="filter_condition"
    )
    starred = django_filters.ChoiceFilter(
        label=pgettext_lazy("filter", "Starred by the IRM"),
        choices=STAR_CHOICES,
        method="filter_condition",
        empty_label=_("Any"),
    )
    late = django_filters.ChoiceFilter(
        label=_("Milestones"), choices=LATE_CHOICES, method="filter_condition", empty_label=_("Any")
    )
    flag = django_filters.MultipleChoiceFilter(
        label=_("Red flags"), choices=FLAG_CHOICES, method="filter_condition"
    )
    cs_completion = django_filters.MultipleChoiceFilter(
        label=_("Civil-society completion"), choices=CS_COMPLETION_CHOICES, method="filter_condition"
    )
    contested = django_filters.ChoiceFilter(
        label=_("Update contested, no reply"), choices=YES_NO, method="filter_condition", empty_label=_("Any")
    )
    cs_divergence = django_filters.MultipleChoiceFilter(
        label=_("Civil society against the government's report"),
        choices=CS_DIVERGENCE_CHOICES,
        method="filter_condition",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_nothing", empty_label=None
    )

    class Meta:
        model = CommitmentPage
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = CommitmentPage.objects.live().filter(facts__isnull=False)
        super().__init__(data, queryset, **kwargs)

    # -- applying ---------------------------------------------------------------------------

    def filter_condition(self, queryset, name, value):
        if value in (None, "", []):
            return queryset
        return queryset.filter(CONDITIONS[name](value, "facts__"))

    def filter_nothing(self, queryset, name, value):
        return queryset  # q and sort are applied in ``qs`` (search needs the filtered set)

    @property
    def cleaned(self) -> dict:
        """The valid filters (an invalid one is left out and reported, not fatal)."""
        self.is_valid()
        return getattr(self.form, "cleaned_data", {})

    @property
    def qs(self) -> QuerySet[CommitmentPage]:
        if not hasattr(self, "_qs"):
            queryset = self.filter_queryset(self.queryset.all())
            words = self.words
            if words:
                queryset = queryset.filter(pk__in=self.matches)
            self._qs = self._order(queryset, words)
        return self._qs

    @cached_property
    def matching_pks(self) -> list[int] | QuerySet | None:
        """The commitments the search words match (the search runs once: the list and the
        counts both use it); None without words."""
        return matching_pks(self.words) if self.words else None

    @cached_property
    def matches(self) -> list[int] | RawSQL | QuerySet | None:
        """``matching_pks`` as the right side of an ``__in`` filter: on SQLite a list of ids is
        one JSON parameter (``rows.ids_in``), where Django would prepare each id, in each of the
        list's and the counts' queries (some 2 ms per thousand ids, per query)."""
        pks = self.matching_pks
        return ids_in(pks) if isinstance(pks, list) else pks

    def filter_queryset(self, queryset):
        cleaned = self.cleaned
        for name, value in cleaned.items():
            if name in self.filters and value not in (None, "", []):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def _order(self, queryset, words: str):
        sort = self.cleaned.get("sort") or ("relevance" if words else "id")
        if sort == "relevance":
            return queryset.order_by(*best_match(words))
        orderings = {
            "id": ["ogp_id"],
            "title": ["title", "ogp_id"],
            "newest": [F("facts__plan_start_year").desc(nulls_last=True), "ogp_id"],
            "due": [F("end_date").asc(nulls_last=True), "ogp_id"],
            "late": [
                Case(When(late_q("facts__"), then=Value(0)), default=Value(1), output_field=IntegerField()),
                F("facts__next_open_due").asc(nulls_last=True),
                "ogp_id",
            ],
            "completion": [
                Case(
                    *[When(facts__completion=k, then=Value(v)) for k, v in COMPLETION_RANK.items()],
                    default=Value(0),
                    output_field=IntegerField(),
                ).desc(),
                "ogp_id",
            ],
        }
        return queryset.order_by(*orderings[sort])

    # -- describing -------------------------------------------------------------------------

    def conditions(self, *, without: str | None = None, prefix: str = "") -> Q:
        """The active filters (all but ``without``) as one condition on the facts table."""
        q = Q()
        for name, value in self.cleaned.items():
            if name in CONDITIONS and name != without and value not in (None, "", []):
                q &= CONDITIONS[name](value, prefix)
        return q

    @property
    def words(self) -> str:
        return self.cleaned.get("q") or ""

    @property
    def active(self) -> dict:
        return {n: v for n, v in self.cleaned.items() if n not in ("sort",) and v not in (None, "", [])}

    @property
    def invalid(self) -> list[tuple[str, list[str]]]:
        """Filters that were not understood and were ignored, with why."""
        self.is_valid()
        return [(str(self.filters[name].label), errors) for name, errors in self.form.errors.items()]


def search(queryset: QuerySet[CommitmentPage], words: str) -> QuerySet[CommitmentPage]:
    """Keep the commitments whose indexed title and text contain ``words`` (Wagtail search)."""
    if not words:
        return queryset
    return queryset.filter(pk__in=matching_pks(words))


def _search(words: str):
    return CommitmentPage.objects.live().search(words, operator="and", order_by_relevance=False)


def _ids(results) -> QuerySet[CommitmentPage]:
    return results.get_queryset().values("pk")


def search_queryset(words: str) -> QuerySet[CommitmentPage]:
    """The matches as a queryset of ids, with a database search backend (what ``matching_pks``
    reads)."""
    return _ids(_search(words))


def matching_pks(words: str) -> list[int] | QuerySet:
    """The live commitments whose indexed title and text contain ``words``: their ids, or past
    SEARCH_IDS_MAX matches a subquery (Wagtail search)."""
    results = _search(words)
    if hasattr(results, "get_queryset"):
        # The database backends give the matches as a queryset. (Their relevance score is a
        # subquery per matching row, seconds at 20,000 commitments: "best match" is ordered by
        # ``best_match`` instead.) The matches are read once, as ids: left as a subquery inside
        # the explorer's nested counts, PostgreSQL could plan the full-text match once per row
        # of the outer query (a roll-up took minutes in CI with stale statistics). Past
        # SEARCH_IDS_MAX matches the subquery is kept, so the list stays within SQL's limits.
        matches = _ids(results)
        ids = list(matches.values_list("pk", flat=True)[: SEARCH_IDS_MAX + 1])
        return ids if len(ids) <= SEARCH_IDS_MAX else matches
    # Other backends (Elasticsearch, OpenSearch): at most the first 10,000 matches.
    return [page.pk for page in results[:10_000]]


def best_match(words: str) -> list:
    """An ordering for "best match": commitments with every word in their title first,
    then those with some, then by identifier."""
    terms = [t for t in words.split() if len(t) > 1][:8]
    if not terms:
        return ["ogp_id"]
    in_title = [Q(title__icontains=t) | Q(short_title__icontains=t) for t in terms]
    every = Q()
    for q in in_title:
        every &= q
    some = Q()
    for q in in_title:
        some |= q
    return [
        Case(
            When(every, then=Value(0)),
            When(some, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        "ogp_id",
    ]
