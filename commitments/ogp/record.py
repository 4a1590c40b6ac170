"""What the importer already knows of the record, and how it writes a whole file's changes.

Loaded once per import: organisations, policy-area links, stakeholder roles, commitments and
their IRM assessments, in a handful of queries, into maps. Each row is then compared with the
map in memory: a row that changes nothing costs no query at all, which is what makes a re-run
of the whole export fast. What a row changes is staged, and ``write`` writes it all at the
end: new organisations, commitments, roles, policy-area links and assessments in bulk (see
``bulk``); changed commitments and assessments through the services, one at a time (a page
edited in the admin gets a new published revision, as the services do it); then the search
and reference indexes, a batch at a time.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from wagtail.models import Page

from tracker.models import Organisation, Sector

from .. import services
from ..explorer.facts import facts_refresh_soon
from ..models import ActionPlanPage, CommitmentPage, IRMAssessment, MemberPage, StakeholderRole
from .bulk import add_children, index_new_objects
from .institutions import QUOTES

Outcome = Callable[[str, Any], None]
_NO_QUOTES = {ord(q): None for q in QUOTES}
# Fields a new page or assessment cannot check without a query (foreign keys, the tree's
# own): the importer makes them right itself.
_TREE_FIELDS = ("path", "depth", "numchild", "url_path", "slug", "draft_title", "translation_key")


def organisation_key(name: str, country: str) -> tuple[str, str]:
    return name.translate(_NO_QUOTES).casefold(), country


def _relation_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.is_relation]


def _plain(value: Any) -> Any:
    if isinstance(value, str):  # a choice (a str enum) compares as the text the database holds
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def digest(values: Iterable[Any]) -> bytes:
    """A short fingerprint of field values, the same for what a row says and what the database
    holds when they are equal (dates, JSON and text alike)."""
    return hashlib.blake2b(repr([_plain(v) for v in values]).encode(), digest_size=16).digest()


def _invalid(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


@dataclass
class MemberWish:
    code: str
    title: str
    level: str
    region: str
    country: str


@dataclass
class PlanWish:
    member: MemberWish
    plan_id: str
    title: str
    number: int | None
    start_year: int | None
    end_year: int | None
    status: str | None


@dataclass
class CommitmentWish:
    plan: PlanWish
    ogp_id: str
    values: dict[str, Any]
    areas: list[Any]
    stakeholders: list[tuple[Organisation, str]]
    existing: CommitmentPage | None = None
    page: CommitmentPage | None = None
    assessments: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


class RowRefused(Exception):
    """A row's values do not fit the record (a field too long, a value not allowed)."""


class Record:
    def __init__(self) -> None:
        self.organisations: dict[tuple[str, str], Organisation] = {}
        for organisation in Organisation.objects.only("pk", "name", "country", "sector").order_by("pk"):
            key = organisation_key(organisation.name, organisation.country.code or "")
            self.organisations.setdefault(key, organisation)
        self.new_organisations: list[Organisation] = []
        self.sectors_learnt: dict[int, Organisation] = {}
        self._row_organisations: dict[tuple[str, str], Organisation] = {}
        # Commitments by identifier, case aside (``ua0087`` is UA0087): only what finds them;
        # their values are compared by digest (``_digests``), so memory stays small.
        self.commitments: dict[str, list[CommitmentPage]] = defaultdict(list)
        for page in CommitmentPage.objects.only("pk", "ogp_id", "path").order_by("pk"):
            self.commitments[page.ogp_id.casefold()].append(page)
        through = CommitmentPage.policy_areas.through
        self.areas: dict[int, set[int]] = defaultdict(set)
        for page_id, area_id in through.objects.values_list("commitmentpage_id", "policyarea_id"):
            self.areas[page_id].add(area_id)
        self.roles: dict[int, set[tuple[int, str]]] = defaultdict(set)
        for page_id, org_id, role in StakeholderRole.objects.values_list(
            "commitment_id", "organisation_id", "role"
        ):
            self.roles[page_id].add((org_id, role))
        self._digests: dict[type, tuple[list[str], dict[Any, bytes]]] = {}
        self.plan_paths = dict(ActionPlanPage.objects.values_list("plan_id", "path"))
        self.locale_id = Page.objects.filter(depth=1).values_list("locale_id", flat=True).first()
        self.staged: list[CommitmentWish] = []
        self.changed_assessments: list[tuple[CommitmentWish, str, dict[str, Any]]] = []

    # -- reading ----------------------------------------------------------------------------

    def commitment(self, ogp_id: str) -> CommitmentPage | None:
        """The commitment with this identifier, case aside. Two records that differ only in case
        (made before identifiers were matched so): the one spelled as in the file, else the oldest."""
        pages = self.commitments.get(ogp_id.casefold())
        if not pages:
            return None
        return next((page for page in pages if page.ogp_id == ogp_id), pages[0])

    def organisation(
        self, name: str, sector: str, country: str
    ) -> tuple[tuple[str, str], Organisation, bool]:
        """The organisation of that name in that country (case and quotes aside); a new one is
        validated now, and written with the others at the end if its row is accepted."""
        key = organisation_key(name, country)
        if key in self.organisations:
            known = self.organisations[key]
            if known.sector == Sector.UNKNOWN and sector != Sector.UNKNOWN and known.pk:
                # The file says what an organisation of unknown sector is: learn it (written at
                # the end). A known sector is never changed: staff may have set it.
                known.sector = sector
                self.sectors_learnt[known.pk] = known
            return key, known, False
        if key in self._row_organisations:
            return key, self._row_organisations[key], True
        organisation = Organisation(name=name, sector=sector, country=country)
        try:
            organisation.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise RowRefused(f"organisation {name!r}: {_invalid(error)}") from error
        self._row_organisations[key] = organisation
        return key, organisation, True

    def accept_row(self) -> None:
        """The row being read is imported: the new organisations it named are kept."""
        for key, organisation in self._row_organisations.items():
            self.organisations[key] = organisation
            self.new_organisations.append(organisation)
        self._row_organisations.clear()

    def reject_row(self) -> None:
        """The row being read is not imported (or a new row starts): forget what it named."""
        self._row_organisations.clear()

    def _unchanged(self, model, key: Any, values: dict[str, Any]) -> bool:
        """Whether the record ``key`` (a page's pk, an assessment's (commitment, report type))
        already holds ``values``. The record's values are read once, on the first call, for
        every record of ``model``, and kept as digests."""
        fields = sorted(values)
        if model not in self._digests:
            lookup = ["pk"] if model is CommitmentPage else ["commitment_id", "report_type"]
            rows = model.objects.values_list(*lookup, *fields).order_by().iterator(chunk_size=1000)
            width = len(lookup)
            digests = {(row[0] if width == 1 else row[:width]): digest(row[width:]) for row in rows}
            self._digests[model] = (fields, digests)
        known_fields, digests = self._digests[model]
        if fields != known_fields:  # not the fields read (never, from one importer): say changed
            return False
        return digests.get(key) == digest(values[name] for name in fields)

    # -- staging ----------------------------------------------------------------------------

    def stage(self, wish: CommitmentWish, assessments: list[tuple[str, dict[str, Any]]]) -> list[str]:
        """Compare a row's commitment and its IRM assessments with the record, and stage what
        changes. Everything is checked before anything is staged, so a row refused (raises
        RowRefused) leaves nothing behind. Returns "unchanged" for each record that is."""
        page = wish.existing = self.commitment(wish.ogp_id)
        new_page = None
        if page is None:
            new_page = CommitmentPage(ogp_id=wish.ogp_id, slug=wish.ogp_id, **wish.values)
            new_page.locale_id = self.locale_id
            new_page.draft_title = new_page.title
            try:
                new_page.clean_fields(exclude=[*_relation_fields(CommitmentPage), *_TREE_FIELDS])
            except ValidationError as error:
                raise RowRefused(_invalid(error)) from error
        changed_assessments = []
        unchanged = []
        for report_type, values in assessments:
            if page is not None and self._unchanged(IRMAssessment, (page.pk, report_type), values):
                unchanged.append("unchanged")
                continue
            try:
                IRMAssessment(report_type=report_type, **values).clean_fields(exclude=["commitment"])
            except ValidationError as error:
                raise RowRefused(f"IRM {report_type}: {_invalid(error)}") from error
            changed_assessments.append((report_type, values))
        if new_page is not None:
            wish.page = new_page
            wish.assessments = changed_assessments
            self.staged.append(wish)
            return unchanged
        self.changed_assessments += [
            (wish, report_type, values) for report_type, values in changed_assessments
        ]
        wanted_areas = {area.pk for area in wish.areas}
        wanted_roles = {(org.pk, role) for org, role in wish.stakeholders}
        moved = self.plan_paths.get(wish.plan.plan_id) != page.path[: -Page.steplen]
        if (
            not moved
            and self._unchanged(CommitmentPage, page.pk, wish.values)
            and self.areas[page.pk] == wanted_areas
            and wanted_roles <= self.roles[page.pk]
        ):
            return [*unchanged, "unchanged"]
        self.staged.append(wish)
        return unchanged

    # -- writing ----------------------------------------------------------------------------

    def write(
        self,
        home: Page,
        members: Iterable[MemberWish],
        plans: Iterable[PlanWish],
        outcome: Outcome,
        *,
        indexing: Callable[[], None] = lambda: None,
    ) -> None:
        """Write what was staged; ``indexing`` is called as the new commitments' indexing starts."""
        member_pages: dict[str, MemberPage] = {}
        for member in members:
            page, result = services.member_page_upsert(
                home=home,
                code=member.code,
                title=member.title,
                level=member.level,
                region=member.region,
                country=member.country,
            )
            outcome(result, page)
            member_pages[member.code] = page
        # Plans already in the record through the service (a few queries each, and only
        # changed ones are saved); new plans in bulk under their member.
        plan_pages: dict[str, ActionPlanPage] = {}
        new_plans: dict[str, list[ActionPlanPage]] = defaultdict(list)
        for plan in plans:
            values = {
                "title": plan.title,
                "number": plan.number,
                "start_year": plan.start_year,
                "end_year": plan.end_year,
            }
            if plan.status:
                values["status"] = plan.status
            if plan.plan_id not in self.plan_paths:
                page = ActionPlanPage(plan_id=plan.plan_id, slug=plan.plan_id, **values)
                new_plans[plan.member.code].append(page)
                plan_pages[plan.plan_id] = page
                continue
            page, result = services.action_plan_page_upsert(
                member=member_pages[plan.member.code], plan_id=plan.plan_id, **values
            )
            outcome(result, page)
            plan_pages[plan.plan_id] = page
        for code, pages in new_plans.items():
            add_children(member_pages[code], pages, [page.plan_id for page in pages])
            for _page in pages:
                outcome("created", None)
        index_new_objects(ActionPlanPage, [page.pk for pages in new_plans.values() for page in pages])

        Organisation.objects.bulk_create(self.new_organisations)
        for organisation in self.sectors_learnt.values():
            organisation.save(update_fields=["sector"])  # saved one by one: the change log keeps it
            outcome("updated", organisation)
        index_new_objects(Organisation, [o.pk for o in self.new_organisations])

        new = [wish for wish in self.staged if wish.existing is None]
        by_plan: dict[str, list[CommitmentWish]] = defaultdict(list)
        for wish in new:
            by_plan[wish.plan.plan_id].append(wish)
        # A plan's new commitments at a time, each page dropped once written (memory stays
        # flat: the index pass below reads the pages back a batch at a time).
        new_ids: list[int] = []
        assessment_ids: list[int] = []
        for plan_id, wishes in by_plan.items():
            add_children(plan_pages[plan_id], [w.page for w in wishes], [w.ogp_id for w in wishes])
            assessment_ids += self._write_parts(wishes, outcome)
            for wish in wishes:
                new_ids.append(wish.page.pk)
                wish.page, wish.values, wish.assessments = None, {}, []
        facts_refresh_soon(new_ids)
        indexing()
        index_new_objects(CommitmentPage, new_ids)
        index_new_objects(IRMAssessment, assessment_ids, search=False)

        for wish in self.staged:
            if wish.existing is None:
                continue
            page, result = services.commitment_page_upsert(
                plan=plan_pages[wish.plan.plan_id],
                ogp_id=wish.existing.ogp_id,
                values=wish.values,
                policy_areas=wish.areas,
                stakeholders=wish.stakeholders,
            )
            outcome(result, page)
        for wish, report_type, values in self.changed_assessments:
            assessment, result = services.irm_assessment_upsert(
                commitment=wish.existing, report_type=report_type, values=values
            )
            outcome(result, assessment)

    def _write_parts(self, wishes: list[CommitmentWish], outcome: Outcome) -> list[int]:
        """Policy-area links, stakeholder roles and IRM assessments of new commitments, in bulk;
        returns the assessments' ids."""
        through = CommitmentPage.policy_areas.through
        links, roles, assessments = [], [], []
        for wish in wishes:
            page_id = wish.page.pk
            links += [
                through(commitmentpage_id=page_id, policyarea_id=pk)
                for pk in sorted(a.pk for a in wish.areas)
            ]
            pairs = list(dict.fromkeys((org.pk, role) for org, role in wish.stakeholders))
            roles += [
                StakeholderRole(commitment_id=page_id, organisation_id=org_id, role=role, sort_order=order)
                for order, (org_id, role) in enumerate(pairs)
            ]
            assessments += [
                IRMAssessment(commitment_id=page_id, report_type=report_type, **values)
                for report_type, values in wish.assessments
            ]
            outcome("created", None)
            for _assessment in wish.assessments:
                outcome("created", None)
        through.objects.bulk_create(links, batch_size=500)
        StakeholderRole.objects.bulk_create(roles, batch_size=500)
        IRMAssessment.objects.bulk_create(assessments, batch_size=500)
        return [assessment.pk for assessment in assessments]
