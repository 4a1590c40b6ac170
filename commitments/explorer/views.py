"""The explorer's page: every commitment, filtered, counted, sorted and paged."""

from __future__ import annotations

import functools
from html import escape

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from ..flags import flags_for
from ..models import CommitmentPage, StakeholderRole
from ..selectors import CommitmentRow, milestone_summary_from_facts
from .exports import xlsx_in_request
from .facets import (
    FACET_CACHE_SECONDS,
    Facet,
    active_filters,
    facets_and_rollup,
    fragment_key,
    query_without,
)
from .filters import SORT_CHOICES, CommitmentFilterSet

PER_PAGE = 25


def explorer(request: HttpRequest) -> HttpResponse:
    """Every commitment, filtered, counted, sorted and paged; the filters live in the URL.

    Works as a plain form; with htmx, the same response refreshes the results in place.
    """
    filterset = CommitmentFilterSet(request.GET)
    facets, rollup = facets_and_rollup(filterset)
    # The summary has counted the list already (the same conditions on the facts table): the
    # paginator is given that number rather than counting it again.
    paginator = CountedPaginator(listed(filterset), PER_PAGE, count=rollup.commitments)
    page = paginator.get_page(request.GET.get("page"))
    rows = result_rows(list(page.object_list))
    params = request.GET
    sort = filterset.cleaned.get("sort") or ("relevance" if filterset.words else "id")
    context = {
        "facet_groups": _facet_groups(filterset, facets),
        # The filter panel and the summary are the same for every visitor with these filters, in
        # this language, on this data, today: rendered once and cached (most of the page's time).
        "fragment_key": fragment_key(filterset),
        "fragment_seconds": FACET_CACHE_SECONDS,
        "sort": sort,
        "sort_choices": [(v, label) for v, label in SORT_CHOICES if v != "relevance" or filterset.words],
        "filterset": filterset,
        "form": filterset.form,
        "facets": facets,
        "rollup": rollup,
        "page_obj": page,
        "paginator": paginator,
        "rows": rows,
        "chips": active_filters(filterset, facets, params),
        "invalid": filterset.invalid,
        "query": query_without(params, "page"),
        # Too many rows for the request: the XLSX link leads to the page that has it made.
        "xlsx_in_background": not xlsx_in_request(paginator.count),
        "page_numbers": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
        "breadcrumbs": [],
    }
    return TemplateResponse(request, "commitments/explorer.html", context)


# The facets in the order the filter panel shows them, and how each is chosen.
FACET_ORDER = [
    ("region", "checkbox"),
    ("level", "checkbox"),
    ("member", "checkbox"),
    ("plan", "checkbox"),
    ("area", "checkbox"),
    ("lead", "checkbox"),
    ("sector", "checkbox"),
    ("no_sector", "checkbox"),
    ("completion", "checkbox"),
    ("impact", "checkbox"),
    ("results", "checkbox"),
    ("starred", "radio"),
    ("late", "radio"),
    ("flag", "checkbox"),
    ("cs_completion", "checkbox"),
    ("contested", "radio"),
    ("cs_divergence", "checkbox"),
]


def _facet_groups(filterset: CommitmentFilterSet, facets) -> list[dict]:
    groups = []
    for name, kind in FACET_ORDER:
        if name not in facets:
            continue
        facet = facets[name]
        groups.append(
            {
                "facet": facet,
                "label": filterset.filters[name].label,
                "kind": kind,
                "selected": any(v.selected for v in facet.values),
                # Called by the template only when it renders the panel (not when cached).
                "values_html": functools.partial(facet_values_html, facet, kind),
            }
        )
    return groups


# One facet value: its checkbox (or radio button) and label, with the count.
VALUE_HTML = (
    '<div class="facet__value{sub}"><input type="{kind}" id="{id}" name="{name}" value="{value}"{checked}>'
    '<label for="{id}">{label} <span class="facet__count">{count}</span></label></div>'
)


def facet_values_html(facet: Facet, kind: str) -> SafeString:
    """The filter panel's values of one facet, every text escaped. Written here rather than in
    a template loop: the panel lists some 340 values at 20,000 commitments, and a loop of nine
    template nodes cost the explorer's first request more than all the rest of the panel."""
    name = escape(facet.name)
    return mark_safe(  # noqa: S308 - every value below is escaped
        "\n".join(
            VALUE_HTML.format(
                sub=" facet__value--sub" if value.level else "",
                kind=escape(kind),
                id=escape(value.input_id),
                name=name,
                value=escape(value.value),
                checked=" checked" if value.selected else "",
                label=escape(str(value.label)),
                count=escape(value.count_text),
            )
            for value in facet.values
        )
    )


class CountedPaginator(Paginator):
    """A paginator told how many objects its list holds (counted elsewhere, in the same query
    as the facets), so it does not count them again."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def listed(filterset: CommitmentFilterSet) -> QuerySet[CommitmentPage]:
    """The filtered commitments with what their rows show: facts, member and plan in the same
    query as the page of results, lead organisations in one more."""
    return filterset.qs.select_related("facts", "facts__member", "facts__action_plan").prefetch_related(
        Prefetch(
            "stakeholder_roles",
            queryset=StakeholderRole.objects.filter(role=StakeholderRole.Role.LEAD_IMPLEMENTER)
            .select_related("organisation")
            .order_by("sort_order"),
            to_attr="lead_roles",
        )
    )


def result_rows(pages: list[CommitmentPage]) -> list[CommitmentRow]:
    """The listed commitments (from ``listed``) as rows, with their facts and red flags: the
    facts already say the milestones' counts, the IRM's latest completion and the star."""
    rows = []
    now = timezone.now()
    today = timezone.localdate()
    for page in pages:
        rows.append(
            CommitmentRow(
                page=page,
                milestones=milestone_summary_from_facts(page.facts, today),
                latest=None,
                sectors=set(),
                lead=[role.organisation for role in page.lead_roles],
                starred=page.facts.starred,
                facts=page.facts,
                flags=flags_for(page.facts, now),
            )
        )
    return rows
