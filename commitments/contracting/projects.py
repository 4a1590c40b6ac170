"""Importing OC4IDS project packages: each project's status, budget (and its breakdown),
completion, and its contracting processes' ocids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from commitments.explorer.facts import facts_deferred

from . import summary
from .importing import (
    ImportFileError,
    ImportReport,
    Progress,
    reading,
    refresh_linked_facts,
    refuse_or_skip,
    source_drop_if_unused,
    source_finish,
    source_from,
)
from .models import PROJECT_ID_RE, BudgetLine, DataSource, InfrastructureProject, ProjectProcess, clip
from .reading import PackageMeta
from .validation import json_path


def _money_errors(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"{where}: {value!r} is not an object (amount and currency)"]
    amount = value.get("amount")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float)):
        return [f"{json_path(where, ['amount'])}: {amount!r} is not of type 'number'"]
    return []


def project_errors(project: Any, where: str) -> list[str]:
    """The checks the tracker relies on (OC4IDS's own schema is not bundled)."""
    if not isinstance(project, dict):
        return [f"{where}: {project!r} is not an object (a project)"]
    errors = []
    project_id = project.get("id")
    if not isinstance(project_id, str) or not PROJECT_ID_RE.match(project_id):
        errors.append(
            f"{where}.id: {project_id!r} is not an OC4IDS project id (oc4ids-, the publisher's prefix, the local id)"
        )
    budget = project.get("budget")
    if budget is not None and not isinstance(budget, dict):
        errors.append(f"{where}.budget: {budget!r} is not an object")
    elif budget:
        errors += _money_errors(budget.get("amount"), f"{where}.budget.amount")
        breakdowns = budget.get("budgetBreakdown") or []
        for index, line in enumerate(breakdowns if isinstance(breakdowns, list) else []):
            errors += _money_errors(
                line.get("amount") if isinstance(line, dict) else line,
                f"{where}.budget.budgetBreakdown[{index}].amount",
            )
    completion = project.get("completion")
    if isinstance(completion, dict):
        errors += _money_errors(completion.get("finalValue"), f"{where}.completion.finalValue")
    processes = project.get("contractingProcesses")
    if processes is not None and not isinstance(processes, list):
        errors.append(f"{where}.contractingProcesses: {processes!r} is not of type 'array'")
    return errors


def project_fields(project: dict) -> dict:
    budget = project.get("budget") if isinstance(project.get("budget"), dict) else {}
    completion = project.get("completion") if isinstance(project.get("completion"), dict) else {}
    period = project.get("period") if isinstance(project.get("period"), dict) else {}
    authority = project.get("publicAuthority") if isinstance(project.get("publicAuthority"), dict) else {}
    amount, currency = summary.money(budget.get("amount"))
    final, final_currency = summary.money(completion.get("finalValue"))
    return {
        "title": str(project.get("title") or ""),
        "status": str(project.get("status") or ""),
        "public_authority": str(authority.get("name") or ""),
        "budget_amount": amount,
        "budget_currency": currency,
        "period_start": summary.when(period.get("startDate")),
        "period_end": summary.when(period.get("endDate")),
        "completion_date": summary.when(completion.get("endDate")),
        "completion_amount": final,
        "completion_currency": final_currency,
        "completion_details": str(
            completion.get("finalScopeDetails") or completion.get("endDateDetails") or ""
        ),
        "updated": summary.when(project.get("updated")),
    }


def budget_lines(project: dict) -> list[dict]:
    """The project's budget breakdown (or its total when there is no breakdown)."""
    budget = project.get("budget") if isinstance(project.get("budget"), dict) else {}
    lines = []
    for line in budget.get("budgetBreakdown") or []:
        if not isinstance(line, dict):
            continue
        amount, currency = summary.money(line.get("amount"))
        party = line.get("sourceParty") if isinstance(line.get("sourceParty"), dict) else {}
        description = str(line.get("description") or "")
        if party.get("name"):
            description = f"{description} ({party['name']})" if description else str(party["name"])
        lines.append(
            {
                "budget_id": str(line.get("id") or ""),
                "description": description,
                "amount": amount,
                "currency": currency,
                "uri": str(line.get("uri") or ""),
            }
        )
    if not lines:
        amount, currency = summary.money(budget.get("amount"))
        if amount is not None:
            lines.append(
                {"budget_id": "", "description": "", "amount": amount, "currency": currency, "uri": ""}
            )
    return lines


def import_oc4ids(
    path: str | Path, *, skip_invalid: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import an OC4IDS project package (or JSON Lines of packages or projects)."""
    path = Path(path)
    meta = PackageMeta(name=path.name)
    report = ImportReport("OC4IDS", noun="projects", parent="projects")
    with facts_deferred(), transaction.atomic():
        source = source_from(meta, DataSource.Kind.OC4IDS)
        source.save()
        for _array, where, project in reading(path, ("projects",), meta):
            errors = project_errors(project, where)
            if errors:
                refuse_or_skip(errors, report, skip_invalid)
                continue
            report.read += 1
            _save_project(project, source, report)
            if progress and report.read % 500 == 0:
                progress("projects", report.read)
        if not report.read and not report.skipped:
            raise ImportFileError([f"{path.name}: no projects in this file"])
        source_finish(source, meta)
        source_drop_if_unused(source, report, InfrastructureProject)
        refresh_linked_facts()
    return report


def _save_project(project: dict, source: DataSource, report: ImportReport) -> None:
    existing = InfrastructureProject.objects.filter(project_id=project["id"]).first()
    if existing and existing.data == project:
        report.unchanged += 1
        return
    fields = {**clip(InfrastructureProject, project_fields(project)), "data": project, "source": source}
    if existing:
        report.updated += 1
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        item = existing
    else:
        report.created += 1
        item = InfrastructureProject.objects.create(project_id=project["id"], **fields)
    item.processes.all().delete()
    item.budget_lines.all().delete()
    ProjectProcess.objects.bulk_create(
        ProjectProcess(
            project=item,
            ocid=str((process.get("summary") or {}).get("ocid") or "")[:255],
            title=str(process.get("title") or (process.get("summary") or {}).get("title") or ""),
        )
        for process in project.get("contractingProcesses") or []
        if isinstance(process, dict)
        and isinstance(process.get("summary"), dict)
        and process["summary"].get("ocid")
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(project=item, source=source, **clip(BudgetLine, line)) for line in budget_lines(project)
    )
