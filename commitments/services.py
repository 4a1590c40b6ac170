"""Writes to the commitment record. Keyword-only, validated, one transaction each.

Upserts report what they did ("created", "updated" or "unchanged") so that an import can be
run again and again without duplicating or needlessly rewriting anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, Literal

from django.db import transaction
from django.utils.text import slugify

from wagtail.models import Page

from tracker.models import Organisation

from .models import (
    ActionPlanPage,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    PolicyArea,
    StakeholderRole,
)
from .vocabulary import PARENTS, SPANISH_NAMES

Outcome = Literal["created", "updated", "unchanged"]


def _unique_child_slug(parent: Page, base: str, fallback: str) -> str:
    slug = slugify(base)[:200] or slugify(fallback)
    siblings = set(parent.get_children().values_list("slug", flat=True))
    if slug not in siblings:
        return slug
    candidate = f"{slug}-{slugify(fallback)}"
    n = 2
    while candidate in siblings:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def _save_page(page: Page) -> None:
    """Save a changed page so that the admin's latest revision shows the same content.

    A page that has never been edited in the admin is saved directly; one that has revisions
    gets a new, published revision, so an editor's next edit starts from the imported text.
    """
    page.full_clean()
    if page.latest_revision_id:
        page.save_revision(clean=False).publish()
    else:
        page.save()


def _apply(instance: Any, values: dict[str, Any]) -> bool:
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    return changed


def _page_upsert(
    model: type[Page],
    *,
    parent: Page,
    lookup: dict[str, Any],
    values: dict[str, Any],
    slug_base: str,
    sync_relations: Callable[[Page], bool] | None = None,
) -> tuple[Page, Outcome]:
    """Create or update a page in one save; ``sync_relations`` sets its related objects
    (before the first save of a new page) and says whether they changed."""
    page = model.objects.filter(**lookup).first()
    if page is None:
        page = model(**lookup, **values)
        page.slug = _unique_child_slug(parent, slug_base, next(iter(lookup.values())))
        if sync_relations:
            sync_relations(page)
        page.full_clean(exclude=["path", "depth"])
        parent.add_child(instance=page)
        return page, "created"
    changed = _apply(page, values)
    if page.get_parent().pk != parent.pk:
        page.move(parent, pos="last-child")
        page.refresh_from_db()
        _apply(page, values)
        changed = True
    if sync_relations and sync_relations(page):
        changed = True
    if changed:
        _save_page(page)
        return page, "updated"
    return page, "unchanged"


@transaction.atomic
def member_page_upsert(
    *, home: Page, code: str, title: str, level: str, region: str = "", country: str = ""
) -> tuple[MemberPage, Outcome]:
    return _page_upsert(
        MemberPage,
        parent=home,
        lookup={"code": code},
        values={"title": title, "level": level, "region": region, "country": country},
        slug_base=title,
    )


@transaction.atomic
def action_plan_page_upsert(
    *,
    member: MemberPage,
    plan_id: str,
    title: str,
    number: int | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    status: str | None = None,
) -> tuple[ActionPlanPage, Outcome]:
    values: dict[str, Any] = {
        "title": title,
        "number": number,
        "start_year": start_year,
        "end_year": end_year,
    }
    if status:
        values["status"] = status
    return _page_upsert(
        ActionPlanPage, parent=member, lookup={"plan_id": plan_id}, values=values, slug_base=plan_id
    )


@transaction.atomic
def commitment_page_upsert(
    *,
    plan: ActionPlanPage,
    ogp_id: str,
    values: dict[str, Any],
    policy_areas: Iterable[PolicyArea] = (),
    stakeholders: Iterable[tuple[Organisation, str]] = (),
) -> tuple[CommitmentPage, Outcome]:
    """Create or update a commitment with its policy areas and stakeholder roles.

    The policy areas become exactly the ones given. Stakeholder roles given are added when
    missing; roles already on the page (added by editors, or by an earlier export) stay.
    """
    areas = {area.pk: area for area in policy_areas}
    wanted_roles = list(dict.fromkeys((org.pk, role) for org, role in stakeholders))

    def sync_relations(page: CommitmentPage) -> bool:
        changed = False
        if {area.pk for area in page.policy_areas.all()} != set(areas):
            page.policy_areas = [areas[pk] for pk in sorted(areas)]
            changed = True
        roles = list(page.stakeholder_roles.all())
        existing = {(r.organisation_id, r.role) for r in roles}
        missing = [pair for pair in wanted_roles if pair not in existing]
        if missing:
            roles += [StakeholderRole(organisation_id=org_id, role=role) for org_id, role in missing]
            page.stakeholder_roles = roles
            changed = True
        return changed

    return _page_upsert(
        CommitmentPage,
        parent=plan,
        lookup={"ogp_id": ogp_id},
        values=values,
        slug_base=ogp_id,
        sync_relations=sync_relations,
    )


def organisation_get_or_create(*, name: str, sector: str, country: str = "") -> tuple[Organisation, bool]:
    """The organisation of that name in that country (case aside), created if new."""
    organisation = Organisation.objects.filter(name__iexact=name, country=country).first()
    if organisation:
        return organisation, False
    organisation = Organisation(name=name, sector=sector, country=country)
    organisation.full_clean()
    organisation.save()
    return organisation, True


def policy_areas_ensure(names: Iterable[str]) -> tuple[dict[str, PolicyArea], list[PolicyArea]]:
    """Policy areas by OGP name, and the ones created because they were not yet known
    (with OGP's Spanish name and parent)."""
    names = list(dict.fromkeys(names))
    existing = {area.name: area for area in PolicyArea.objects.filter(name__in=names)}
    created = []
    for name in names:
        if name not in existing:
            slug = slugify(name.replace("&", "and").replace("/", " ")) or slugify(name)
            area = PolicyArea(name=name, name_es=SPANISH_NAMES.get(name, ""), slug=slug)
            area.full_clean()
            area.save()
            existing[name] = area
            created.append(area)
    for name, area in existing.items():
        parent_name = PARENTS.get(name)
        if parent_name and area.parent_id is None and parent_name in existing:
            area.parent = existing[parent_name]
            area.save(update_fields=["parent"])
    return existing, created


@transaction.atomic
def irm_assessment_upsert(
    *, commitment: CommitmentPage, report_type: str, values: dict[str, Any]
) -> tuple[IRMAssessment, Outcome]:
    assessment = IRMAssessment.objects.filter(commitment=commitment, report_type=report_type).first()
    if assessment is None:
        assessment = IRMAssessment(commitment=commitment, report_type=report_type, **values)
        assessment.full_clean()
        assessment.save()
        return assessment, "created"
    if _apply(assessment, values):
        assessment.full_clean()
        assessment.save()
        return assessment, "updated"
    return assessment, "unchanged"


@transaction.atomic
def milestone_create(
    *,
    commitment: CommitmentPage,
    title: str,
    expected_output: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    status: str = "scheduled",
    date_met: datetime.date | None = None,
) -> Milestone:
    milestone = Milestone(
        commitment=commitment,
        title=title,
        expected_output=expected_output,
        start_date=start_date,
        end_date=end_date,
        status=status,
        date_met=date_met,
        sort_order=commitment.milestones.count(),
    )
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def stakeholder_role_add(
    *, commitment: CommitmentPage, organisation: Organisation, role: str
) -> tuple[StakeholderRole, bool]:
    existing = StakeholderRole.objects.filter(
        commitment=commitment, organisation=organisation, role=role
    ).first()
    if existing:
        return existing, False
    stakeholder = StakeholderRole(
        commitment=commitment,
        organisation=organisation,
        role=role,
        sort_order=commitment.stakeholder_roles.count(),
    )
    stakeholder.full_clean()
    stakeholder.save()
    return stakeholder, True


@transaction.atomic
def commitment_withdraw(
    *, commitment: CommitmentPage, actor, reason: str, withdrawn_on: datetime.date | None = None
) -> CommitmentPage:
    """Mark a commitment withdrawn, with the reason shown publicly (as OGP does); staff only.

    The page stays published at its URL with its milestones and updates: withdrawal is how a
    commitment with reported history leaves the plan, since it cannot be deleted. Written
    straight to the live row (not through a revision), so no edit or revert of the page undoes
    it (``CommitmentPage.with_content_json``)."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .permissions import can_withdraw

    if not can_withdraw(actor, commitment):
        raise PermissionDenied(_("Only staff may withdraw a commitment."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the commitment is withdrawn: the reason is shown publicly.")}
        )
    values = {
        "withdrawn_on": withdrawn_on or timezone.localdate(),
        "withdrawal_reason": reason,
        "withdrawn_by": actor,
    }
    live = CommitmentPage.objects.get(pk=commitment.pk)
    for name, value in values.items():
        setattr(live, name, value)
        setattr(commitment, name, value)
    # Saved (not a queryset update) so that the public change log records it; only these
    # columns are written, so unpublished draft edits stay out of the live row.
    live.save(update_fields=list(values), clean=False)
    return commitment
