"""Import OGP's "Commitment Data" export (one row per commitment, ~170 columns), CSV or .xlsx.

The whole file is read first (``reading``), then each row is checked and compared with the
record in memory (``record``), then everything the file changes is written at once, in one
transaction: a file is taken whole or not at all. Rows are matched on OGP's identifiers, case
aside, so a second run updates and never duplicates, and a run that changes nothing writes
nothing. What the file says that we cannot read (a free-text date, an unknown IRM word) is kept
as text and reported as a warning; the row is still imported.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from wagtail.models import ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from .. import irm, services
from ..explorer.facts import database_statistics_refresh, facts_deferred
from ..history.attribution import importing
from ..models import ActionPlanStatus, MemberLevel, StakeholderRole
from .columns import (
    DESIGN_COLUMNS,
    FIELD_COLUMNS,
    FIRST_REPORT_COLUMNS,
    ID,
    POLICY_AREAS_AFTER,
    POLICY_AREAS_BEFORE,
    REQUIRED_COLUMNS,
    SECOND_REPORT_COLUMNS,
    TRACKER_COLUMN_PREFIX,
)
from .commitment_values import commitment_values
from .dates import DATE_COLUMNS, Cell, DateOrders
from .institutions import country_for_member, split_institutions
from .reading import ImportFileError, InvalidRow, checked_rows, read_table
from .record import CommitmentWish, MemberWish, PlanWish, Record, RowRefused
from .report import ImportReport, Progress, RowWarning

__all__ = [
    "ImportFileError",
    "ImportReport",
    "InvalidRow",
    "OgpImporter",
    "RowWarning",
    "import_ogp_commitments",
]

SPECIFICITY = {"none": "none", "low": "low", "medium": "medium", "high": "high"}
IMPACT = {"none": "none", "minor": "minor", "moderate": "moderate", "transformative": "transformative"}
RESULTS_POTENTIAL = {"unclear": "unclear", "modest": "modest", "substantial": "substantial"}
COMPLETION = {
    "not started": "not_started",
    "limited": "limited",
    "substantial": "substantial",
    "complete": "complete",
    "completed": "complete",
    "withdrawn": "withdrawn",
    "unclear": "unclear",
    "no evidence": "no_evidence",
    "no evidence available": "no_evidence",
}
OPEN_GOVERNMENT = {
    "worsens": "worsened",
    "worsened": "worsened",
    "did not change": "did_not_change",
    "marginal": "marginal",
    "major": "major",
    "outstanding": "outstanding",
}
EARLY_RESULTS = {
    "no early results to report yet": "not_yet",
    "no notable results": "no_notable",
    "no notable": "no_notable",
    "moderate": "moderate",
    "moderate results": "moderate",
    "significant": "significant",
    "significant results": "significant",
    "outstanding results": "outstanding",
}
YES_NO = {"yes": True, "no": False, "1": True, "0": False}


def _no_value(value: str) -> bool:
    return value.strip().upper() in irm.NO_VALUE_CODES


def _int(value: str) -> int | None:
    value = value.strip()
    if not value or _no_value(value):
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


class OgpImporter:
    def __init__(
        self,
        *,
        dry_run: bool = False,
        skip_invalid: bool = False,
        today: datetime.date | None = None,
        progress: Progress | None = None,
    ):
        self.report = ImportReport(dry_run=dry_run)
        self.skip_invalid = skip_invalid
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda phase, done, total: None)
        self.home = None
        self.record: Record | None = None
        self._members: dict[str, MemberWish] = {}
        self._plans: dict[str, PlanWish] = {}
        self._policy_areas: dict[str, Any] = {}
        self._policy_columns: list[str] = []
        self._changed: dict[type, list[int]] = defaultdict(list)

    # -- the file ---------------------------------------------------------------------------

    def run(self, path: Path | str) -> ImportReport:
        table = read_table(path)
        with transaction.atomic(), importing():
            # Wagtail would re-index references on every row saved (a page's milestones
            # and roles included); index each changed record once, at the end, instead.
            with disable_reference_index_auto_update(), facts_deferred():
                self._import_rows(table)
            self._index_references()
            if self.report.dry_run:
                transaction.set_rollback(True)
            elif self._changed:
                database_statistics_refresh()
        return self.report

    def _import_rows(self, table) -> None:
        header = table.header
        if not any(header):
            raise ImportFileError("the file is empty: expected OGP's commitment export with a header row")
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            if sum(cell.count(";") for cell in header) > 3:
                raise ImportFileError(
                    "the file looks semicolon-separated: save it as comma-separated CSV "
                    "('CSV UTF-8' in Excel) and try again; nothing was imported"
                )
            raise ImportFileError(
                f"not OGP's commitment export: missing column(s) {', '.join(repr(m) for m in missing)}"
            )
        rows = checked_rows(table, id_column=ID, is_blank=_no_value, invalid=self._invalid)
        table.rows.clear()  # the rows' cells live on in ``rows`` only
        if not rows:
            raise ImportFileError(
                "the file has a header but no commitments"
                + (" that could be imported; nothing was imported" if self.report.skipped else "")
            )
        self._prepare(header)
        self.record = Record()
        self._plan_date_orders(rows)
        total = len(rows)
        for done, (number, row) in enumerate(rows, start=1):
            try:
                self._import_row(number, row)
            except InvalidRow as error:
                self._invalid(number, row[ID].strip(), error)
            self.progress("rows", done, total)
        del rows
        if not self.report.commitments:
            raise ImportFileError("no row of the file could be imported; nothing was imported")
        staged = len(self.record.staged)
        self.progress("writing", staged, staged)
        self.record.write(
            self.home,
            self._members.values(),
            self._plans.values(),
            self._outcome,
            indexing=lambda: self.progress("indexing", staged, staged),
        )

    def _invalid(self, number: int, ogp_id: str, error: InvalidRow) -> None:
        if not self.skip_invalid:
            raise ImportFileError(
                f"row {number}: {error}; nothing was imported "
                "(--skip-invalid imports the other rows and reports this one)"
            ) from error
        self._warn(number, ogp_id, f"skipped: {error}", kind="skipped")
        self.report.skipped += 1

    def _prepare(self, header: list[str]) -> None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise ImportFileError("no default site: run 'manage.py migrate' first")
        self.home = site.root_page
        try:
            start = header.index(POLICY_AREAS_AFTER) + 1
            end = header.index(POLICY_AREAS_BEFORE) if POLICY_AREAS_BEFORE in header else len(header)
        except ValueError:
            start, end = 0, 0
        self._policy_columns = [c for c in header[start:end] if c and not c.startswith(TRACKER_COLUMN_PREFIX)]
        self._policy_areas, created = services.policy_areas_ensure(self._policy_columns)
        for area in created:
            self._outcome("created", area)
        self._consumed = set(FIELD_COLUMNS) | set(DESIGN_COLUMNS) | set(FIRST_REPORT_COLUMNS)
        self._consumed |= set(SECOND_REPORT_COLUMNS) | set(self._policy_columns)
        self._consumed |= {c for c in header if c.startswith(TRACKER_COLUMN_PREFIX)}

    # -- one row ----------------------------------------------------------------------------

    def _warn(self, number: int, ogp_id: str, message: str, kind: str = "other") -> None:
        self.report.warnings.append(RowWarning(number, ogp_id, message, kind))

    def _plan_date_orders(self, rows) -> None:
        """Each plan's order of day and month, from its cells that can be read one way only,
        before any row is imported; a plan whose cells disagree is reported once."""
        self._date_orders = DateOrders()
        for number, row in rows:
            plan_id = row.get("Action Plan ID", "").strip()
            if not plan_id or _no_value(plan_id):
                plan_id = f"AP_{row['Code'].strip().upper()}{_int(row['Action Plan Number']) or 0:02d}"
            for column, _key, _end in DATE_COLUMNS:
                self._date_orders.add(plan_id, Cell(number, row[ID].strip(), column, row[column]))
        for _plan_id, cell, message in self._date_orders.disagreements():
            self._warn(cell.row, cell.ogp_id, message, kind="date")

    def _outcome(self, outcome: str, instance: Any = None) -> None:
        self.report.outcomes[outcome] += 1
        if instance is not None and outcome != "unchanged":
            self._changed[type(instance)].append(instance.pk)

    def _index_references(self, batch: int = 500) -> None:
        """Update Wagtail's reference index for every record changed through the services, in
        batches (only ids are kept while the file is read, so memory stays flat on big files).
        Records created in bulk were indexed as they were written (``record.write``)."""
        for model, pks in self._changed.items():
            for start in range(0, len(pks), batch):
                for instance in model.objects.filter(pk__in=pks[start : start + batch]):
                    ReferenceIndex.create_or_update_for_object(instance)

    def _import_row(self, number: int, row: dict[str, str]) -> None:
        """Read one row and compare it with the record; what it changes is written at the end."""
        ogp_id = row[ID].strip()
        self._row_organisations: list[tuple[Any, Any, bool]] = []
        self.record.reject_row()  # (what a refused row named is forgotten)
        member = self._member(number, row)
        plan = self._plan(number, row, member)
        values = self._commitment_values(number, ogp_id, row, plan.plan_id)
        areas = [
            self._policy_areas[c] for c in self._policy_columns if row.get(c, "").strip() in ("1", "1.0")
        ]
        stakeholders = []
        for column, role in (
            ("Lead Institution", StakeholderRole.Role.LEAD_IMPLEMENTER),
            ("Supporting Institution(s)", StakeholderRole.Role.SUPPORTING_IMPLEMENTER),
        ):
            names, refused = split_institutions(row[column])
            for name, sector in names:
                stakeholders.append((self._organisation(name, sector, member.country), role))
            for text, reason in refused:
                shown = repr(text[:60]) + ("…" if len(text) > 60 else "")
                message = f"{column}: {shown} is not an organisation's name ({reason}); kept as text only"
                self._warn(number, ogp_id, message, kind="institution")
        assessments = list(self._assessments(number, ogp_id, row))
        wish = CommitmentWish(plan=plan, ogp_id=ogp_id, values=values, areas=areas, stakeholders=stakeholders)
        try:
            for outcome in self.record.stage(wish, assessments):
                self._outcome(outcome)
        except RowRefused as error:
            raise InvalidRow(str(error)) from error
        self._accept()
        self.report.members.add(member.code)
        self.report.action_plans.add(plan.plan_id)
        self.report.commitments.add(ogp_id)
        self._members.setdefault(member.code, member)
        self._plans.setdefault(plan.plan_id, plan)

    def _member(self, number: int, row: dict[str, str]) -> MemberWish:
        code = row["Code"].strip().upper()
        if not code:
            raise InvalidRow("no member 'Code'")
        if code in self._members:
            return self._members[code]
        level = MemberLevel.LOCAL if "local" in row["National Or Local"].lower() else MemberLevel.NATIONAL
        return MemberWish(
            code=code,
            title=row["Country/Locality"].strip() or code,
            level=level,
            region=row["Region"].strip() if not _no_value(row["Region"]) else "",
            country=country_for_member(code),
        )

    def _plan(self, number: int, row: dict[str, str], member: MemberWish) -> PlanWish:
        plan_number = _int(row["Action Plan Number"])
        plan_id = row.get("Action Plan ID", "").strip()
        if not plan_id or _no_value(plan_id):
            plan_id = f"AP_{member.code}{plan_number or 0:02d}"
            self._warn(number, row[ID], f"no 'Action Plan ID'; filed under {plan_id}")
        if plan_id in self._plans:
            return self._plans[plan_id]
        start, end = _int(row["Year Of Submission"]), _int(row["Action Plan End Year"])
        status = ActionPlanStatus.ENDED if end and end < self.today.year else None
        years = f"{start}–{end}" if start and end and start != end else str(start or end or "")
        return PlanWish(
            member=member,
            plan_id=plan_id,
            title=f"{member.title} – {plan_id}" + (f" ({years})" if years else ""),
            number=plan_number,
            start_year=start,
            end_year=end,
            status=status,
        )

    def _organisation(self, name: str, sector: str, country: str):
        """The organisation of that name; a new one is kept for the row's end (``_accept``)."""
        try:
            key, organisation, created = self.record.organisation(name, sector, country)
        except RowRefused as error:
            raise InvalidRow(str(error)) from error
        self._row_organisations.append((key, organisation, created))
        return organisation

    def _accept(self) -> None:
        """The row is imported: the organisations it named count (and new ones are written)."""
        self.record.accept_row()
        for key, organisation, created in self._row_organisations:
            if key not in self.report.organisations:
                self._outcome("created" if created else "unchanged")
                if created:
                    self.report.new_organisations[organisation.sector] += 1
            self.report.organisations[key] = organisation.sector

    def _commitment_values(self, number: int, ogp_id: str, row: dict[str, str], plan_id: str) -> dict:
        values, notes = commitment_values(
            row, ogp_id=ogp_id, consumed=self._consumed, plan=self._date_orders.order(plan_id)
        )
        for note in notes:
            self._warn(number, ogp_id, note, kind="date")
        return values

    # -- IRM --------------------------------------------------------------------------------

    def _word(self, number, ogp_id, row, column, mapping) -> str:
        value = row.get(column, "").strip()
        if _no_value(value):
            return ""
        key = " ".join(value.lower().split())
        if key in mapping:
            return mapping[key]
        self._warn(number, ogp_id, f"{column}: unrecognised value {value!r}; kept as published only")
        return ""

    def _flag(self, number, ogp_id, row, column) -> bool | None:
        value = row.get(column, "").strip()
        if _no_value(value):
            return None
        key = value.lower().removesuffix(".0")
        if key in YES_NO:
            return YES_NO[key]
        self._warn(number, ogp_id, f"{column}: unrecognised value {value!r}; kept as published only")
        return None

    def _assessments(self, number: int, ogp_id: str, row: dict[str, str]) -> Iterator[tuple[str, dict]]:
        w = lambda column, mapping: self._word(number, ogp_id, row, column, mapping)  # noqa: E731
        f = lambda column: self._flag(number, ogp_id, row, column)  # noqa: E731
        values = {
            "access_to_information": f("OGP Value Access To Information"),
            "civic_participation": f("OGP Value Civic Participation"),
            "public_accountability": f("OGP Value Public Accountability"),
            "technology": f("OGP Value Technology"),
        }
        relevant = f("_Relevant")
        if relevant is None and any(v is not None for v in values.values()):
            relevant = any(bool(v) for v in values.values())
        design = {
            "specificity": w("Specificity", SPECIFICITY),
            "verifiable": f("Verifiable"),
            "relevant": relevant,
            **values,
            "potential_impact": w("Potential Impact", IMPACT),
            "potential_for_results": w("Potential for Results", RESULTS_POTENTIAL),
        }
        # The 2021 method: potential for results instead of impact, results report at the end.
        early = w("Early Results", EARLY_RESULTS)
        open_government_text = row.get("Did It Open Government (Overall)", "").strip()
        open_government, early_from_diog = "", ""
        if not _no_value(open_government_text):
            key = " ".join(open_government_text.lower().split())
            if key in OPEN_GOVERNMENT:
                open_government = OPEN_GOVERNMENT[key]
            elif key in EARLY_RESULTS:
                early_from_diog = EARLY_RESULTS[key]
            else:
                w("Did It Open Government (Overall)", OPEN_GOVERNMENT)
        current_method = bool(design["potential_for_results"] or early or early_from_diog)

        first_source = {c: row[c] for c in (*DESIGN_COLUMNS, *FIRST_REPORT_COLUMNS) if c in row}
        first_year = _int(row.get("Report Publication Year (Progress Report)", ""))
        progress_completion = "" if current_method else w("Completion (Progress Report)", COMPLETION)
        if first_year or progress_completion or any(v not in (None, "") for v in design.values()):
            yield (
                irm.ReportType.ACTION_PLAN_REVIEW if current_method else irm.ReportType.PROGRESS,
                {
                    **design,
                    "publication_year": first_year,
                    "completion": progress_completion,
                    "open_government": "",
                    "early_results": "",
                    "carried_forward": None,
                    "starred_reported": (star := f("Starred (Current Formula) Progress Report")),
                    "star_source": irm.star_source("Starred (Current Formula) Progress Report" in row, star),
                    "source_values": first_source,
                },
            )

        second_source = {c: row[c] for c in SECOND_REPORT_COLUMNS if c in row}
        second_year = _int(row.get("Report Publication Year (End Of Term)", ""))
        completion = w("Completion (End Of Term)", COMPLETION)
        if second_year or completion or open_government or early or early_from_diog:
            yield (
                irm.ReportType.RESULTS if current_method else irm.ReportType.END_OF_TERM,
                {
                    **design,
                    "publication_year": second_year,
                    "completion": completion,
                    "open_government": open_government,
                    "early_results": early or early_from_diog,
                    "carried_forward": f("Carried Forward"),
                    "starred_reported": (star := f("Starred (Current Formula) End of Term")),
                    "star_source": irm.star_source("Starred (Current Formula) End of Term" in row, star),
                    "source_values": second_source,
                },
            )


def import_ogp_commitments(
    path: Path | str,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one export file (CSV, or .xlsx); raises ImportFileError (nothing written) when it
    cannot.

    A row that cannot be imported (no identifier, cut short, an identifier already used on an
    earlier row) fails the whole file, unless ``skip_invalid``: then it is skipped and
    reported, and the other rows are imported. ``progress`` is told how far the import is.
    """
    return OgpImporter(dry_run=dry_run, skip_invalid=skip_invalid, today=today, progress=progress).run(path)
