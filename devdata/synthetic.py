"""Synthetic, OGP-shaped records at any size, built fast: for ``make bench`` and for tests.

The shape follows the real record: OGP members (mostly national, some local, in OGP's four
regions) with about a hundred commitments each over three to five action plans, five
milestones per commitment in a realistic mix (met on time, met late, not met, overdue, not
yet due), stakeholder roles over a pool of organisations in every sector (with some
commitments missing civil society or business), one to three policy areas from OGP's
vocabulary, and IRM assessments of both eras (some starred).

Two properties make it a fair benchmark:

* **Same-shaped pages at every size.** Member ``i`` depends only on the seed and ``i``, never
  on the total, so the 2,000-commitment record is exactly the first twenty members of the
  20,000-commitment one. Member, action-plan and commitment pages measured at both sizes are
  the same pages; only the rest of the record grows, as it does in the real world.
* **Exact export sizes.** Members come in pairs whose sizes add up to 200 (100 − d and
  100 + d), so the first ten members hold exactly 1,000 commitments at both sizes.

Everything is deterministic for a given seed. ``synthetic_plan.plan_record`` describes the
record in plain Python; ``build`` writes it with bulk inserts (no page services: at ~40 ms a page those take
13 minutes for 20,000 commitments). Wagtail's tree is written directly: materialised paths,
depth, numchild and url_path computed here, ``wagtailcore_page`` rows inserted with
``Page.objects.bulk_create`` and the page types' own rows with Django's internal ``_insert``,
because ``bulk_create`` refuses multi-table inheritance. Pages are live as if published once.
No signals are sent, so the explorer's facts table is rebuilt at the end with
``facts.commitment_facts_refresh()``. No revisions, no reference index and no search index
are written: the explorer's free-text search (``q=``) finds nothing in a synthetic record until
``manage.py update_index`` runs, and no bench row uses it.
"""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import F, Model
from django.utils.text import slugify

from wagtail.models import Locale, Page, Site

from commitments import services
from commitments.explorer import facts
from commitments.models import (
    ActionPlanPage,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    StakeholderRole,
)
from tracker.models import Organisation, Sector

from .synthetic_plan import (
    ALL_AREAS,
    BUILDER_VERSION,
    DEFAULT_SEED,
    KEY_NAMESPACE,
    MULTILATERALS,
    REFERENCE_DATE,
    MemberSpec,
    OrganisationSpec,
    export_member_codes,
    plan_record,
)

__all__ = ["BUILDER_VERSION", "DEFAULT_SEED", "build", "export_member_codes", "facts_refresh", "plan_record"]

# ----------------------------------------------------------------------------- writing


@dataclass
class BuildReport:
    members: int = 0
    action_plans: int = 0
    commitments: int = 0
    milestones: int = 0
    stakeholder_roles: int = 0
    assessments: int = 0
    organisations: int = 0
    policy_area_links: int = 0
    seconds: float = 0.0
    facts_seconds: float | None = None  # None: not refreshed (refresh_facts=False)

    @property
    def summary(self) -> str:
        facts = (
            "facts not refreshed"
            if self.facts_seconds is None
            else f"facts refreshed in {self.facts_seconds:.1f} s"
        )
        return (
            f"synthetic record: members={self.members} action_plans={self.action_plans} "
            f"commitments={self.commitments} milestones={self.milestones} "
            f"stakeholder_roles={self.stakeholder_roles} irm_assessments={self.assessments} "
            f"organisations={self.organisations} in {self.seconds:.1f} s; {facts}"
        )


class SyntheticRecordExists(Exception):
    """The database already holds members with the synthetic codes."""


def build(
    *,
    commitments: int,
    seed: int = DEFAULT_SEED,
    refresh_facts: bool = True,
    log: Callable[[str], None] = lambda message: None,
) -> BuildReport:
    """Write the synthetic record of ``commitments`` commitments under the default site's home page.

    One transaction. Meant for an empty record (a fresh bench database, a test); it refuses
    when members with the same codes exist, and appends after any other members.
    """
    started = time.perf_counter()
    members = plan_record(commitments=commitments, seed=seed)
    log(f"planned {len(members)} members in {time.perf_counter() - started:.1f} s")
    with transaction.atomic():
        report = write_record(members, seed=seed, log=log)
    report.seconds = time.perf_counter() - started
    if refresh_facts:
        report.facts_seconds = facts_refresh(log=log)
        report.seconds = time.perf_counter() - started
    return report


def facts_refresh(*, log: Callable[[str], None] = lambda message: None) -> float:
    """Rebuild the explorer's facts table for every commitment (the bulk writes above send no
    signals, so nothing has kept it in step); returns the seconds it took."""
    started = time.perf_counter()
    facts.commitment_facts_refresh()
    seconds = time.perf_counter() - started
    log(f"commitment facts refreshed in {seconds:.1f} s")
    return seconds


def _home() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise RuntimeError("No default site: run the migrations first.")
    return site.root_page


def _batch_size(model: type[Model], fields: Sequence[Any], objs: Sequence[Any], using: str) -> int:
    return max(1, connections[using].ops.bulk_batch_size(list(fields), objs) or len(objs))


def _insert_page_rows(model: type[Page], pages: list[Page], using: str) -> None:
    """Insert ``pages`` (instances of the page type ``model``) into both of their tables."""
    Page.objects.using(using).bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    # bulk_create refuses multi-table inheritance; the page type's own table is written the way
    # bulk_create writes any table, with the parent link set by hand.
    fields = model._meta.local_concrete_fields
    size = _batch_size(model, fields, pages, using)
    for start in range(0, len(pages), size):
        model._base_manager.using(using)._insert(pages[start : start + size], fields=fields, using=using)


def _child_path(parent_path: str, step: int) -> str:
    return Page._get_path(parent_path, len(parent_path) // Page.steplen + 1, step)


def _page_fields(
    *,
    title: str,
    slug: str,
    path: str,
    parent_url_path: str,
    numchild: int,
    published: datetime.datetime,
    key: str,
) -> dict[str, Any]:
    return {
        "title": title,
        "draft_title": title,
        "slug": slug,
        "path": path,
        "depth": len(path) // Page.steplen,
        "numchild": numchild,
        "url_path": f"{parent_url_path}{slug}/",
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": published,
        "last_published_at": published,
        "latest_revision_created_at": published,
        "translation_key": uuid.uuid5(KEY_NAMESPACE, key),
    }


def _published(year: int) -> datetime.datetime:
    return datetime.datetime(year, 1, 15, 9, 0, tzinfo=datetime.UTC)


def write_record(members: list[MemberSpec], *, seed: int, log: Callable[[str], None]) -> BuildReport:
    using = router.db_for_write(Page)
    report = BuildReport()
    tick = time.perf_counter()

    def lap(message: str) -> None:
        nonlocal tick
        now = time.perf_counter()
        log(f"{message} in {now - tick:.1f} s")
        tick = now

    codes = [m.code for m in members]
    if MemberPage.objects.using(using).filter(code__in=codes).exists():
        raise SyntheticRecordExists("Members with synthetic codes exist already: build into an empty record.")

    home = _home()
    locale_id = Locale.get_default().pk
    content_type = {
        model: ContentType.objects.db_manager(using).get_for_model(model).pk
        for model in (MemberPage, ActionPlanPage, CommitmentPage)
    }
    last = home.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1

    # Vocabulary and organisations.
    areas, _created = services.policy_areas_ensure(ALL_AREAS)
    area_ids = {name: area.pk for name, area in areas.items()}
    org_specs = [
        OrganisationSpec(f"multilateral/{i}", name, Sector.MULTILATERAL)
        for i, name in enumerate(MULTILATERALS)
    ]
    org_specs += [org for member in members for org in member.organisations]
    existing = {
        o.name: o.pk for o in Organisation.objects.using(using).filter(name__in=MULTILATERALS, country="")
    }
    new_orgs = [
        (
            spec,
            Organisation(name=spec.name, sector=spec.sector, scheme=spec.scheme, identifier=spec.identifier),
        )
        for spec in org_specs
        if not (spec.key.startswith("multilateral/") and spec.name in existing)
    ]
    Organisation.objects.using(using).bulk_create([org for _spec, org in new_orgs])
    org_ids = {spec.key: org.pk for spec, org in new_orgs}
    org_ids.update(
        {
            spec.key: existing[spec.name]
            for spec in org_specs
            if spec.key not in org_ids and spec.name in existing
        }
    )
    report.organisations = len(new_orgs)
    lap(f"{len(area_ids)} policy areas, {len(new_orgs)} organisations")

    def child(model, parent, step, *, title, slug, numchild, published, key, **fields):
        """A new live page of ``model``, the ``step``-th child of ``parent`` in the tree."""
        return model(
            content_type_id=content_type[model],
            locale_id=locale_id,
            **fields,
            **_page_fields(
                title=title,
                slug=slug,
                path=_child_path(parent.path, step),
                parent_url_path=parent.url_path,
                numchild=numchild,
                published=published,
                key=f"{seed}/{key}",
            ),
        )

    # Members.
    member_pages = []
    for offset, member in enumerate(members):
        first_year = member.plans[0].start_year if member.plans else REFERENCE_DATE.year
        member_pages.append(
            child(
                MemberPage,
                home,
                first_step + offset,
                title=member.title,
                slug=member.slug,
                numchild=len(member.plans),
                published=_published(first_year),
                key=member.code,
                code=member.code,
                level=member.level,
                region=member.region,
            )
        )
    _insert_page_rows(MemberPage, member_pages, using)
    Page.objects.using(using).filter(pk=home.pk).update(numchild=F("numchild") + len(member_pages))
    report.members = len(member_pages)

    # Action plans.
    plan_pages = []
    plan_specs = []
    for member, member_page in zip(members, member_pages, strict=True):
        for step, plan in enumerate(member.plans, start=1):
            plan_pages.append(
                child(
                    ActionPlanPage,
                    member_page,
                    step,
                    title=plan.title,
                    slug=slugify(plan.plan_id),
                    numchild=len(plan.commitments),
                    published=_published(plan.start_year),
                    key=plan.plan_id,
                    plan_id=plan.plan_id,
                    number=plan.number,
                    start_year=plan.start_year,
                    end_year=plan.end_year,
                    status=plan.status,
                )
            )
            plan_specs.append(plan)
    _insert_page_rows(ActionPlanPage, plan_pages, using)
    report.action_plans = len(plan_pages)
    lap(f"{report.members} member pages, {report.action_plans} action plan pages")

    # Commitments.
    commitment_pages = []
    commitment_specs = []
    names = {spec.key: spec.name for spec in org_specs}
    for plan, plan_page in zip(plan_specs, plan_pages, strict=True):
        for step, spec in enumerate(plan.commitments, start=1):
            lead_names = [names[key] for key, role in spec.roles if role == "lead_implementer"]
            commitment_pages.append(
                child(
                    CommitmentPage,
                    plan_page,
                    step,
                    title=spec.title,
                    slug=slugify(spec.ogp_id),
                    numchild=0,
                    published=_published(plan.start_year),
                    key=spec.ogp_id,
                    ogp_id=spec.ogp_id,
                    number=spec.number,
                    short_title=spec.title,
                    theme=spec.theme,
                    start_date=spec.start_date,
                    end_date=spec.end_date,
                    lead_institutions_text=", ".join(lead_names),
                    **spec.texts,
                )
            )
            commitment_specs.append(spec)
    _insert_page_rows(CommitmentPage, commitment_pages, using)
    report.commitments = len(commitment_pages)
    lap(f"{report.commitments} commitment pages")

    # Everything attached to a commitment.
    through = CommitmentPage.policy_areas.through
    milestones, roles, links, assessments = [], [], [], []
    for spec, page in zip(commitment_specs, commitment_pages, strict=True):
        for order, m in enumerate(spec.milestones):
            milestones.append(
                Milestone(
                    commitment_id=page.pk,
                    sort_order=order,
                    title=m.title,
                    expected_output=m.expected_output,
                    start_date=m.start_date,
                    end_date=m.end_date,
                    status=m.status,
                    date_met=m.date_met,
                )
            )
        for order, (org_key, role) in enumerate(spec.roles):
            roles.append(
                StakeholderRole(
                    commitment_id=page.pk, organisation_id=org_ids[org_key], role=role, sort_order=order
                )
            )
        links += [through(commitmentpage_id=page.pk, policyarea_id=area_ids[name]) for name in spec.areas]
        assessments += [
            IRMAssessment(commitment_id=page.pk, report_type=a.report_type, **a.values)
            for a in spec.assessments
        ]
    for model, objs in (
        (Milestone, milestones),
        (StakeholderRole, roles),
        (through, links),
        (IRMAssessment, assessments),
    ):
        model._base_manager.using(using).bulk_create(objs)
    report.milestones = len(milestones)
    report.stakeholder_roles = len(roles)
    report.policy_area_links = len(links)
    report.assessments = len(assessments)
    lap(
        f"{report.milestones} milestones, {report.stakeholder_roles} roles, "
        f"{report.policy_area_links} policy area links, {report.assessments} IRM assessments"
    )
    return report


def tree_problems(pages: Iterable[Page] | None = None) -> list[str]:
    """What is wrong with the page tree (numchild, depth, url_path, parents), as messages.

    Like ``Page.find_problems`` but also checking ``url_path``; empty when the tree is sound.
    """
    problems: list[str] = []
    evil_chars, bad_steplen, orphans, wrong_depth, wrong_numchild = Page.find_problems()
    for label, ids in (
        ("bad characters in path", evil_chars),
        ("bad step length", bad_steplen),
        ("orphans", orphans),
        ("wrong depth", wrong_depth),
        ("wrong numchild", wrong_numchild),
    ):
        if ids:
            problems.append(f"{label}: {sorted(ids)[:10]}")
    by_path = {p.path: p for p in Page.objects.only("path", "url_path", "slug", "depth")}
    for page in pages if pages is not None else by_path.values():
        if page.depth <= 1:
            continue
        parent = by_path.get(page.path[: -Page.steplen])
        if parent is None:
            continue
        expected = f"{parent.url_path}{page.slug}/" if parent.depth > 1 else f"/{page.slug}/"
        if page.url_path != expected:
            problems.append(f"url_path of {page.pk} is {page.url_path!r}, expected {expected!r}")
    return problems
