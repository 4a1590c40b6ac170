"""The demo's feedback cases: one in every state on Ukraine's commitments, filed by the demo's
citizen (``follower``, shown as "a verified person") and business, answered by ``poc-ukraine``,
one escalated and taken by Transparency International Ukraine (``monitor``). Built through the
services; idempotent (nothing is added once the demo has cases)."""

from __future__ import annotations

import datetime
import io

from PIL import Image

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments import services as record
from commitments.cases import services
from commitments.cases.models import Case, Category, Outcome, ShownAs
from commitments.models import CommitmentPage, StakeholderRole
from tracker.models import Organisation

ON = ("UA0087", "UA0032", "UA0068")


def _photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (320, 200), (120, 140, 160))
    for x in range(40, 280):
        for y in range(120, 160):
            image.putpixel((x, y), (90, 70, 40))  # a plain "road"
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile("road-works.jpg", out.getvalue(), content_type="image/jpeg")


def seed_cases(log=print) -> None:
    found = {c.ogp_id: c for c in CommitmentPage.objects.filter(ogp_id__in=ON)}
    commitments = [found[ogp_id] for ogp_id in ON if ogp_id in found]  # UA0087 first
    if len(commitments) < len(ON) or Case.objects.exists():
        return
    User = get_user_model()
    citizen, business = User.objects.get(username="follower"), User.objects.get(username="business")
    poc, monitor = User.objects.get(username="poc-ukraine"), User.objects.get(username="monitor")
    staff = User.objects.get(username="admin")
    association = Organisation.objects.get(name="Ukrainian Business Association")
    watchdog = Organisation.objects.get(name="Transparency International Ukraine")
    for commitment in commitments:  # cases go to a lead implementer: give one where the file has none
        if not StakeholderRole.objects.filter(commitment=commitment, role="lead_implementer").exists():
            ministry = Organisation.objects.get(name="Ministry of Finance", country="UA")
            record.stakeholder_role_add(
                commitment=commitment, organisation=ministry, role=StakeholderRole.Role.LEAD_IMPLEMENTER
            )
    now = timezone.now()
    days = datetime.timedelta(days=1)
    main = commitments[0]
    milestone = main.milestones.order_by("sort_order").first()

    def file(commitment, category, text, ago, filer=citizen, **extra):
        return services.case_file(
            filer=filer,
            commitment=commitment,
            category=category,
            description=text,
            now=now - ago * days,
            **extra,
        )

    # Filed today: the POC has five working days.
    file(main, Category.ACCESS_TO_INFORMATION, "The tender documents of the road repair are not online.", 0)
    # Filed two weeks ago and never acknowledged: the commitment gets the "case unanswered" flag.
    file(commitments[1], Category.DELAY, "The budget portal promised for March is still not live.", 14)
    acknowledged = file(
        main,
        Category.COST,
        "The contract price rose by 40% after signature.",
        6,
        filer=business,
        shown_as=ShownAs.ORGANISATION,
        filer_organisation=association,
        ocid="ocds-be6bcu-UA-2026-01-01-000001-a",
    )
    services.case_acknowledge(
        case=acknowledged, actor=poc, text="We have asked the buyer for the amendments.", now=now - 4 * days
    )
    answered = file(
        main,
        Category.QUALITY,
        "The new road surface is already broken near the school.",
        20,
        milestone=milestone,
        photo=_photo(),
    )
    services.case_answer(
        case=answered,
        actor=poc,
        text="The contractor will repair it under warranty by next month.",
        evidence_url="https://prozorro.gov.ua/en/",
        now=now - 16 * days,
    )
    escalated = file(main, Category.IRREGULARITY, "Only one bidder in three tenders for the same works.", 30)
    services.case_answer(
        case=escalated,
        actor=poc,
        text="The procedures followed the law.",
        evidence_url="https://prozorro.gov.ua/en/",
        now=now - 24 * days,
    )
    services.case_rate(
        case=escalated, actor=citizen, rating=2, accept=False, text="The answer ignores the pattern."
    )
    services.case_take(
        case=escalated, actor=monitor, organisation=watchdog, text="We will look at the tenders."
    )
    services.case_record_action(
        case=escalated,
        actor=monitor,
        text="Sent a request to the State Audit Service.",
        evidence_url="https://dozorro.org/",
    )
    resolved = file(commitments[2], Category.CONSULTATION_NOT_HELD, "The draft was never consulted.", 40)
    services.case_answer(
        case=resolved,
        actor=poc,
        text="A consultation is now open until the end of the month.",
        evidence_url="https://prozorro.gov.ua/en/",
        now=now - 30 * days,
    )
    services.case_rate(case=resolved, actor=citizen, rating=5, accept=True, text="Thank you.")
    withdrawn = file(main, Category.OTHER, "Duplicate of my earlier case.", 8)
    services.case_close(
        case=withdrawn, actor=citizen, outcome=Outcome.WITHDRAWN, note="Filed twice by mistake."
    )
    hidden = file(main, Category.OTHER, "A complaint naming a private person's home address.", 3)
    services.case_hide(case=hidden, actor=staff, reason="Personal data removed.")
    log(f"feedback cases in every state on {', '.join(ON)}")
