"""What the synthetic record holds, in plain Python: members, plans, commitments, milestones,
roles and IRM assessments, deterministic for a seed (see ``synthetic`` for why and how it is
written). ``plan_record`` describes a record of a given size.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from commitments import irm
from commitments.models import StakeholderRole
from commitments.rules import MilestoneStatus
from commitments.vocabulary import POLICY_AREAS, REGIONS
from tracker.models import Sector

from .demo import MILESTONE_STEPS
from .synthetic_words import (
    CAUSES,
    CITY_FORMS,
    ENDINGS,
    GOVERNMENT_BODIES,
    LOCAL_GOVERNMENT_BODIES,
    MIDDLES,
    MULTILATERALS,
    PLACES,
    PROBLEMS,
    RELEVANCE,
    RESULTS,
    SOLUTIONS,
    SUFFIXES,
    SYLLABLES,
    TOPICS,
    VERBS,
)

# Saved bench databases are rebuilt when this version, this module's source or a migration changes.
BUILDER_VERSION = 2
DEFAULT_SEED = 2026
# Statuses are decided as of this day (fixed, so the record is the same whenever it is built);
# lateness is still computed against the real date when pages are read.
REFERENCE_DATE = datetime.date(2026, 6, 30)
MILESTONES_PER_COMMITMENT = 5
MEAN_MEMBER_SIZE = 100
MEMBER_SIZE_SPREAD = 40
# The first EXPORT_MEMBERS members hold exactly EXPORT_MEMBERS * MEAN_MEMBER_SIZE commitments.
EXPORT_MEMBERS = 10
KEY_NAMESPACE = uuid.UUID("6f1c1c52-7a53-4c39-9a0f-0ad5b2f1e0c1")

# ----------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    sector: str
    scheme: str = ""
    identifier: str = ""


@dataclass
class MilestoneSpec:
    title: str
    expected_output: str
    start_date: datetime.date
    end_date: datetime.date
    status: str
    date_met: datetime.date | None


@dataclass
class AssessmentSpec:
    report_type: str
    values: dict[str, Any]


@dataclass
class CommitmentSpec:
    ogp_id: str
    number: int
    title: str
    theme: str
    texts: dict[str, str]
    start_date: datetime.date
    end_date: datetime.date
    areas: list[str]
    roles: list[tuple[str, str]]  # (organisation key, role)
    milestones: list[MilestoneSpec]
    assessments: list[AssessmentSpec]


@dataclass
class PlanSpec:
    plan_id: str
    number: int
    title: str
    start_year: int
    end_year: int
    status: str
    commitments: list[CommitmentSpec] = field(default_factory=list)


@dataclass
class MemberSpec:
    index: int
    code: str
    title: str
    slug: str
    level: str
    region: str
    organisations: list[OrganisationSpec]
    plans: list[PlanSpec] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(plan.commitments) for plan in self.plans)


def member_size(index: int, seed: int = DEFAULT_SEED) -> int:
    """Member ``index``'s number of commitments: members pair up to 2 × MEAN_MEMBER_SIZE."""
    spread = random.Random(f"{seed}/pair/{index // 2}").randint(0, MEMBER_SIZE_SPREAD)
    return MEAN_MEMBER_SIZE - spread if index % 2 == 0 else MEAN_MEMBER_SIZE + spread


def member_code(index: int, initial: str) -> str:
    """A unique OGP-like code: the name's initial and the index in letters (``VAB``)."""
    letters = ""
    n = index
    for _ in range(2 if index < 26 * 26 else 3):
        letters = chr(ord("A") + n % 26) + letters
        n //= 26
    return initial.upper() + letters


def plan_record(*, commitments: int, seed: int = DEFAULT_SEED) -> list[MemberSpec]:
    """The whole synthetic record, in plain Python: members in order until ``commitments``
    commitments (the last member is cut short when the sizes do not add up exactly)."""
    members: list[MemberSpec] = []
    slugs: set[str] = set()
    remaining = commitments
    index = 0
    while remaining > 0:
        size = min(member_size(index, seed), remaining)
        member = member_spec(index, size, seed, slugs)
        members.append(member)
        remaining -= size
        index += 1
    return members


def export_member_codes(seed: int = DEFAULT_SEED) -> list[str]:
    """The codes of the members whose commitments add up to exactly 1,000 at any size ≥ 2,000."""
    return [member.code for member in plan_record(commitments=EXPORT_MEMBERS * MEAN_MEMBER_SIZE, seed=seed)]


def _weighted(rng: random.Random, options: dict[Any, float]) -> Any:
    return rng.choices(list(options), weights=list(options.values()))[0]


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` uneven positive parts (largest remainder)."""
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    shares = [total * w / sum(weights) for w in weights]
    counts = [max(1, int(s)) for s in shares]
    order = sorted(range(parts), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    i = 0
    while sum(counts) < total:
        counts[order[i % parts]] += 1
        i += 1
    while sum(counts) > total:
        j = max(range(parts), key=lambda k: counts[k])
        counts[j] -= 1
    return counts


def member_spec(index: int, size: int, seed: int, slugs: set[str]) -> MemberSpec:
    rng = random.Random(f"{seed}/member/{index}")
    stem = rng.choice(SYLLABLES) + rng.choice(MIDDLES) + rng.choice(ENDINGS).lower()
    stem = stem[0].upper() + stem[1:].lower()
    local = rng.random() < 0.2
    title = rng.choice(CITY_FORMS).format(stem) if local else stem
    code = member_code(index, stem[0])
    slug = slugify(title)
    if slug in slugs:
        slug = f"{slug}-{code.lower()}"
    slugs.add(slug)
    region = _weighted(
        rng,
        {"Africa and the Middle East": 0.25, "Americas": 0.3, "Asia and the Pacific": 0.15, "Europe": 0.3},
    )
    assert region in REGIONS
    bodies = LOCAL_GOVERNMENT_BODIES if local else GOVERNMENT_BODIES
    organisations = [
        *(
            OrganisationSpec(
                f"{code}/gov/{i}", f"{body}, {title}", Sector.GOVERNMENT, "XM-SYN", f"{code}-G{i}"
            )
            for i, body in enumerate(bodies)
        ),
        OrganisationSpec(f"{code}/cs/0", f"Transparency {stem}", Sector.CIVIL_SOCIETY),
        OrganisationSpec(f"{code}/cs/1", f"{stem} Budget Watch", Sector.CIVIL_SOCIETY),
        OrganisationSpec(f"{code}/cs/2", f"Citizens' Forum of {title}", Sector.CIVIL_SOCIETY),
        OrganisationSpec(f"{code}/biz/0", f"{stem} Chamber of Commerce", Sector.BUSINESS),
        OrganisationSpec(f"{code}/biz/1", f"{stem} Software Association", Sector.BUSINESS),
        OrganisationSpec(f"{code}/acad/0", f"University of {stem}", Sector.ACADEMIA),
    ]
    member = MemberSpec(
        index=index,
        code=code,
        title=title,
        slug=slug,
        level="local" if local else "national",
        region=region,
        organisations=organisations,
    )
    plan_count = max(1, min(rng.randint(3, 5), size // 5))
    # Most members have a plan under way at the reference date; a few are co-creating the next.
    last_start = _weighted(rng, {2021: 15, 2022: 10, 2023: 20, 2024: 25, 2025: 25, 2027: 5})
    first_start = last_start - 2 * (plan_count - 1)
    sequence = 0
    for p, count in enumerate(_split(rng, size, plan_count)):
        start = first_start + 2 * p
        end = start + 2
        if end < REFERENCE_DATE.year:
            status = "ended"
        elif start > REFERENCE_DATE.year:
            status = "co_creation"
        else:
            status = "implementation"
        plan = PlanSpec(
            plan_id=f"AP_{code}{p + 1:02d}",
            number=p + 1,
            title=f"{title} action plan {p + 1} ({start}–{end})",
            start_year=start,
            end_year=end,
            status=status,
        )
        for number in range(1, count + 1):
            sequence += 1
            plan.commitments.append(_commitment(rng, member, plan, number, f"{code}{sequence:04d}", stem))
        member.plans.append(plan)
    return member


ALL_AREAS = [name for name, _es, _parent in POLICY_AREAS]
PARENT_AREA = {name: parent for name, _es, parent in POLICY_AREAS}


def _commitment(
    rng: random.Random, member: MemberSpec, plan: PlanSpec, number: int, ogp_id: str, stem: str
) -> CommitmentSpec:
    area, topic = rng.choice(TOPICS)
    verb = rng.choice(VERBS)
    title = f"{verb} {topic}{rng.choice(SUFFIXES)}"
    words = {
        "topic": topic,
        "member": member.title,
        "places": rng.choice(PLACES),
        "verb": verb.lower(),
    }
    texts = {
        "problem": rng.choice(PROBLEMS).format(**words),
        "causes": rng.choice(CAUSES).format(**words),
        "solution": rng.choice(SOLUTIONS).format(**words),
        "expected_results": rng.choice(RESULTS).format(**words),
        "ogp_relevance": rng.choice(RELEVANCE).format(**words),
    }
    areas = [area]
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        extra = rng.choice(ALL_AREAS)
        if extra not in areas:
            areas.append(extra)
    start = datetime.date(plan.start_year, rng.randint(1, 9), 1)
    end = datetime.date(plan.end_year, rng.randint(3, 12), 28)

    orgs = member.organisations
    government = [o for o in orgs if o.sector == Sector.GOVERNMENT]
    civil_society = [o for o in orgs if o.sector == Sector.CIVIL_SOCIETY]
    business = [o for o in orgs if o.sector == Sector.BUSINESS]
    academia = [o for o in orgs if o.sector == Sector.ACADEMIA]
    lead = rng.choice(government)
    roles = [(lead.key, StakeholderRole.Role.LEAD_IMPLEMENTER.value)]
    supporting = rng.sample([o for o in government if o is not lead], rng.choice([0, 0, 1, 1, 2]))
    roles += [(o.key, StakeholderRole.Role.SUPPORTING_IMPLEMENTER.value) for o in supporting]
    if rng.random() < 0.62:
        roles.append((rng.choice(civil_society).key, StakeholderRole.Role.MONITOR.value))
    if rng.random() < 0.33:
        role = rng.choice([StakeholderRole.Role.SERVICE_PROVIDER, StakeholderRole.Role.DATA_PUBLISHER])
        roles.append((rng.choice(business).key, role.value))
    if rng.random() < 0.1:
        roles.append((academia[0].key, StakeholderRole.Role.SUPPORTING_IMPLEMENTER.value))
    if rng.random() < 0.12:
        roles.append((f"multilateral/{rng.randrange(len(MULTILATERALS))}", StakeholderRole.Role.FUNDER.value))

    assessments = _assessments(rng, plan)
    completions = [a.values["completion"] for a in assessments if a.values.get("completion")]
    milestones = _milestones(rng, plan, start, end, completions[-1] if completions else None)
    return CommitmentSpec(
        ogp_id=ogp_id,
        number=number,
        title=title,
        theme=PARENT_AREA.get(area) or area,
        texts=texts,
        start_date=start,
        end_date=end,
        areas=areas,
        roles=roles,
        milestones=milestones,
        assessments=assessments,
    )


COMPLETION_ORDER = ["not_started", "limited", "substantial", "complete"]


def _relevance(rng: random.Random) -> dict[str, Any]:
    flags = {
        "access_to_information": rng.random() < 0.6,
        "civic_participation": rng.random() < 0.5,
        "public_accountability": rng.random() < 0.35,
        "technology": rng.random() < 0.3,
    }
    return {**flags, "relevant": any(flags.values())}


def _assessments(rng: random.Random, plan: PlanSpec) -> list[AssessmentSpec]:
    ended = plan.status == "ended"
    if plan.status == "co_creation" or rng.random() > 0.85:
        return []
    if plan.start_year <= 2020:  # the IRM's method before 2021: specificity, potential impact
        design = {
            "specificity": _weighted(rng, {"none": 5, "low": 30, "medium": 40, "high": 25}),
            **_relevance(rng),
            "potential_impact": _weighted(
                rng, {"none": 10, "minor": 40, "moderate": 35, "transformative": 15}
            ),
        }
        midterm = _weighted(
            rng, {"not_started": 15, "limited": 45, "substantial": 25, "complete": 10, "unclear": 5}
        )
        reports = [
            AssessmentSpec(
                irm.ReportType.PROGRESS.value,
                {**design, "completion": midterm, "publication_year": plan.start_year + 1},
            )
        ]
        if ended:
            final = _weighted(
                rng,
                {
                    "not_started": 5,
                    "limited": 30,
                    "substantial": 35,
                    "complete": 25,
                    "withdrawn": 3,
                    "no_evidence": 2,
                },
            )
            if final in COMPLETION_ORDER and midterm in COMPLETION_ORDER:
                final = max(final, midterm, key=COMPLETION_ORDER.index)
            opened = _weighted(
                rng, {"worsened": 2, "did_not_change": 35, "marginal": 40, "major": 18, "outstanding": 5}
            )
            reports.append(
                AssessmentSpec(
                    irm.ReportType.END_OF_TERM.value,
                    {
                        **design,
                        "completion": final,
                        "open_government": opened,
                        "publication_year": plan.end_year + 1,
                    },
                )
            )
        for report in reports:
            report.values["starred_reported"] = irm.is_starred(
                irm.StarInputs(
                    specificity=report.values["specificity"],
                    relevant=report.values["relevant"],
                    potential_impact=report.values["potential_impact"],
                    completion=report.values["completion"],
                )
            )
            # As in OGP's export: the star is published, or ND where the formula cannot say.
            published = report.values["starred_reported"] is not None
            report.values["star_source"] = (
                irm.StarSource.PUBLISHED if published else irm.StarSource.NOT_PUBLISHED
            )
        return reports
    # Since 2021: verifiable, potential for results; completion and early results at the end.
    design = {
        "verifiable": rng.random() < 0.85,
        **_relevance(rng),
        "potential_for_results": _weighted(rng, {"unclear": 15, "modest": 55, "substantial": 30}),
    }
    reports = [
        AssessmentSpec(
            irm.ReportType.ACTION_PLAN_REVIEW.value, {**design, "publication_year": plan.start_year}
        )
    ]
    if ended:
        reports.append(
            AssessmentSpec(
                irm.ReportType.RESULTS.value,
                {
                    **design,
                    "completion": _weighted(
                        rng,
                        {"not_started": 8, "limited": 35, "substantial": 32, "complete": 20, "unclear": 5},
                    ),
                    "early_results": _weighted(
                        rng,
                        {
                            "not_yet": 15,
                            "no_notable": 35,
                            "moderate": 30,
                            "significant": 15,
                            "outstanding": 5,
                        },
                    ),
                    "publication_year": plan.end_year + 1,
                },
            )
        )
    return reports


def _milestones(
    rng: random.Random,
    plan: PlanSpec,
    start: datetime.date,
    end: datetime.date,
    completion: str | None,
) -> list[MilestoneSpec]:
    share = {"complete": 1.0, "substantial": 0.8, "limited": 0.4, "not_started": 0.0}.get(
        completion or "", rng.uniform(0.2, 0.9)
    )
    span = (end - start).days
    steps = rng.sample(MILESTONE_STEPS, MILESTONES_PER_COMMITMENT)
    milestones = []
    for i, (title, output) in enumerate(steps):
        began = start + datetime.timedelta(days=span * i // MILESTONES_PER_COMMITMENT)
        due = start + datetime.timedelta(days=span * (i + 1) // MILESTONES_PER_COMMITMENT)
        date_met = None
        if due > REFERENCE_DATE:
            status = MilestoneStatus.PARTIALLY_MET if rng.random() < 0.1 else MilestoneStatus.SCHEDULED
        elif (i + 1) / MILESTONES_PER_COMMITMENT <= share + 1e-9:
            status = MilestoneStatus.MET
            date_met = min(
                due + datetime.timedelta(days=rng.choice([-40, -10, 0, 0, 5, 30, 90, 200])), REFERENCE_DATE
            )
        elif plan.status == "ended":
            status = _weighted(
                rng,
                {
                    MilestoneStatus.NOT_MET: 60,
                    MilestoneStatus.PARTIALLY_MET: 25,
                    MilestoneStatus.SCHEDULED: 15,
                },
            )
        else:
            status = _weighted(rng, {MilestoneStatus.SCHEDULED: 70, MilestoneStatus.PARTIALLY_MET: 30})
        milestones.append(
            MilestoneSpec(
                title=title,
                expected_output=output,
                start_date=began,
                end_date=due,
                status=str(status),
                date_met=date_met,
            )
        )
    return milestones
