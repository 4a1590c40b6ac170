"""The API's records as plain rows: read with ``values()``, their related data fetched in bulk
once per page (or per chunk of the bulk download), and written exactly as the serializers in
``serializers`` write them (their own fields convert each value).

The serializers stay the description of each record: the OpenAPI schema and the open-data page
are built from them, and each ``Rows`` below takes its fields, their order and their converters
from one. What they no longer do is read model instances: building a page of 100 commitments as
Wagtail pages (with their clusters), roles and organisations cost about ten times more than
writing the JSON. The list endpoints, the detail endpoints and the bulk download all go through
``Rows.build``: one path, so the download and the API cannot differ.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from rest_framework import relations
from rest_framework.fields import empty

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from ..flags import flags_for
from ..models import CommitmentFacts, CommitmentPage, IRMAssessment, Milestone, StakeholderRole
from . import serializers as s

Row = dict[str, Any]
FACTS_FIELDS = [field.name for field in CommitmentFacts._meta.concrete_fields if field.name != "commitment"]


def _same(value):
    return value


class Rows:
    """How one kind of record is read as ``values()`` rows and written as its serializer does.

    - ``lookups``: a field's ``values()`` lookup where it is not its serializer source (dotted
      sources become ``__`` lookups by themselves);
    - ``computed``: fields that ``compute()`` writes (URLs, nested lists, flags), for every row of
      a page at once;
    - ``needs``: the further lookups ``compute()`` reads.
    """

    serializer_class: type = s.MemberSerializer
    lookups: dict[str, str] = {}
    computed: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.plan = []
        wanted = {"pk", *self.needs}
        for name, field in self.serializer_class(context={}).fields.items():
            if name in self.computed:
                self.plan.append((name, None, None, empty, None))
                continue
            lookup = self.lookups.get(name) or field.source.replace(".", "__")
            # A dotted source with a default: the default when a relation on the way is missing
            # (DRF's AttributeError), None when the value itself is null.
            guard = None
            if field.default is not empty and "." in field.source:
                guard = lookup.rpartition("__")[0]
                wanted.add(guard)
            convert = _same if isinstance(field, relations.RelatedField) else field.to_representation
            self.plan.append((name, lookup, convert, field.default, guard))
            wanted.add(lookup)
        self.wanted = sorted(wanted)

    def values(self, queryset: QuerySet, *more: str) -> QuerySet:
        """``queryset`` as the rows ``build`` reads (plus ``more`` lookups, e.g. the cursor's)."""
        return queryset.values(*sorted({*self.wanted, *more}))

    def compute(self, rows: Sequence[Row], context: dict) -> list[Row]:
        return [{} for _row in rows]

    def build(self, rows: Sequence[Row], context: dict) -> list[Row]:
        """Each row as its serializer would write its record (same fields, order, values)."""
        computed = self.compute(rows, context) if self.computed else None
        records = []
        for index, row in enumerate(rows):
            record = {}
            for name, lookup, convert, default, guard in self.plan:
                if lookup is None:
                    record[name] = computed[index][name]
                    continue
                value = row[lookup]
                if value is None:
                    record[name] = default if guard is not None and row[guard] is None else None
                else:
                    record[name] = convert(value)
            records.append(record)
        return records


def _grouped(pairs: Iterable[tuple[Any, Any]]) -> dict[Any, list]:
    grouped: dict[Any, list] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


class MemberRows(Rows):
    serializer_class = s.MemberSerializer
    lookups = {"country": "country"}
    computed = ("url", "api_url")
    needs = ("url_path",)

    def compute(self, rows, context):
        return [
            {
                "url": s.path_url(context, row["url_path"]),
                "api_url": s.api_url(context, "member", row["code"]),
            }
            for row in rows
        ]


class ActionPlanRows(Rows):
    serializer_class = s.ActionPlanSerializer
    computed = ("url", "api_url")
    needs = ("url_path",)

    def compute(self, rows, context):
        return [
            {
                "url": s.path_url(context, row["url_path"]),
                "api_url": s.api_url(context, "plan", row["plan_id"]),
            }
            for row in rows
        ]


class MilestoneRows(Rows):
    serializer_class = s.MilestoneSerializer
    needs = ("commitment_id",)


class AssessmentRows(Rows):
    serializer_class = s.IRMAssessmentSerializer
    needs = ("commitment_id",)


class OrganisationRows(Rows):
    serializer_class = s.OrganisationSerializer
    lookups = {"country": "country"}
    computed = ("org_id",)

    def compute(self, rows, context):
        # Organisation.org_id, from the row.
        return [
            {"org_id": f"{row['scheme']}-{row['identifier']}" if row["scheme"] and row["identifier"] else ""}
            for row in rows
        ]


class ProgressUpdateRows(Rows):
    serializer_class = s.ProgressUpdateSerializer
    computed = ("evidence",)
    needs = ("evidence_file", "evidence_url")

    def compute(self, rows, context):
        # ProgressUpdate.evidence_href, with the file's address reversed once (for this language).
        memo = f"evidence-url:{get_language()}"
        if memo not in context:
            context[memo] = reverse("commitments:update_evidence", args=[987654321])
        pattern = context[memo]
        extra = []
        for row in rows:
            href = (
                pattern.replace("987654321", str(row["pk"])) if row["evidence_file"] else row["evidence_url"]
            )
            extra.append({"evidence": s.absolute(context, href) if href.startswith("/") else href})
        return extra


class CommitmentRows(Rows):
    """A commitment as the list writes it: its facts, policy areas, stakeholders and flags in
    two more queries per page, whatever its size."""

    serializer_class = s.CommitmentSerializer
    computed = ("policy_areas", "milestone_counts", "red_flags", "stakeholders", "url", "api_url")
    needs = ("url_path", *(f"facts__{name}" for name in FACTS_FIELDS))

    def compute(self, rows, context):
        ids = [row["pk"] for row in rows]
        through = CommitmentPage.policy_areas.through
        areas = _grouped(
            through.objects.filter(commitmentpage_id__in=ids)
            .order_by("policyarea__name", "policyarea_id")
            .values_list("commitmentpage_id", "policyarea__slug")
        )
        stakeholders = _grouped(
            (commitment, {"organisation": organisation, "name": name, "sector": sector, "role": role})
            for commitment, organisation, name, sector, role in StakeholderRole.objects.filter(
                commitment_id__in=ids
            )
            .order_by("sort_order", "pk")
            .values_list(
                "commitment_id", "organisation_id", "organisation__name", "organisation__sector", "role"
            )
        )
        now = timezone.now()
        extra = []
        for row in rows:
            facts = SimpleNamespace(**{name: row[f"facts__{name}"] for name in FACTS_FIELDS})
            due = facts.next_open_due
            extra.append(
                {
                    "policy_areas": areas.get(row["pk"], []),
                    "milestone_counts": {
                        "total": facts.milestones,
                        "met": facts.milestones_met,
                        "met_late": facts.milestones_met_late,
                        "not_met": facts.milestones_not_met,
                        "next_open_due": due.isoformat() if due is not None else None,
                    },
                    "red_flags": [flag.code for flag in flags_for(facts, now)],
                    "stakeholders": stakeholders.get(row["pk"], []),
                    "url": s.path_url(context, row["url_path"]),
                    "api_url": s.api_url(context, "commitment", row["ogp_id"]),
                }
            )
        return extra


class CommitmentDetailRows(CommitmentRows):
    """A commitment as its detail (and the bulk download) writes it: with its milestones and
    the IRM's assessments, two more queries per page."""

    serializer_class = s.CommitmentDetailSerializer
    computed = (*CommitmentRows.computed, "milestones", "irm_assessments")

    def compute(self, rows, context):
        extra = super().compute(rows, context)
        ids = [row["pk"] for row in rows]
        milestones = MILESTONES.values(
            Milestone.objects.filter(commitment_id__in=ids).order_by("sort_order", "pk")
        )
        assessments = ASSESSMENTS.values(
            IRMAssessment.objects.filter(commitment_id__in=ids).order_by(
                "publication_year", "report_type", "pk"
            )
        )
        parts = {}
        for key, rows_class, found in (
            ("milestones", MILESTONES, milestones),
            ("irm_assessments", ASSESSMENTS, assessments),
        ):
            found = list(found)
            parts[key] = _grouped(
                (part["commitment_id"], record)
                for part, record in zip(found, rows_class.build(found, context), strict=True)
            )
        for row, more in zip(rows, extra, strict=True):
            more["milestones"] = parts["milestones"].get(row["pk"], [])
            more["irm_assessments"] = parts["irm_assessments"].get(row["pk"], [])
        return extra


MEMBERS = MemberRows()
PLANS = ActionPlanRows()
MILESTONES = MilestoneRows()
ASSESSMENTS = AssessmentRows()
ORGANISATIONS = OrganisationRows()
UPDATES = ProgressUpdateRows()
COMMITMENTS = CommitmentRows()
COMMITMENT_DETAILS = CommitmentDetailRows()

# The rows that write each serializer's records (the bulk download looks them up by serializer).
BY_SERIALIZER: dict[type, Rows] = {
    rows.serializer_class: rows
    for rows in (
        MEMBERS,
        PLANS,
        MILESTONES,
        ASSESSMENTS,
        ORGANISATIONS,
        UPDATES,
        COMMITMENTS,
        COMMITMENT_DETAILS,
    )
}
