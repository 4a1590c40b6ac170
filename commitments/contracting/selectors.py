"""Reading contracting data for the record's pages and facts, in a fixed number of queries.

``contracting_for(ids)`` gathers, for each commitment, its links, the processes they reach
(directly, or through a linked OC4IDS project's ``contractingProcesses``), their budgets,
contracts and payments, suppliers with their beneficial owners (matched by org-id: scheme + id)
and the indicators raised. The page's panel and the explorer's facts both read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Q

from commitments.models import CommitmentPage, Milestone
from tracker.db import (
    JSONRows,
    attnames,
    built_once,
    instance,
    instances,
    json_rows,
    json_value,
    set_prefetched,
)

from .indicators import Indicator, process_indicators
from .models import (
    BodsEntity,
    BodsEntityIdentifier,
    BodsPerson,
    BodsRelationship,
    BudgetLine,
    ContractingProcess,
    ContractingRelease,
    DataSource,
    InfrastructureProject,
    ProcessAward,
    ProcessContract,
    ProcessLink,
    ProcessParty,
    ProjectLink,
    ProjectProcess,
)

DEFAULT_MIN_AWARD_DAYS = 10


def min_award_days() -> int:
    """The law's minimum award period in days (setting ``CONTRACTING_MIN_AWARD_PERIOD_DAYS``)."""
    return int(getattr(settings, "CONTRACTING_MIN_AWARD_PERIOD_DAYS", DEFAULT_MIN_AWARD_DAYS))


def linked_commitment_ids() -> set[int]:
    """Every commitment with a link to a process or project (their facts change on import)."""
    return set(
        CommitmentPage.objects.filter(
            Q(pk__in=ProcessLink.objects.values("commitment_id"))
            | Q(pk__in=ProjectLink.objects.values("commitment_id"))
        ).values_list("pk", flat=True)
    )


@dataclass
class Owner:
    relationship: BodsRelationship
    party: BodsPerson | BodsEntity | None


@dataclass
class Supplier:
    name: str
    scheme: str
    identifier: str
    entity: BodsEntity | None = None
    owners: list[Owner] = field(default_factory=list)


@dataclass
class ProcessView:
    ocid: str
    process: ContractingProcess | None
    links: list = field(default_factory=list)
    via_projects: list[str] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    contracted: dict[str, Decimal] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)
    suppliers: list[Supplier] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class ProjectView:
    project_id: str
    project: InfrastructureProject | None
    links: list = field(default_factory=list)


@dataclass
class CommitmentContracting:
    process_links: list[ProcessLink] = field(default_factory=list)
    project_links: list[ProjectLink] = field(default_factory=list)
    processes: list[ProcessView] = field(default_factory=list)
    projects: list[ProjectView] = field(default_factory=list)

    @property
    def links(self) -> int:
        return len(self.process_links) + len(self.project_links)

    @property
    def has_budget(self) -> bool:
        return any(line.amount is not None for view in self.processes for line in view.budget) or any(
            line.amount is not None
            for view in self.projects
            if view.project
            for line in view.project.budget_lines.all()
        )

    def suppliers(self) -> list[Supplier]:
        return [supplier for view in self.processes if view.process for supplier in view.suppliers]

    def facts(self) -> dict[str, object]:
        raised = {indicator.code for view in self.processes for indicator in view.indicators}
        return {
            "contracting_links": self.links,
            "no_confirmed_budget": bool(self.links) and not self.has_budget,
            "supplier_without_owners": any(not s.owners for s in self.suppliers()),
            "single_tenderer": "single_tenderer" in raised,
            "contract_amended": "contract_amended" in raised,
            "short_award_period": "short_award_period" in raised,
            "supplier_registered_late": "supplier_registered_late" in raised,
        }


def _add(totals: dict[str, Decimal], currency: str, amount: Decimal | None) -> None:
    if amount is not None:
        totals[currency] = totals.get(currency, Decimal(0)) + amount


def contracting_for(commitment_ids: list[int]) -> dict[int, CommitmentContracting]:
    """Everything contracting for these commitments (a fixed number of queries, however many)."""
    result = {pk: CommitmentContracting() for pk in commitment_ids}
    # Both kinds of link, each process link with its milestone, in one query.
    process_links: list[ProcessLink] = []
    project_links: list[ProjectLink] = []
    for found_process_links, found_project_links in _links_query().filter(pk__in=commitment_ids):
        for row in json_rows(found_process_links):
            link = instance(ProcessLink, row)
            milestones = json_rows(row["_milestone"])
            link.milestone = instance(Milestone, milestones[0]) if milestones else None
            process_links.append(link)
        project_links += instances(ProjectLink, found_project_links)
    # In link order across commitments, as each commitment's panel lists them.
    process_links.sort(key=lambda link: (link.created_at, link.pk))
    project_links.sort(key=lambda link: (link.created_at, link.pk))
    if not process_links and not project_links:
        return result
    # Each linked project with its budget lines and processes, in one query.
    projects = {}
    for project in _projects_query().filter(project_id__in={link.project_id for link in project_links}):
        set_prefetched(project, "budget_lines", instances(BudgetLine, project._budget))
        set_prefetched(project, "processes", instances(ProjectProcess, project._processes))
        projects[project.project_id] = project
    ocids = {link.ocid for link in process_links} | {
        pp.ocid for p in projects.values() for pp in p.processes.all()
    }
    # Each process with its awards, contracts, budget lines, parties and releases, in one query.
    processes = {}
    releases: dict[int, list[dict]] = {}
    for process in _processes_query().filter(ocid__in=ocids):
        set_prefetched(process, "awards", instances(ProcessAward, process._awards))
        set_prefetched(process, "contracts", instances(ProcessContract, process._contracts))
        set_prefetched(process, "budget_lines", instances(BudgetLine, process._budget))
        set_prefetched(process, "parties", instances(ProcessParty, process._parties))
        releases[process.pk] = [json_value(row["data"]) for row in json_rows(process._releases)]
        processes[process.ocid] = process
    owners = _owners(
        {(p.scheme, p.identifier) for pr in processes.values() for p in pr.parties.all() if p.is_supplier}
    )
    founding = {key: entity.founding_date for key, (entity, _o) in owners.items() if entity.founding_date}
    minimum = min_award_days()

    for pk, own in result.items():
        own.process_links = [link for link in process_links if link.commitment_id == pk]
        own.project_links = [link for link in project_links if link.commitment_id == pk]
        views: dict[str, ProcessView] = {}
        for link in own.process_links:
            views.setdefault(link.ocid, ProcessView(link.ocid, processes.get(link.ocid))).links.append(link)
        for link in own.project_links:
            project = projects.get(link.project_id)
            own.projects.append(ProjectView(link.project_id, project, [link]))
            for project_process in project.processes.all() if project else []:
                view = views.setdefault(
                    project_process.ocid,
                    ProcessView(project_process.ocid, processes.get(project_process.ocid)),
                )
                view.via_projects.append(link.project_id)
        for view in views.values():
            process = view.process
            if process is not None:
                view.budget = list(process.budget_lines.all())
                for contract in process.contracts.all():
                    _add(view.contracted, contract.currency, contract.amount)
                    _add(view.paid, contract.currency, contract.paid_amount)
                for party in process.parties.all():
                    if party.is_supplier:
                        entity, found = owners.get((party.scheme, party.identifier), (None, []))
                        view.suppliers.append(
                            Supplier(party.name, party.scheme, party.identifier, entity, found)
                        )
                view.indicators = process_indicators(
                    process.compiled,
                    releases=releases.get(process.pk, []),
                    min_award_days=minimum,
                    founding_dates=founding,
                )
            own.processes.append(view)
    return result


# -- the queries, built once per process (``tracker.db.built_once``) -----------------------------


@built_once
def _links_query():
    """Per commitment, its process links (each with its milestone) and project links."""
    of_commitment = Q(commitment_id=OuterRef("pk"))
    return CommitmentPage.objects.values_list(
        JSONRows(
            ProcessLink.objects.filter(of_commitment).order_by("created_at", "pk"),
            *attnames(ProcessLink),
            _milestone=JSONRows(Milestone.objects.filter(pk=OuterRef("milestone_id")), *attnames(Milestone)),
        ),
        JSONRows(
            ProjectLink.objects.filter(of_commitment).order_by("created_at", "pk"), *attnames(ProjectLink)
        ),
    )


@built_once
def _projects_query():
    """Projects with their budget lines and processes."""
    return (
        InfrastructureProject.objects.select_related("source")
        .annotate(
            _budget=JSONRows(
                BudgetLine.objects.filter(project_id=OuterRef("pk")).order_by("pk"), *attnames(BudgetLine)
            ),
            _processes=JSONRows(
                ProjectProcess.objects.filter(project_id=OuterRef("pk")).order_by("pk"),
                *attnames(ProjectProcess),
            ),
        )
        .order_by("project_id")
    )


@built_once
def _processes_query():
    """Processes with their awards, contracts, budget lines, parties and releases."""
    return (
        ContractingProcess.objects.select_related("source")
        .annotate(
            _awards=JSONRows(_children(ProcessAward).order_by("date", "pk"), *attnames(ProcessAward)),
            _contracts=JSONRows(
                _children(ProcessContract).order_by("date_signed", "pk"), *attnames(ProcessContract)
            ),
            _budget=JSONRows(_children(BudgetLine).order_by("pk"), *attnames(BudgetLine)),
            _parties=JSONRows(_children(ProcessParty).order_by("name", "pk"), *attnames(ProcessParty)),
            _releases=JSONRows(_children(ContractingRelease).order_by("date", "pk"), "data"),
        )
        .order_by("ocid")
    )


@built_once
def _identifiers_query():
    """Org-ids with their entity (and its source) and the relationships on it (by statement or
    record id), each with its source and the person or entity it names."""
    on_entity = Q(subject=OuterRef("entity__statement_id")) | (
        Q(subject=OuterRef("entity__record_id")) & ~Q(subject="")
    )
    relationships = BodsRelationship.objects.filter(on_entity).order_by("statement_date", "pk")
    return (
        BodsEntityIdentifier.objects.select_related("entity__source")
        .annotate(
            _relationships=JSONRows(
                relationships,
                *attnames(BodsRelationship),
                _source=JSONRows(DataSource.objects.filter(pk=OuterRef("source_id")), *attnames(DataSource)),
                _people=_statements(BodsPerson, OuterRef("interested_party")),
                _entities=_statements(BodsEntity, OuterRef("interested_party")),
            )
        )
        .order_by("pk")
    )


def _children(model):
    """``model``'s rows of the outer query's process."""
    return model.objects.filter(process_id=OuterRef("pk"))


def _statements(model, pointer):
    """``model``'s statements that ``pointer`` (an outer column) names, by statement or record
    id, in statement order, each with its source."""
    named = Q(statement_id=pointer) | (Q(record_id=pointer) & ~Q(record_id=""))
    return JSONRows(
        model.objects.filter(named).order_by("statement_id"),
        *attnames(model),
        _source=JSONRows(DataSource.objects.filter(pk=OuterRef("source_id")), *attnames(DataSource)),
    )


def _statement(model, row: dict):
    statement = instance(model, row)
    statement.source = instance(DataSource, json_rows(row["_source"])[0])
    return statement


def _owners(keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[BodsEntity, list[Owner]]]:
    """Per supplier org-id: its BODS entity statement and who owns or controls it, as published
    (the relationships on it, by its statement or record id, and the person or entity each
    names as the interested party): one query."""
    keys = {key for key in keys if key[0] and key[1]}
    if not keys:
        return {}
    match = Q()
    for scheme, identifier in keys:
        match |= Q(scheme=scheme, identifier=identifier)
    identifiers = _identifiers_query().filter(match)
    found = {}
    for identifier in identifiers:
        owners = []
        for row in json_rows(identifier._relationships):
            relationship = _statement(BodsRelationship, row)
            # The last statement naming it, a person before an entity (as published).
            people, entities = json_rows(row["_people"]), json_rows(row["_entities"])
            party = None
            if relationship.interested_party and people:
                party = _statement(BodsPerson, people[-1])
            elif relationship.interested_party and entities:
                party = _statement(BodsEntity, entities[-1])
            owners.append(Owner(relationship, party))
        found[(identifier.scheme, identifier.identifier)] = (identifier.entity, owners)
    return found
