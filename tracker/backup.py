"""Backups: the database and the files, and a way to prove a restore gave back the same record.

``backup_create(directory)`` writes ``db.dump`` (PostgreSQL: ``pg_dump`` custom format; SQLite:
the online backup API), ``files.tar.gz`` (media and evidence, when they are on this machine's
disk) and ``manifest.json`` (every table's row count and digest, every file's digest).
``backup_restore(directory)`` puts them back. ``record_fingerprint()`` computes the same
counts and digests on a live database, so ``manage.py restore`` ends by comparing them with the
manifest and says which table differs, if any.

The digests are computed by the database itself from each row's text, sorted, so they compare
a PostgreSQL dump with its restore whatever order the rows come back in.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection as default_connection

from tracker.planner import refresh_statistics

FILE_STORAGES = ("default", "evidence")


class BackupError(Exception):
    pass


# -- where things are ---------------------------------------------------------------------------


def pg_binary(name: str) -> str:
    """``pg_dump`` / ``pg_restore`` from PATH, or the newest under /usr/lib/postgresql (Debian)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not candidates:
        raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client)")
    return str(candidates[-1])


def _pg_args(db: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore; the password goes in the environment, never
    on the command line (where `ps` would show it)."""
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def file_roots() -> dict[str, Path]:
    """The storages kept on this machine's disk, by alias (S3 keeps its own copies)."""
    roots = {}
    for alias in FILE_STORAGES:
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            roots[alias] = Path(storage.location)
    return roots


# -- fingerprints ---------------------------------------------------------------------------------


def _tables(connection) -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def table_fingerprints(connection=default_connection) -> dict[str, dict]:
    """Every table's row count and a digest of its rows (as text, sorted)."""
    result = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables(connection):
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "  # noqa: S608
                    f"FROM {quote(table)} AS t"
                )
                count, digest = cursor.fetchone()
            else:
                cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
                rows = sorted(repr(row) for row in cursor.fetchall())
                count, digest = (
                    len(rows),
                    hashlib.md5("|".join(rows).encode(), usedforsecurity=False).hexdigest(),
                )
            result[table] = {"rows": count, "digest": digest}
    return result


def file_fingerprints(roots: dict[str, Path]) -> dict[str, str]:
    digests = {}
    for alias, root in sorted(roots.items()):
        if not root.exists():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digests[f"{alias}/{path.relative_to(root).as_posix()}"] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return digests


def record_fingerprint(connection=default_connection, roots: dict[str, Path] | None = None) -> dict:
    return {
        "tables": table_fingerprints(connection),
        "files": file_fingerprints(file_roots() if roots is None else roots),
    }


def fingerprint_differences(expected: dict, actual: dict) -> list[str]:
    """What differs, in words (empty when the restore gave back the same record)."""
    problems = []
    for table in sorted(set(expected["tables"]) | set(actual["tables"])):
        want, got = expected["tables"].get(table), actual["tables"].get(table)
        if want is None or got is None:
            problems.append(f"table {table}: {'missing' if got is None else 'not in the backup'}")
        elif want["rows"] != got["rows"]:
            problems.append(f"table {table}: {got['rows']} rows, the backup has {want['rows']}")
        elif want["digest"] != got["digest"]:
            problems.append(f"table {table}: same number of rows, different content")
    for name in sorted(set(expected["files"]) | set(actual["files"])):
        if expected["files"].get(name) != actual["files"].get(name):
            problems.append(f"file {name}: {'missing' if name not in actual['files'] else 'differs'}")
    return problems


# -- backup and restore ---------------------------------------------------------------------------


def backup_create(directory: Path, *, connection=default_connection) -> dict:
    """Write the database, the files and the manifest into ``directory`` (created)."""
    directory.mkdir(parents=True, exist_ok=False)
    # The dump holds password hashes, two-factor secrets and e-mail addresses: the service's user
    # only (pg_dump and tarfile write their files under the usual umask, readable by all).
    directory.chmod(0o700)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        args, env = _pg_args(db)
        # Our own settings and paths, and no shell.
        subprocess.run(  # noqa: S603
            [
                pg_binary("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-acl",
                f"--file={directory / 'db.dump'}",
                *args,
            ],
            check=True,
            capture_output=True,
            env=env,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(directory / "db.dump")
        with target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"no backup for the {connection.vendor} database")
    roots = file_roots()
    with tarfile.open(directory / "files.tar.gz", "w:gz") as archive:
        for alias, root in roots.items():
            if root.exists():
                archive.add(root, arcname=alias)
    manifest = {"vendor": connection.vendor, **record_fingerprint(connection, roots)}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def backup_restore(
    directory: Path, *, connection=default_connection, roots: dict[str, Path] | None = None
) -> list[str]:
    """Put a backup back into ``connection``'s database and the file roots; return what differs
    from the backup's manifest afterwards (nothing, when all went well)."""
    manifest = json.loads((directory / "manifest.json").read_text())
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"this backup is of a {manifest['vendor']} database, not {connection.vendor}")
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_args(db)
        subprocess.run(  # noqa: S603
            [
                pg_binary("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                *args,
                str(directory / "db.dump"),
            ],
            check=True,
            capture_output=True,
            env=env,
        )
        # pg_restore brings back rows, not the planner's statistics: a restore is a bulk load.
        refresh_statistics(connection.alias)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(directory / "db.dump")
        with source:
            source.backup(connection.connection)
        source.close()
    roots = file_roots() if roots is None else roots
    with tarfile.open(directory / "files.tar.gz", "r:gz") as archive:
        for alias, root in roots.items():
            members = [m for m in archive.getmembers() if m.name == alias or m.name.startswith(f"{alias}/")]
            _empty(root)
            for member in members:
                member.name = os.path.relpath(member.name, alias)
            extract_safely(archive, root, [m for m in members if m.name != "."])
    return fingerprint_differences(manifest, record_fingerprint(connection, roots))


def extract_safely(archive: tarfile.TarFile, root: Path, members: list[tarfile.TarInfo]) -> None:
    """Extract ``members`` under ``root``, refusing links, devices and paths that leave it.

    tarfile's "data" filter does that from Python 3.11.4 on; Debian 12's Python is 3.11.2, where
    ``filter=`` was a TypeError after the database had been restored: the same refusals by hand.
    """
    if hasattr(tarfile, "data_filter"):
        archive.extractall(root, members=members, filter="data")
        return
    for member in members:
        path = Path(member.name)
        if not (member.isfile() or member.isdir()) or path.is_absolute() or ".." in path.parts:
            raise BackupError(f"files.tar.gz: refusing {member.name!r} (not a plain file inside the folder)")
    archive.extractall(root, members=members)  # noqa: S202 - every member checked just above


def _empty(root: Path) -> None:
    """Remove what is in ``root`` but keep the folder itself: on a deployed machine it sits in the
    code folder, which the service's user may not write (removing ``media/`` itself failed there,
    after its files were gone)."""
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def default_backup_dir() -> Path:
    from django.utils import timezone

    return Path(getattr(settings, "BACKUP_ROOT", settings.BASE_DIR / "backups")) / timezone.now().strftime(
        "%Y%m%d-%H%M%S"
    )
