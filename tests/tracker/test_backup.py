"""make backup / make restore: a round trip gives back every table's rows and every file."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command
from django.db import connection

from tests.commitments.progress_fixtures import build_world, submitted_update
from tracker import backup
from tracker.models import Organisation

# pg_dump sees only committed rows: these tests commit, so they run in the serial stage.
pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def disk_storages(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\nmap")
    (tmp_path / "private" / "evidence").mkdir(parents=True)
    (tmp_path / "private" / "evidence" / "minutes.pdf").write_bytes(b"%PDF-1.4 minutes")
    return tmp_path


def test_a_backup_restored_gives_back_every_table_and_file(disk_storages, tmp_path):
    from tests.conftest import ensure_home_and_site

    ensure_home_and_site()
    world = build_world()
    submitted_update(world)
    before = backup.record_fingerprint()
    assert before["tables"]["commitments_commitmentpage"]["rows"] == 2
    assert set(before["files"]) == {"default/images/map.png", "evidence/evidence/minutes.pdf"}

    out = StringIO()
    call_command("backup", str(tmp_path / "backup"), stdout=out)
    assert "Backed up" in out.getvalue()
    assert {p.name for p in (tmp_path / "backup").iterdir()} == {"db.dump", "files.tar.gz", "manifest.json"}
    # Password hashes and two-factor secrets inside: no one but the service's user gets in.
    assert (tmp_path / "backup").stat().st_mode & 0o777 == 0o700

    # Lose things: a row, a changed row, a file.
    Organisation.objects.filter(name="Watchdog").delete()
    world.commitment.title = "Changed after the backup"
    world.commitment.save()
    (disk_storages / "media" / "images" / "map.png").unlink()
    changed = backup.fingerprint_differences(before, backup.record_fingerprint())
    assert any(line.startswith("table tracker_organisation:") for line in changed)
    assert "file default/images/map.png: missing" in changed

    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=StringIO())
    assert backup.fingerprint_differences(before, backup.record_fingerprint()) == []
    assert Organisation.objects.filter(name="Watchdog").exists()
    assert (disk_storages / "media" / "images" / "map.png").read_bytes() == b"\x89PNG\r\n\x1a\nmap"


def test_a_restored_postgresql_database_gets_the_planners_statistics(disk_storages, tmp_path):
    # pg_restore brings back rows, not statistics: until autovacuum came by, the planner saw
    # every table as empty (and a small table may never reach autovacuum's threshold).
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=StringIO())
    if connection.vendor != "postgresql":
        return  # SQLite plans without statistics (tracker/planner.py)
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'tracker_organisation'")
        assert cursor.fetchone()[0] is not None


def test_restore_keeps_the_file_folders_themselves_and_empties_them(disk_storages, tmp_path):
    # Deployed, media/ and private/ are the service user's but sit in root's code folder: the
    # restore, run as that user, could not remove and re-make them (Permission denied).
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    media = disk_storages / "media"
    folder = media.stat().st_ino
    (media / "late.txt").write_text("made after the backup")
    (media / "late" / "deep").mkdir(parents=True)
    (media / "late" / "deep" / "x.txt").write_text("also after")

    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=StringIO())
    assert media.stat().st_ino == folder
    assert sorted(str(p.relative_to(media)) for p in media.rglob("*")) == ["images", "images/map.png"]
    assert (disk_storages / "private" / "evidence" / "minutes.pdf").read_bytes() == b"%PDF-1.4 minutes"


def test_restore_refuses_what_is_not_a_backup_and_asks_before_replacing(tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(tmp_path), "--yes")
    (tmp_path / "manifest.json").write_text(
        json.dumps({"vendor": connection.vendor, "tables": {}, "files": {}})
    )
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(tmp_path))

    # Run with no terminal to answer on: the same refusal, not an EOFError's traceback.
    def no_terminal(prompt):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(tmp_path))


def test_a_backup_never_overwrites_an_earlier_one(disk_storages, tmp_path):
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("backup", str(target), stdout=StringIO())
    assert Path(target / "manifest.json").exists()


@pytest.mark.parametrize("has_data_filter", [True, False])
def test_files_are_extracted_safely_with_or_without_tarfiles_data_filter(
    tmp_path, monkeypatch, has_data_filter
):
    # Debian 12's Python (3.11.2) has no tarfile "data" filter: restore failed with a TypeError.
    import io
    import tarfile

    if not has_data_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)

    def archive_of(*members):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            for name, kind in members:
                info = tarfile.TarInfo(name)
                if kind == "dir":
                    info.type = tarfile.DIRTYPE
                    archive.addfile(info)
                elif kind == "link":
                    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                    archive.addfile(info)
                else:
                    info.size = len(kind)
                    archive.addfile(info, io.BytesIO(kind))
        buffer.seek(0)
        return tarfile.open(fileobj=buffer, mode="r:gz")

    good = archive_of(("images", "dir"), ("images/map.png", b"map"))
    backup.extract_safely(good, tmp_path / "ok", good.getmembers())
    assert (tmp_path / "ok" / "images" / "map.png").read_bytes() == b"map"

    absolute = tmp_path / "absolute.txt"
    refusals = (backup.BackupError, getattr(tarfile, "FilterError", backup.BackupError))
    for bad in (("../outside.txt", b"x"), ("images/passwd", "link")):
        archive = archive_of(bad)
        with pytest.raises(refusals):
            backup.extract_safely(archive, tmp_path / "bad", archive.getmembers())
    archive = archive_of((str(absolute), b"x"))
    if has_data_filter:  # the data filter strips the leading "/": the file lands inside the folder
        backup.extract_safely(archive, tmp_path / "bad", archive.getmembers())
        assert (tmp_path / "bad" / str(absolute).lstrip("/")).read_bytes() == b"x"
    else:
        with pytest.raises(backup.BackupError, match="refusing"):
            backup.extract_safely(archive, tmp_path / "bad", archive.getmembers())
    assert not (tmp_path / "outside.txt").exists()
    assert not absolute.exists()
    assert not (tmp_path / "bad" / "images" / "passwd").exists()
