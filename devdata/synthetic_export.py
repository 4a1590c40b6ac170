"""A synthetic OGP "Commitment Data" export of any size, as messy as the real one: for the
importer's bench (``manage.py bench_import``) and its tests.

The rows describe the synthetic record (``synthetic_plan.plan_record``: the same members, plans,
commitments, institutions and IRM assessments), written in OGP's columns the way OGP's real
export writes them, with the real export's messiness mixed in at fixed rates, deterministic for
a seed: Excel serial dates (``43525``), bare years read by Excel as 1905 dates, plans that write
their dates day first, commitment numbers such as ``3.2.5``, ``B.1.A`` or ``D4``, institution
cells that list several bodies or hold fragments (``and Development``, ``(a) Secretary
General``, phone numbers), lower-case identifiers, Windows line breaks inside cells, and cells
that a spreadsheet would take for formulas.
"""

from __future__ import annotations

import csv
import datetime
import random
import zlib
from collections.abc import Iterator
from pathlib import Path

from commitments import irm
from commitments.ogp.columns import AFTER_POLICY_AREAS, BEFORE_POLICY_AREAS

from .synthetic_plan import ALL_AREAS, DEFAULT_SEED, CommitmentSpec, MemberSpec, PlanSpec, plan_record

HEADER = [*BEFORE_POLICY_AREAS, *ALL_AREAS, *AFTER_POLICY_AREAS]
EXCEL_EPOCH = datetime.date(1899, 12, 30)
WORDS = {
    "specificity": {"none": "None", "low": "Low", "medium": "Medium", "high": "High"},
    "potential_impact": {
        "none": "None",
        "minor": "Minor",
        "moderate": "Moderate",
        "transformative": "Transformative",
    },
    "potential_for_results": {"unclear": "Unclear", "modest": "Modest", "substantial": "Substantial"},
    "completion": {
        "not_started": "Not Started",
        "limited": "Limited",
        "substantial": "Substantial",
        "complete": "Complete",
        "withdrawn": "Withdrawn",
        "unclear": "Unclear",
        "no_evidence": "No Evidence",
    },
    "open_government": {
        "worsened": "Worsened",
        "did_not_change": "Did Not Change",
        "marginal": "Marginal",
        "major": "Major",
        "outstanding": "Outstanding",
    },
    "early_results": {
        "not_yet": "No early results to report yet",
        "no_notable": "No notable results",
        "moderate": "Moderate results",
        "significant": "Significant results",
        "outstanding": "Outstanding results",
    },
}
FRAGMENTS = ["and Development", "(a) Secretary General", "12", "+380 44 123 4567"]
FORMULAS = ["=1+1", "@SUM(A1:A3)", "+44 20 7946 0000", '=HYPERLINK("http://example.org")']
NUMBERS = ["3.2.5", "B.1.A", "D4", "2.1", "IV.3"]


def _serial(date: datetime.date) -> str:
    return str((date - EXCEL_EPOCH).days)


def _date(rng: random.Random, date: datetime.date, *, day_first: bool) -> str:
    roll = rng.random()
    if roll < 0.05:
        return _serial(date)
    if roll < 0.08:  # a bare year typed into Excel, read as that many days after 1899-12-30
        return (EXCEL_EPOCH + datetime.timedelta(days=date.year)).isoformat()
    if roll < 0.11:
        return date.strftime("%B %Y")
    if roll < 0.13:
        return "NA"
    first, second = (date.day, date.month) if day_first else (date.month, date.day)
    return f"{first}/{second}/{date.year}"


def _flag(value: bool | None) -> str:
    return "ND" if value is None else ("1" if value else "0")


def _word(values: dict, key: str) -> str:
    value = values.get(key)
    return WORDS[key][value] if value else "ND"


def _institutions(rng: random.Random, names: list[str], member: MemberSpec) -> str:
    if not names:
        return "NA"
    roll = rng.random()
    if roll < 0.15 and len(member.organisations) > 3:
        extra = [o.name for o in rng.sample(member.organisations, 2)]
        return "; ".join(names[:1]) + "\r\n" + "\n".join(extra)
    if roll < 0.2:
        return ", ".join([*names, "Ministry of Finance", "National Statistics Office"]) + " and the Cabinet"
    if roll < 0.25:
        return "; ".join([*names, rng.choice(FRAGMENTS)])
    return "; ".join(names)


def _row(
    rng: random.Random, member: MemberSpec, plan: PlanSpec, spec: CommitmentSpec, day_first: bool
) -> list[str]:
    names = {o.key: o.name for o in member.organisations}
    lead = [names[key] for key, role in spec.roles if role == "lead_implementer" and key in names]
    supporting = [names[key] for key, role in spec.roles if role == "supporting_implementer" and key in names]
    ogp_id = spec.ogp_id.lower() if rng.random() < 0.03 else spec.ogp_id
    newline = "\r\n" if rng.random() < 0.3 else "\n"
    full_text = newline.join(
        f"{label}:{newline}{spec.texts[key]}"
        for label, key in (
            ("What is the public problem that the commitment will address?", "problem"),
            ("What are the causes of the problem?", "causes"),
            ("What has been done so far to solve the problem?", "solution"),
            ("What results do we want to achieve by implementing this commitment?", "expected_results"),
            (
                "How will the commitment contribute to solving the public problem described above?",
                "ogp_relevance",
            ),
        )
    )
    title = rng.choice(FORMULAS) + " " + spec.title if rng.random() < 0.02 else spec.title
    row = dict.fromkeys(HEADER, "")
    row.update(
        {
            "Commitment Unique Identifier": ogp_id,
            "Country/Locality": member.title,
            "Action Plan Number": str(plan.number),
            "Commitment Number": rng.choice(NUMBERS) if rng.random() < 0.1 else str(spec.number),
            "Code": member.code,
            "Region": member.region,
            "National Or Local": "Local" if member.level == "local" else "National",
            "Commitment Dummy": "1",
            "Year Of Submission": str(plan.start_year),
            "Action Plan End Year": str(plan.end_year),
            "Action Plan Duration (Years)": str(plan.end_year - plan.start_year),
            "Theme": spec.theme,
            "Commitment Title": title,
            "Short Title": spec.title[:80],
            "Full Text": full_text,
            "Start Date": _date(rng, spec.start_date, day_first=day_first),
            "End Date": _date(rng, spec.end_date, day_first=day_first),
            "Lead Institution": _institutions(rng, lead, member),
            "Supporting Institution(s)": _institutions(rng, supporting, member),
            "URL": f"https://www.opengovpartnership.org/members/{member.slug}/commitments/{spec.ogp_id.lower()}/",
            "Action Plan ID": plan.plan_id,
            "Binding constraint": rng.choice(FORMULAS) if rng.random() < 0.05 else "",
            "id": str(zlib.crc32(spec.ogp_id.encode()) % 10**6),
        }
    )
    row.update(dict.fromkeys(ALL_AREAS, "0"))
    row.update(dict.fromkeys(spec.areas, "1"))
    reports = {a.report_type: a.values for a in spec.assessments}
    first = reports.get(irm.ReportType.PROGRESS) or reports.get(irm.ReportType.ACTION_PLAN_REVIEW)
    second = reports.get(irm.ReportType.END_OF_TERM) or reports.get(irm.ReportType.RESULTS)
    if first:
        row.update(
            {
                "Report Publication Year (Progress Report)": str(first["publication_year"]),
                "Specificity": _word(first, "specificity"),
                "Verifiable": _flag(first.get("verifiable")),
                "OGP Value Access To Information": _flag(first["access_to_information"]),
                "OGP Value Civic Participation": _flag(first["civic_participation"]),
                "OGP Value Public Accountability": _flag(first["public_accountability"]),
                "OGP Value Technology": _flag(first["technology"]),
                "Potential Impact": _word(first, "potential_impact"),
                "Potential for Results": _word(first, "potential_for_results"),
                "Completion (Progress Report)": _word(first, "completion"),
                "Starred (Current Formula) Progress Report": _flag(first.get("starred_reported")),
            }
        )
    if second:
        row.update(
            {
                "Report Publication Year (End Of Term)": str(second["publication_year"]),
                "Completion (End Of Term)": _word(second, "completion"),
                "Did It Open Government (Overall)": _word(second, "open_government"),
                "Early Results": _word(second, "early_results"),
                "Starred (Current Formula) End of Term": _flag(second.get("starred_reported")),
            }
        )
    return [row[column] for column in HEADER]


def export_rows(*, commitments: int, seed: int = DEFAULT_SEED) -> Iterator[list[str]]:
    """The header, then one row per commitment of the synthetic record of that size."""
    yield list(HEADER)
    for member in plan_record(commitments=commitments, seed=seed):
        for plan in member.plans:
            rng = random.Random(f"{seed}/export/{plan.plan_id}")
            day_first = rng.random() < 0.15
            for spec in plan.commitments:
                yield _row(rng, member, plan, spec, day_first)


def write_export(path: Path, *, commitments: int, seed: int = DEFAULT_SEED) -> Path:
    """Write the export as Excel writes 'CSV UTF-8': a byte-order mark and CRLF line ends.
    A path ending in .xlsx gets a workbook instead."""
    if path.suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Commitment Data")

        def cell(value: str):
            # Text that starts with "=" is text in OGP's workbook too, not a formula.
            if not value.startswith("="):
                return value
            text = WriteOnlyCell(sheet, value)
            text.data_type = "s"
            return text

        for row in export_rows(commitments=commitments, seed=seed):
            sheet.append([cell(value) for value in row])
        workbook.save(path)
        return path
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(export_rows(commitments=commitments, seed=seed))
    return path
