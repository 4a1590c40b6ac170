"""Import OGP's "Commitment Data" export (one row per commitment, ~170 columns).

The import streams the file row by row inside one transaction: a file is taken whole or not
at all. Rows are matched on OGP's identifiers, so a second run updates and never duplicates.
What the file says that we cannot read (a free-text date, an unknown IRM word) is kept as
text and reported as a warning; the row is still imported.
"""

from __future__ import annotations

import csv
import datetime
import io
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from wagtail.models import ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from tracker.formulas import formula_guards_undone

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
from .dates import parse_ogp_date
from .institutions import QUOTES, country_for_member, split_institutions
from .template_text import split_template

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


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is one line for the user."""


class InvalidRow(Exception):
    """One row cannot be imported. The whole file fails, unless invalid rows are skipped."""


@dataclass
class RowWarning:
    row: int
    ogp_id: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row} ({self.ogp_id or '?'}): {self.message}"


@dataclass
class ImportReport:
    members: set[str] = field(default_factory=set)
    action_plans: set[str] = field(default_factory=set)
    commitments: set[str] = field(default_factory=set)
    organisations: set[int] = field(default_factory=set)
    warnings: list[RowWarning] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    skipped: int = 0
    dry_run: bool = False

    @property
    def summary(self) -> str:
        return (
            f"imported: members={len(self.members)} action_plans={len(self.action_plans)} "
            f"commitments={len(self.commitments)} organisations={len(self.organisations)} "
            f"warnings={len(self.warnings)}"
        )

    @property
    def changes(self) -> str:
        counts = ", ".join(f"{k}={self.outcomes[k]}" for k in ("created", "updated", "unchanged"))
        skipped = f"; rows skipped={self.skipped}" if self.skipped else ""
        return f"records {counts}{skipped}" + (" (dry run: nothing was written)" if self.dry_run else "")


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


def _open_text(path: Path | str) -> IO[str]:
    if str(path) == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="strict", newline="")
    return open(path, encoding="utf-8-sig", errors="strict", newline="")


class OgpImporter:
    def __init__(
        self, *, dry_run: bool = False, skip_invalid: bool = False, today: datetime.date | None = None
    ):
        self.report = ImportReport(dry_run=dry_run)
        self.skip_invalid = skip_invalid
        self.today = today or timezone.localdate()
        self.home = None
        self._members: dict[str, Any] = {}
        self._plans: dict[str, Any] = {}
        self._organisations: dict[tuple[str, str], Any] = {}
        self._policy_areas: dict[str, Any] = {}
        self._policy_columns: list[str] = []
        self._changed: dict[type, list[int]] = defaultdict(list)

    # -- the file ---------------------------------------------------------------------------

    def run(self, path: Path | str) -> ImportReport:
        csv.field_size_limit(16 * 1024 * 1024)
        try:
            with _open_text(path) as handle, transaction.atomic(), importing():
                # Wagtail would re-index references on every row saved (a page's milestones
                # and roles included); index each changed record once, at the end, instead.
                with disable_reference_index_auto_update(), facts_deferred():
                    self._import_rows(handle)
                self._index_references()
                if self.report.dry_run:
                    transaction.set_rollback(True)
                elif self._changed:
                    database_statistics_refresh()
        except FileNotFoundError as error:
            raise ImportFileError(f"no such file: {path}") from error
        except IsADirectoryError as error:
            raise ImportFileError(f"{path} is a directory, not a CSV file") from error
        except UnicodeDecodeError as error:
            raise ImportFileError(
                f"{path} is not UTF-8 text (it has the byte 0x{error.object[error.start]:02x}): "
                "save the export as 'CSV UTF-8' and try again; nothing was imported"
            ) from error
        except csv.Error as error:
            raise ImportFileError(f"{path} is not a readable CSV file: {error}") from error
        return self.report

    def _import_rows(self, handle: IO[str]) -> None:
        reader = formula_guards_undone(csv.reader(handle))  # our exports guard formulas
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ImportFileError("the file is empty: expected OGP's commitment export with a header row")
        header = [cell.strip() for cell in header]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            hint = ""
            if len(header) == 1 and header[0].count(";") > 3:
                hint = " (the file seems to be separated by semicolons; OGP's export uses commas)"
            raise ImportFileError(
                f"not OGP's commitment export: missing column(s) {', '.join(repr(m) for m in missing)}{hint}"
            )
        self._prepare(header)
        rows = 0
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            try:
                if len(cells) != len(header):
                    raise InvalidRow(
                        f"it has {len(cells)} cells but the header has {len(header)} "
                        "(cut short, or not from the CSV export)"
                    )
                # A savepoint per row, so that a skipped row leaves nothing half-written.
                with transaction.atomic():
                    self._import_row(number, dict(zip(header, cells, strict=True)))
            except InvalidRow as error:
                if not self.skip_invalid:
                    raise ImportFileError(
                        f"row {number}: {error}; nothing was imported "
                        "(--skip-invalid imports the other rows and reports this one)"
                    ) from error
                self._warn(number, cells[0].strip() if cells else "", f"skipped: {error}")
                self.report.skipped += 1
                # Whatever the row wrote was rolled back: forget what it may have cached.
                self._members.clear()
                self._plans.clear()
                self._organisations.clear()
                continue
            rows += 1
        if rows == 0:
            raise ImportFileError("the file has a header but no commitments")

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

    def _warn(self, number: int, ogp_id: str, message: str) -> None:
        self.report.warnings.append(RowWarning(number, ogp_id, message))

    def _outcome(self, outcome: str, instance: Any = None) -> None:
        self.report.outcomes[outcome] += 1
        if instance is not None and outcome != "unchanged":
            self._changed[type(instance)].append(instance.pk)

    def _index_references(self, batch: int = 500) -> None:
        """Update Wagtail's reference index for every record created or changed, in batches
        (only ids are kept while the file is read, so memory stays flat on big files)."""
        for model, pks in self._changed.items():
            for start in range(0, len(pks), batch):
                for instance in model.objects.filter(pk__in=pks[start : start + batch]):
                    ReferenceIndex.create_or_update_for_object(instance)

    def _import_row(self, number: int, row: dict[str, str]) -> None:
        ogp_id = row[ID].strip()
        if not ogp_id or _no_value(ogp_id):
            raise InvalidRow(f"no '{ID}'")
        member = self._member(number, row)
        plan = self._plan(number, row, member)
        values = self._commitment_values(number, ogp_id, row)
        areas = [
            self._policy_areas[c] for c in self._policy_columns if row.get(c, "").strip() in ("1", "1.0")
        ]
        stakeholders = []
        for column, role in (
            ("Lead Institution", StakeholderRole.Role.LEAD_IMPLEMENTER),
            ("Supporting Institution(s)", StakeholderRole.Role.SUPPORTING_IMPLEMENTER),
        ):
            names, skipped = split_institutions(row[column])
            for name, sector in names:
                stakeholders.append((self._organisation(name, sector, member.country), role))
            for text in skipped:
                self._warn(
                    number,
                    ogp_id,
                    f"{column}: {text[:60]!r}… does not look like an organisation's name; kept as text only",
                )
        commitment, outcome = services.commitment_page_upsert(
            plan=plan, ogp_id=ogp_id, values=values, policy_areas=areas, stakeholders=stakeholders
        )
        self._outcome(outcome, commitment)
        for report_type, assessment_values in self._assessments(number, ogp_id, row):
            assessment, outcome = services.irm_assessment_upsert(
                commitment=commitment, report_type=report_type, values=assessment_values
            )
            self._outcome(outcome, assessment)
        self.report.commitments.add(ogp_id)

    def _member(self, number: int, row: dict[str, str]):
        code = row["Code"].strip().upper()
        if not code:
            raise InvalidRow("no member 'Code'")
        if code not in self._members:
            level = MemberLevel.LOCAL if "local" in row["National Or Local"].lower() else MemberLevel.NATIONAL
            member, outcome = services.member_page_upsert(
                home=self.home,
                code=code,
                title=row["Country/Locality"].strip() or code,
                level=level,
                region=row["Region"].strip() if not _no_value(row["Region"]) else "",
                country=country_for_member(code),
            )
            self._outcome(outcome, member)
            self._members[code] = member
        self.report.members.add(code)
        return self._members[code]

    def _plan(self, number: int, row: dict[str, str], member):
        plan_number = _int(row["Action Plan Number"])
        plan_id = row.get("Action Plan ID", "").strip()
        if not plan_id or _no_value(plan_id):
            plan_id = f"AP_{member.code}{plan_number or 0:02d}"
            self._warn(number, row[ID], f"no 'Action Plan ID'; filed under {plan_id}")
        if plan_id not in self._plans:
            start, end = _int(row["Year Of Submission"]), _int(row["Action Plan End Year"])
            status = ActionPlanStatus.ENDED if end and end < self.today.year else None
            years = f"{start}–{end}" if start and end and start != end else str(start or end or "")
            plan, outcome = services.action_plan_page_upsert(
                member=member,
                plan_id=plan_id,
                title=f"{member.title} – {plan_id}" + (f" ({years})" if years else ""),
                number=plan_number,
                start_year=start,
                end_year=end,
                status=status,
            )
            self._outcome(outcome, plan)
            self._plans[plan_id] = plan
        self.report.action_plans.add(plan_id)
        return self._plans[plan_id]

    def _organisation(self, name: str, sector: str, country: str):
        key = (name.translate({ord(q): None for q in QUOTES}).casefold(), country)
        if key not in self._organisations:
            organisation, created = services.organisation_get_or_create(
                name=name, sector=sector, country=country
            )
            self._outcome("created" if created else "unchanged")
            self._organisations[key] = organisation
        organisation = self._organisations[key]
        self.report.organisations.add(organisation.pk)
        return organisation

    def _commitment_values(self, number: int, ogp_id: str, row: dict[str, str]) -> dict[str, Any]:

        title = " ".join(row["Commitment Title"].split()) or row.get("Short Title", "").strip() or ogp_id
        full_text = row.get("Full Text", "").strip()
        values: dict[str, Any] = {
            "title": title if len(title) <= 255 else title[:254].rstrip() + "…",
            "full_title": title,
            "short_title": row.get("Short Title", "").strip()[:255],
            "number": _int(row.get("Commitment Number", "")),
            "theme": "" if _no_value(row.get("Theme", "")) else row.get("Theme", "").strip()[:255],
            "full_text": full_text,
            "lead_institutions_text": row["Lead Institution"].strip(),
            "supporting_institutions_text": row["Supporting Institution(s)"].strip(),
            "ogp_url": row.get("URL", "").strip() if row.get("URL", "").startswith("http") else "",
        }
        parts = split_template(full_text)
        for key in ("problem", "causes", "solution", "expected_results", "ogp_relevance"):
            values[key] = parts.get(key, "")
        for column, key, end in (("Start Date", "start_date", False), ("End Date", "end_date", True)):
            text = row[column].strip()
            parsed, ok = parse_ogp_date(text, end=end)
            values[key] = parsed
            values[f"{key}_text"] = "" if _no_value(text) else text[:100]
            if not ok:
                self._warn(number, ogp_id, f"{column} {text!r} is not a date we can read; kept as text")
        values["ogp_extra"] = {
            column: value for column, value in row.items() if column not in self._consumed and column
        }
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
) -> ImportReport:
    """Import one export file; raises ImportFileError (nothing written) when it cannot.

    A row that cannot be imported (no identifier, cut short) fails the whole file, unless
    ``skip_invalid``: then it is skipped and reported, and the other rows are imported.
    """
    return OgpImporter(dry_run=dry_run, skip_invalid=skip_invalid, today=today).run(path)
