"""A small record for the cases' tests: the progress loop's world (one person per role), with a
lead implementer, verified emails for the people who file, and helpers to move a case on."""

from __future__ import annotations

import datetime
import io

from allauth.account.models import EmailAddress
from PIL import Image

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments import services as record
from commitments.cases import services
from commitments.cases.models import Case, Category
from commitments.models import StakeholderRole
from tests.commitments.progress_fixtures import World, build_world
from tracker.models import Membership, Sector

# The roles of the permission table: the progress world's, plus a signed-in person whose email
# is not verified, the filer, and a member of another civil-society organisation.
MONDAY = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-12345!", **extra
    )


def build_case_world() -> World:
    world = build_world()
    ministry, _ = record.organisation_get_or_create(name="Ministry of Data", sector=Sector.GOVERNMENT)
    record.stakeholder_role_add(
        commitment=world.commitment, organisation=ministry, role=StakeholderRole.Role.LEAD_IMPLEMENTER
    )
    world.users["filer"] = make_user("rosa-q")
    world.users["unverified"] = make_user("unverified")
    EmailAddress.objects.create(
        user=world.users["unverified"], email="unverified@example.org", verified=False
    )
    world.users["other_civil_society"] = make_user("other-civil")
    for role in (
        "filer",
        "person",
        "civil_society",
        "other_civil_society",
        "poc",
        "other_poc",
        "reviewer",
        "staff",
    ):
        user = world.users[role]
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    other, _ = record.organisation_get_or_create(name="Other Watch", sector=Sector.CIVIL_SOCIETY)
    Membership.objects.create(user=world.users["other_civil_society"], organisation=other)
    world.ministry = ministry
    return world


def file_case(world: World, **extra) -> Case:
    values = {
        "filer": world.user("filer"),
        "commitment": world.commitment,
        "category": Category.DELAY,
        "description": "The data portal has been offline for a month.",
    }
    values.update(extra)
    return services.case_file(**values)


def jpeg_with_gps(size=(40, 30)) -> bytes:
    """A JPEG with EXIF: camera make and a GPS position (as phones write them)."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (50.0, 27.0, 0.0)
    gps[3] = "E"
    gps[4] = (30.0, 31.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def photo(name: str = "site.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_gps(), content_type="image/jpeg")


def answer(world: World, case: Case) -> Case:
    return services.case_answer(
        case=case,
        actor=world.user("poc"),
        text="Back online since Monday.",
        evidence_url="https://example.org/log",
    )
