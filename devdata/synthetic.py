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

Everything is deterministic for a given seed. ``plan_record`` describes the record in plain
Python; ``build`` writes it with bulk inserts (no page services: at ~40 ms a page those take
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
import random
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import F, Model
from django.utils.text import slugify

from wagtail.models import Locale, Page, Site

from commitments import irm, services
from commitments.explorer import facts
from commitments.models import (
    ActionPlanPage,
    CommitmentPage,
    IRMAssessment,
    MemberPage,
    Milestone,
    StakeholderRole,
)
from commitments.rules import MilestoneStatus
from commitments.vocabulary import POLICY_AREAS, REGIONS
from tracker.models import Organisation, Sector

from .demo import MILESTONE_STEPS

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

# ----------------------------------------------------------------------------- vocabulary

SYLLABLES = [
    "Al", "Bor", "Cas", "Dra", "El", "Fen", "Gar", "Hel", "Is", "Jor", "Kal", "Lum", "Mar",
    "Nor", "Or", "Pel", "Quen", "Ros", "Sal", "Tor", "Ul", "Val", "Wes", "Xan", "Yor", "Zan",
]  # fmt: skip
MIDDLES = ["", "a", "e", "i", "o", "an", "en", "er", "or", "ul"]
ENDINGS = ["ia", "land", "ora", "stan", "via", "ovia", "ania", "eria", "aro", "enne"]
CITY_FORMS = ["{} City", "Port {}", "{} Province", "San {}", "{} Metropolitan Area"]

# (OGP policy area, what a commitment on it does): titles and texts are made from these.
TOPICS = [
    ("Open Contracting", "open contracting data for public works"),
    ("Public Procurement", "e-procurement for every public buyer"),
    ("Beneficial Ownership", "a public register of beneficial owners"),
    ("Fiscal Openness", "citizen budgets and open budget data"),
    ("Publication Of Budget/Fiscal Information", "monthly publication of budget execution"),
    ("Right To Information", "the right to information law"),
    ("Asset Disclosure", "asset declarations of senior officials"),
    ("Conflicts Of Interest", "conflict of interest checks in hiring and contracting"),
    ("Lobbying", "a mandatory lobbying register"),
    ("Whistleblower Protections", "protection for whistleblowers"),
    ("Audits", "publication of supreme audit findings"),
    ("Open Data", "an open data portal with core datasets"),
    ("Digital Participation", "an online platform for public consultation"),
    ("Social Accountability", "social audits of health and school services"),
    ("Open Justice", "open data on court decisions"),
    ("Access to Justice", "legal aid for vulnerable groups"),
    ("Open Parliaments", "open parliament data and voting records"),
    ("Health & Nutrition", "transparency in medicine procurement"),
    ("Education", "school funding transparency"),
    ("Infrastructure & Transport", "infrastructure project disclosure"),
    ("Extractive Industries", "disclosure of extractive industry payments"),
    ("Climate Finance", "tracking of climate finance"),
    ("Gender", "gender-responsive budgeting"),
    ("Political Finance", "disclosure of political party finance"),
    ("Tax", "reporting on tax expenditures"),
    ("Data Stewardship and Privacy", "data protection in digital public services"),
    ("Water & Sanitation", "open data on water service performance"),
    ("Youth", "youth councils in local decision-making"),
]
VERBS = ["Publish", "Strengthen", "Develop", "Implement", "Establish", "Expand", "Improve", "Introduce"]
SUFFIXES = ["", "", " nationwide", " with civil society", " in municipalities", " for citizens"]
PLACES = ["hospitals", "schools", "roads", "municipalities", "ministries", "state-owned enterprises"]
PROBLEMS = [
    "Information on {topic} is scattered across {places} and rarely published, so citizens and "
    "journalists in {member} cannot follow how public money is spent.",
    "Civil society in {member} reports that decisions on {topic} are taken without consultation "
    "and that complaints from {places} go unanswered.",
    "Audits in {member} found weak oversight of {topic}; data exist but are not comparable between {places}.",
]
CAUSES = [
    "No legal duty to publish; paper-based records; little capacity in {places}.",
    "Fragmented systems and no common data standard across {places}.",
    "Low trust between government and civil society, and no feedback channel.",
]
SOLUTIONS = [
    "The government of {member} will {verb} {topic}, publish the data in open formats and review "
    "them every year with civil society and business.",
    "A working group with civil society will design {topic}; the lead institution will pilot it "
    "in {places} and then roll it out.",
    "The commitment creates {topic}, trains officials and sets up a feedback mechanism so that "
    "users can report problems in {places}.",
]
RESULTS = [
    "Citizens can see and compare data on {topic}; complaints are answered within thirty days.",
    "More bidders and lower prices in {places}; fewer irregularities found by auditors.",
    "Journalists and monitors use the data on {topic} in published investigations.",
]
RELEVANCE = [
    "Access to information: data on {topic} become public. Civic participation: monitors take part.",
    "Public accountability: monitors can flag problems in {places} and get an answer.",
    "Technology and innovation: an open platform makes {topic} searchable.",
]
MULTILATERALS = [
    "World Bank",
    "United Nations Development Programme",
    "OECD",
    "Inter-American Development Bank",
]
GOVERNMENT_BODIES = [
    "Ministry of Finance",
    "Ministry of Justice",
    "Public Procurement Agency",
    "Ministry of Digital Transformation",
]
LOCAL_GOVERNMENT_BODIES = ["Mayor's Office", "Finance Department", "Procurement Office", "Digital Office"]


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
        member = _member(index, size, seed, slugs)
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


def _member(index: int, size: int, seed: int, slugs: set[str]) -> MemberSpec:
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


_ALL_AREAS = [name for name, _es, _parent in POLICY_AREAS]
_PARENT = {name: parent for name, _es, parent in POLICY_AREAS}


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
        extra = rng.choice(_ALL_AREAS)
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
        theme=_PARENT.get(area) or area,
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
        report = _write(members, seed=seed, log=log)
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


def _write(members: list[MemberSpec], *, seed: int, log: Callable[[str], None]) -> BuildReport:
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
    areas, _created = services.policy_areas_ensure(_ALL_AREAS)
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

    # Members.
    member_pages = []
    for offset, member in enumerate(members):
        first_year = member.plans[0].start_year if member.plans else REFERENCE_DATE.year
        member_pages.append(
            MemberPage(
                content_type_id=content_type[MemberPage],
                locale_id=locale_id,
                code=member.code,
                level=member.level,
                region=member.region,
                **_page_fields(
                    title=member.title,
                    slug=member.slug,
                    path=_child_path(home.path, first_step + offset),
                    parent_url_path=home.url_path,
                    numchild=len(member.plans),
                    published=_published(first_year),
                    key=f"{seed}/{member.code}",
                ),
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
                ActionPlanPage(
                    content_type_id=content_type[ActionPlanPage],
                    locale_id=locale_id,
                    plan_id=plan.plan_id,
                    number=plan.number,
                    start_year=plan.start_year,
                    end_year=plan.end_year,
                    status=plan.status,
                    **_page_fields(
                        title=plan.title,
                        slug=slugify(plan.plan_id),
                        path=_child_path(member_page.path, step),
                        parent_url_path=member_page.url_path,
                        numchild=len(plan.commitments),
                        published=_published(plan.start_year),
                        key=f"{seed}/{plan.plan_id}",
                    ),
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
                CommitmentPage(
                    content_type_id=content_type[CommitmentPage],
                    locale_id=locale_id,
                    ogp_id=spec.ogp_id,
                    number=spec.number,
                    short_title=spec.title,
                    theme=spec.theme,
                    start_date=spec.start_date,
                    end_date=spec.end_date,
                    lead_institutions_text=", ".join(lead_names),
                    **spec.texts,
                    **_page_fields(
                        title=spec.title,
                        slug=slugify(spec.ogp_id),
                        path=_child_path(plan_page.path, step),
                        parent_url_path=plan_page.url_path,
                        numchild=0,
                        published=_published(plan.start_year),
                        key=f"{seed}/{spec.ogp_id}",
                    ),
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
