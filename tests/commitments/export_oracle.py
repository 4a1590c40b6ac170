"""The explorer's CSV export as it was written before it read values (kept as the tests' oracle).

Model instances for every commitment, milestone, IRM assessment and role, each record's parts
computed through the models' own properties (``Milestone.lateness``, ``IRMAssessment.starred``)
and the selectors, and every cell formatted one by one. Slow, but independent of the fast path
it checks: ``commitments.ogp.export`` reads ``values()``, counts lateness in the database and
writes runs of columns at a time. Both share the column definitions, so a column added later
is checked without touching this file.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from wagtail.models import Page

from commitments.models import (
    ActionPlanPage,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    StakeholderRole,
)
from commitments.ogp.export import LATENESS_ORDER, CommitmentExport, Record
from commitments.selectors import commitment_star, milestone_summary, roles_in_order
from tracker.formulas import formula_guard


def old_csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return formula_guard(value if isinstance(value, str) else str(value))


def model_records(export: CommitmentExport) -> Iterator[Record]:
    plans = {plan.path: plan for plan in ActionPlanPage.objects.all()}
    members = {member.path: member for member in MemberPage.objects.all()}
    step = Page.steplen
    pages = list(export.queryset.prefetch_related(None))
    ids = [page.pk for page in pages]
    areas: dict[int, set[int]] = defaultdict(set)
    for page in CommitmentPage.objects.filter(pk__in=ids).prefetch_related("policy_areas"):
        areas[page.pk] = {area.pk for area in page.policy_areas.all()}
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(commitment_id__in=ids).order_by("sort_order", "pk"):
        milestones[milestone.commitment_id].append(milestone)
    irm_values: dict[int, dict[str, Any]] = defaultdict(dict)
    assessments: dict[int, list[IRMAssessment]] = defaultdict(list)
    for assessment in IRMAssessment.objects.filter(commitment_id__in=ids).order_by("pk"):
        irm_values[assessment.commitment_id].update(assessment.source_values or {})
        assessments[assessment.commitment_id].append(assessment)
    roles: dict[int, list[StakeholderRole]] = defaultdict(list)
    for role in (
        StakeholderRole.objects.filter(commitment_id__in=ids)
        .select_related("organisation")
        .order_by("sort_order", "pk")
    ):
        roles[role.commitment_id].append(role)
    for page in pages:
        plan_path = page.path[:-step]
        own = milestones[page.pk]
        by_sector: dict[str, list[str]] = defaultdict(list)
        for role in roles_in_order(roles[page.pk]):
            by_sector[role.organisation.sector].append(role.organisation.name)
        yield Record(
            page=page,
            plan=plans.get(plan_path),
            member=members.get(plan_path[:-step]),
            areas=areas[page.pk],
            irm=irm_values[page.pk],
            summary=milestone_summary(own),
            lateness=str(min((m.lateness for m in own), key=LATENESS_ORDER.index)) if own else "",
            stakeholders={sector: "; ".join(dict.fromkeys(names)) for sector, names in by_sector.items()},
            star=commitment_star(assessments[page.pk]),
        )


def oracle_csv(export: CommitmentExport) -> bytes:
    """The CSV's bytes, cell by cell from model instances."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([old_csv_cell(header) for header in export.headers])
    columns = export.columns
    for record in model_records(export):
        writer.writerow([old_csv_cell(column.value(record)) for column in columns])
    return buffer.getvalue().encode("utf-8")


def oracle_values(export: CommitmentExport) -> list[list[Any]]:
    """The rows' values (what the XLSX workbook is written from), column by column."""
    columns = export.columns
    return [[column.value(record) for column in columns] for record in model_records(export)]
