"""The practice library's facets, search and sorting (django-filter), in a fixed number of queries."""

from __future__ import annotations

import django_filters
from django_countries import countries

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.models import PolicyArea

from . import ranking
from .models import NetworkPage, OcdsStage, PracticePage

SORTS = [
    ("results", _("Results (best first)")),
    ("newest", _("Newest first")),
    ("title", _("Title (A–Z)")),
]


def search(queryset: QuerySet[PracticePage], words: str) -> QuerySet[PracticePage]:
    """Keep the practices whose indexed text holds ``words`` (Wagtail search)."""
    if not words:
        return queryset
    results = PracticePage.objects.live().search(words, operator="and", order_by_relevance=False)
    if hasattr(results, "get_queryset"):
        # The database backends: the matches as a subquery, narrowed in SQL.
        return queryset.filter(pk__in=results.get_queryset().values("pk"))
    return queryset.filter(pk__in=[page.pk for page in results[:10_000]])


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="filter_words")
    policy_area = django_filters.ModelChoiceFilter(
        label=_("Policy area"),
        field_name="policy_areas",
        to_field_name="slug",
        queryset=PolicyArea.objects.all(),
        empty_label=_("Any"),
    )
    stage = django_filters.ModelChoiceFilter(
        label=_("OCDS stage"),
        field_name="ocds_stages",
        to_field_name="code",
        queryset=OcdsStage.objects.all(),
        empty_label=_("Any"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=lambda: list(countries), method="filter_country", empty_label=_("Any")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("Any")
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        to_field_name="slug",
        queryset=NetworkPage.objects.live().order_by("title"),
        empty_label=_("Any"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None, widget=forms.Select
    )

    class Meta:
        model = PracticePage
        fields: list[str] = []

    def filter_words(self, queryset, name, value):
        return search(queryset, value.strip())

    def filter_country(self, queryset, name, value):
        # CountryField(multiple=True) keeps "AR,MX": a two-letter code cannot match across a comma.
        return queryset.filter(countries__contains=value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ``practices``

    @property
    def chosen_sort(self) -> str:
        value = self.form.cleaned_data.get("sort") if self.is_valid() else ""
        return value or "results"


def practices(data) -> tuple[PracticeFilter, QuerySet[PracticePage], list[int] | None]:
    """The library's practices for these query parameters, filtered. Sorted in the database by
    date or title; for "results", the third value is every matching id in the rule's order
    (``ranking.ranked_ids``: the page then fetches only its own rows)."""
    base = PracticePage.objects.live().public()
    practice_filter = PracticeFilter(data or None, queryset=base)
    queryset = practice_filter.qs if practice_filter.is_valid() else base
    sort = practice_filter.chosen_sort
    if sort == "newest":
        return practice_filter, queryset.order_by("-first_published_at", "-pk"), None
    if sort == "title":
        return practice_filter, queryset.order_by("title", "pk"), None
    return practice_filter, queryset, ranking.ranked_ids(queryset)


def facet_fields(practice_filter: PracticeFilter) -> list[dict]:
    """The filter form's select boxes as plain rows (name, label, options with the chosen one),
    rendered by one loop in the template: the country list alone has 250 options, which Django's
    widget templates render one include at a time."""
    form = practice_filter.form
    data = form.data if form.is_bound else {}
    rows = []
    for name, field in form.fields.items():
        if name == "q":
            continue
        chosen = str(data.get(name, "") or "")
        options = [
            {"value": str(value), "label": label, "selected": str(value) == chosen}
            for value, label in field.choices
        ]
        rows.append({"name": name, "label": field.label, "id": f"id_{name}", "options": options})
    return rows
