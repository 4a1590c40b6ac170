"""A small record with one person per role, for the progress loop's tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.models import Page

from commitments import services
from commitments.models import CommitmentPage, MemberPage, Milestone
from commitments.permissions import forum_group_name, poc_group_name
from commitments.progress import services as progress
from tests.conftest import enable_totp
from tracker.models import Membership, Sector

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64

ROLES = ["visitor", "person", "poc", "other_poc", "reviewer", "civil_society", "staff"]


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class World:
    member: MemberPage
    other_member: MemberPage
    commitment: CommitmentPage
    other_commitment: CommitmentPage
    milestone: Milestone
    second_milestone: Milestone
    users: dict

    def user(self, role: str):
        return self.users.get(role)


def _user(username: str, **extra):
    User = get_user_model()
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-12345!", **extra
    )
    return user


def build_world() -> World:
    home = Page.objects.get(depth=2).specific
    member, _ = services.member_page_upsert(
        home=home, code="TST", title="Testland", level="national", region="Europe"
    )
    plan, _ = services.action_plan_page_upsert(
        member=member,
        plan_id="AP_TST01",
        title="Plan 1",
        number=1,
        start_year=2025,
        end_year=2027,
        status="implementation",
    )
    commitment, _ = services.commitment_page_upsert(
        plan=plan, ogp_id="TS0001", values={"title": "Open contracting data"}
    )
    other_member, _ = services.member_page_upsert(home=home, code="OTH", title="Otherland", level="national")
    other_plan, _ = services.action_plan_page_upsert(
        member=other_member, plan_id="AP_OTH01", title="Plan 1", number=1, start_year=2025, end_year=2027
    )
    other_commitment, _ = services.commitment_page_upsert(
        plan=other_plan, ogp_id="OT0001", values={"title": "Budget data"}
    )
    today = timezone.localdate()
    milestone = services.milestone_create(
        commitment=commitment, title="Data published", end_date=today + datetime.timedelta(days=60)
    )
    second = services.milestone_create(
        commitment=commitment, title="Law adopted", end_date=today + datetime.timedelta(days=120)
    )
    users = {"visitor": None, "person": _user("person")}
    users["poc"] = _user("poc")
    users["poc"].groups.add(Group.objects.get(name=poc_group_name(member)))
    users["other_poc"] = _user("other-poc")
    users["other_poc"].groups.add(Group.objects.get(name=poc_group_name(other_member)))
    users["reviewer"] = _user("reviewer")
    users["reviewer"].groups.add(Group.objects.get(name=forum_group_name(member)))
    users["civil_society"] = _user("civil")
    organisation, _ = services.organisation_get_or_create(name="Watchdog", sector=Sector.CIVIL_SOCIETY)
    Membership.objects.create(user=users["civil_society"], organisation=organisation)
    users["staff"] = _user("staff", is_staff=True, is_superuser=True)
    # Staff, POCs and forum reviewers must have two-factor on before they may act.
    for role in ("poc", "other_poc", "reviewer", "staff"):
        enable_totp(users[role])
    return World(member, other_member, commitment, other_commitment, milestone, second, users)


def submitted_update(world: World, **extra):
    values = {
        "milestone": world.milestone,
        "author": world.user("poc"),
        "status": "partiallyMet",
        "percent_complete": 40,
        "narrative": "Half the datasets are online.",
        "evidence_url": "https://example.org/evidence",
        "submit": True,
    }
    values.update(extra)
    return progress.progress_update_create(**values)
