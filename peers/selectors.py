"""Reads for the peers pages: each page's context in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch

from commitments.irm import Completion
from commitments.models import CommitmentPage, PolicyArea
from tracker.routing import without_view_restrictions

from . import filters, permissions, ranking
from .models import (
    NetworkJoinRequest,
    NetworkMember,
    NetworkPage,
    NetworkPerson,
    NetworkRole,
    PeersIndexPage,
    PracticeCommitment,
    PracticeLibraryPage,
    PracticePage,
)

PAGE_SIZE = 20


def _breadcrumbs(page) -> list:
    return list(page.get_ancestors().filter(depth__gt=2).specific())


def _user(request):
    return getattr(request, "user", None)


def completion_label(code: str) -> str:
    return str(Completion(code).label) if code in Completion.values else ""


def page_context(page, request) -> dict:
    """What a peers page shows beyond its own fields."""
    if isinstance(page, PracticePage):
        return practice_context(page, request)
    if isinstance(page, NetworkPage):
        return network_context(page, request)
    if isinstance(page, PracticeLibraryPage):
        return library_context(page, request)
    if isinstance(page, PeersIndexPage):
        return index_context(page, request)
    return {}


def _with_tags(practices):
    """Practices with their policy areas (one query for the whole list)."""
    return practices.prefetch_related(Prefetch("policy_areas", queryset=PolicyArea.objects.order_by("name")))


def index_context(page: PeersIndexPage, request) -> dict:
    networks = list(
        NetworkPage.objects.live()
        .child_of(page)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("title")
    )
    library = PracticeLibraryPage.objects.live().child_of(page).first()
    recent = list(
        _with_tags(ranking.by_results(PracticePage.objects.live().public()).select_related("network"))[:5]
    )
    return {"breadcrumbs": [], "networks": networks, "library": library, "top_practices": recent}


def members_by_role(network: NetworkPage) -> list[tuple[str, list[NetworkMember]]]:
    """The network's members grouped by role, in the roles' order, each group by name."""
    rows = NetworkMember.objects.filter(network=network).select_related("ogp_member", "organisation")
    grouped: dict[str, list[NetworkMember]] = defaultdict(list)
    for row in rows:
        grouped[row.role].append(row)
    return [
        (label, sorted(grouped[value], key=lambda member: member.name.casefold()))
        for value, label in NetworkMember.Role.choices
        if grouped[value]
    ]


def network_context(page: NetworkPage, request) -> dict:
    user = _user(request)
    role = permissions.network_role(user, page)
    practices = list(
        _with_tags(
            ranking.by_results(PracticePage.objects.live().public().child_of(page)).select_related("network")
        )[:PAGE_SIZE]
    )
    pending = None
    joinable = []
    if role is None and user is not None and user.is_authenticated:
        pending = NetworkJoinRequest.objects.filter(
            network=page, user=user, status=NetworkJoinRequest.Status.PENDING
        ).first()
        joinable = list(permissions.joinable_organisations(user, page))
    return {
        "breadcrumbs": _breadcrumbs(page),
        "workstreams": list(page.workstreams.all()),
        "members_by_role": members_by_role(page),
        "people_count": NetworkPerson.objects.filter(network=page).count(),
        "practices": practices,
        "network_role": role,
        "network_role_label": NetworkRole(role).label if role else "",
        "can_manage": role == NetworkRole.ADMINISTRATOR,
        "can_write": role is not None,
        "pending_request": pending,
        "joinable_organisations": joinable,
        "results_rule": ranking.RULE,
    }


def library_context(page: PracticeLibraryPage, request) -> dict:
    data = request.GET if request is not None else {}
    practice_filter, practices, ranked = filters.practices(data)
    if ranked is None:
        page_obj = Paginator(practices.values_list("pk", flat=True), PAGE_SIZE).get_page(data.get("page"))
        ids = list(page_obj.object_list)
    else:
        page_obj = Paginator(ranked, PAGE_SIZE).get_page(data.get("page"))
        ids = list(page_obj.object_list)
    # Only this page's practices are fetched, with their outcomes and tags, in the order chosen.
    rows = _with_tags(
        ranking.with_outcomes(PracticePage.objects.filter(pk__in=ids)).select_related("network")
    )
    by_pk = {practice.pk: practice for practice in rows}
    page_obj.object_list = [by_pk[pk] for pk in ids if pk in by_pk]
    query = data.copy() if hasattr(data, "copy") else {}
    if hasattr(query, "pop"):
        query.pop("page", None)
    return {
        "breadcrumbs": _breadcrumbs(page),
        "filter": practice_filter,
        "facets": filters.facet_fields(practice_filter),
        "page_obj": page_obj,
        "practices": list(page_obj.object_list),
        "sort": practice_filter.chosen_sort,
        "results_rule": ranking.RULE,
        "query_string": query.urlencode() if hasattr(query, "urlencode") else "",
    }


def linked_commitments(practice: PracticePage) -> list[dict]:
    """The published commitments that applied the practice, with what the IRM and the
    milestones say happened (from ``CommitmentFacts``: one query)."""
    links = (
        PracticeCommitment.objects.filter(practice=practice, commitment__live=True)
        .select_related("commitment", "commitment__facts", "commitment__facts__member")
        .order_by("sort_order", "pk")
    )
    rows = []
    for link in links:
        commitment = link.commitment
        facts = getattr(commitment, "facts", None)
        rows.append(
            {
                "commitment": commitment,
                "note": link.note,
                "member": facts.member if facts else None,
                "completion": completion_label(facts.completion) if facts else "",
                "starred": facts.starred if facts else None,
                "milestones": facts.milestones if facts else 0,
                "milestones_met": facts.milestones_met if facts else 0,
                "has_results": bool(facts)
                and ranking.has_results(starred=facts.starred, completion=facts.completion),
            }
        )
    return rows


def practice_context(page: PracticePage, request) -> dict:
    linked = linked_commitments(page)
    with_results = sum(1 for row in linked if row["has_results"])
    translations = list(page.other_languages())
    return {
        "breadcrumbs": _breadcrumbs(page),
        "linked": linked,
        "results_share": ranking.results_score(linked=len(linked), with_results=with_results),
        "with_results": with_results,
        "policy_areas": sorted(page.policy_areas.all(), key=lambda area: area.name),
        "ocds_stages": list(page.ocds_stages.all()),
        "translations": translations,
        "results_rule": ranking.RULE,
    }


def practices_for_commitment(commitment: CommitmentPage) -> list[PracticePage]:
    """Published practices linked to this commitment (one query)."""
    return list(
        without_view_restrictions(PracticePage.objects.live())
        .filter(commitment_links__commitment=commitment)
        .select_related("network")
        .distinct()
        .order_by("title")
    )
