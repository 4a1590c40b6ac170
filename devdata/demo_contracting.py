"""The demo's contracting data: the OCDS sample process, two Ukrainian commitments linked to it,
and beneficial-owner statements (BODS) for its supplier. Safe to run again (imports of unchanged
files change nothing; links are made once)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from commitments.contracting.importing import import_ocds
from commitments.contracting.models import ProcessLink
from commitments.contracting.owners import import_bods
from commitments.models import CommitmentPage

DATA = Path(__file__).resolve().parent / "data"
OCDS_SAMPLE = DATA / "ocds-sample.json"
BODS_DEMO = DATA / "bods-demo.json"
OCID = "ocds-213czf-000-00001"
FIRST = "UA0087"


def seed_contracting_demo(*, log=print) -> None:
    log(import_ocds(OCDS_SAMPLE).summary)
    log(import_bods(BODS_DEMO).summary)
    first = CommitmentPage.objects.filter(ogp_id=FIRST).first()
    if first is None:
        return
    second = (
        CommitmentPage.objects.descendant_of(first.get_parent().get_parent())  # the same member's
        .exclude(pk=first.pk)
        .order_by("ogp_id")
        .first()
    )
    User = get_user_model()
    author = (
        User.objects.filter(username="poc-ukraine").first() or User.objects.filter(is_superuser=True).first()
    )
    if author is None:
        return
    for commitment, relation in (
        (first, ProcessLink.Relation.IMPLEMENTS),
        (second, ProcessLink.Relation.EXAMPLE),
    ):
        if commitment is None:
            continue
        _link, created = ProcessLink.objects.get_or_create(
            commitment=commitment,
            milestone=None,
            ocid=OCID,
            defaults={"relation": relation, "created_by": author},
        )
        if created:
            log(f"linked {commitment.ogp_id} to {OCID} ({relation})")
