"""Old reports go, with their files; what a visitor would be given and what is being made stay."""

from __future__ import annotations

import datetime

import pytest

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from reports.maintenance import reports_prune
from reports.models import Report
from tests.commitments.progress_fixtures import build_world

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def world():
    return build_world()


def _report(page, language, version, status, days_old, with_file=True):
    report = Report.objects.create(
        kind="commitment", page=page, language=language, version=version, status=status
    )
    if with_file:
        report.file.save(f"commitment/{page.pk}/{language}-{version}.pdf", ContentFile(b"%PDF-1.7 x"))
    Report.objects.filter(pk=report.pk).update(created_at=NOW - datetime.timedelta(days=days_old))
    return Report.objects.get(pk=report.pk)


def test_superseded_and_failed_reports_go_with_their_files(world, django_capture_on_commit_callbacks):
    page, other = world.commitment, world.other_commitment
    oldest = _report(page, "en", "v1", "ready", 90)  # superseded: goes
    older = _report(page, "en", "v2", "ready", 60)  # superseded: goes
    failed = _report(page, "en", "v3", "failed", 45, with_file=False)  # goes
    newest = _report(page, "en", "v4", "ready", 5)  # the newest ready one: stays
    pending = _report(page, "en", "v5", "queued", 40, with_file=False)  # being made: stays
    spanish = _report(page, "es", "v1", "ready", 90)  # the newest ready one in Spanish: stays
    others = _report(other, "en", "v1", "ready", 90)  # another page's newest: stays
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_prune(older_than=datetime.timedelta(days=30), now=NOW) == 3
    left = set(Report.objects.values_list("pk", flat=True))
    assert left == {newest.pk, pending.pk, spanish.pk, others.pk}
    assert failed.pk not in left
    assert not default_storage.exists(oldest.file.name) and not default_storage.exists(older.file.name)
    assert default_storage.exists(newest.file.name) and default_storage.exists(spanish.file.name)


def test_nothing_within_the_grace_period_goes(world):
    _report(world.commitment, "en", "v1", "ready", 10)
    _report(world.commitment, "en", "v2", "ready", 5)
    assert reports_prune(older_than=datetime.timedelta(days=30), now=NOW) == 0
    assert Report.objects.count() == 2


def test_a_page_s_reports_and_files_go_with_the_page(world, django_capture_on_commit_callbacks):
    report = _report(world.commitment, "en", "v1", "ready", 1)
    with django_capture_on_commit_callbacks(execute=True):
        world.commitment.delete()
    assert not Report.objects.filter(pk=report.pk).exists()
    assert not default_storage.exists(report.file.name)


def test_the_command_reports_what_it_removed_and_refuses_a_negative_period(world, capsys):
    from django.core.management.base import CommandError

    _report(world.commitment, "en", "v1", "ready", 90)
    _report(world.commitment, "en", "v2", "ready", 60)
    call_command("prune_reports", "--days", "30")
    assert capsys.readouterr().out.strip() == "pruned: reports=1 spreadsheets=0"
    assert Report.objects.get().version == "v2"
    with pytest.raises(CommandError, match="--days must be 0 or more"):
        call_command("prune_reports", "--days", "-1")
