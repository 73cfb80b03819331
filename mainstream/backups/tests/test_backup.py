"""Backup and restore (issue 13, item 8): records in, findings out; back up, restore into a fresh database (a second
SQLite file, or a second PostgreSQL database) by the ``mainstream restore`` command, and the findings and the
record counts are the same. A corrupted archive or one from a newer schema is refused before anything is written,
and no archive ever holds the ID hash key or the secret key."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from mainstream.backups.services import MANIFEST, BackupError, backup_create, backup_restore, manifest_read

YEAR, AS_OF = "111", "111/06/30"
COUNTS = (  # a table's row count in the restored database, read by a separate process
    "import json, django; django.setup(); from django.db import connection\n"
    "c = connection.cursor(); q = connection.ops.quote_name\n"
    "print(json.dumps({t: c.execute(f'SELECT COUNT(*) FROM {q(t)}').fetchone()[0] "
    "for t in connection.introspection.table_names(c)}))"
)


@pytest.fixture
def loaded(transactional_db, registry, settings, tmp_path):
    """The demo records of six tools, and two uploaded files (and a stray key file that must stay out)."""
    from mainstream.analysis.demo import demo_load as analysis
    from mainstream.budget.demo import demo_load as budget
    from mainstream.impact.demo import demo_load as impact
    from mainstream.measures.demo import demo_load as measures
    from mainstream.mechanism.demo import demo_load as mechanism
    from mainstream.statistics.demo import demo_load as statistics

    for load in (mechanism, measures, statistics, analysis, impact, budget):
        load()
    media = tmp_path / "var" / "files"
    (media / "minutes" / "2022").mkdir(parents=True)
    (media / "minutes" / "2022" / "會議紀錄.odt").write_bytes(b"PK\x03\x04 minutes " + os.urandom(2048))
    (media / "analysis.pdf").write_bytes(b"%PDF-1.4 " + os.urandom(512))
    (media / ".id_hash_key").write_text(settings.MAINSTREAM_ID_HASH_KEY, encoding="ascii")
    settings.MEDIA_ROOT = media
    return media


def _findings() -> list:
    out = io.StringIO()
    call_command("evaluate", "--year", YEAR, "--as-of", AS_OF, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        result = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            result[table] = cursor.fetchone()[0]
        return result


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a fresh, empty database of the engine under test (dropped afterwards on PostgreSQL)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"restore_{uuid.uuid4().hex[:12]}"
    conninfo = dict(dbname="postgres", host=params["HOST"], port=params["PORT"], user=params["USER"])
    if params.get("PASSWORD"):
        conninfo["password"] = params["PASSWORD"]
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    yield f"postgres://{auth}@{params['HOST']}:{params['PORT']}/{name}"
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _mainstream(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mainstream.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_a_restored_database_gives_the_same_findings_and_counts(loaded, fresh_database, tmp_path):
    findings, counts = _findings(), _counts()
    assert any(f["status"] != "met" for f in findings) and len(findings) > 20
    archive = tmp_path / "backup" / "mainstream.tar.gz"
    manifest = backup_create(path=archive)
    assert manifest.tables == counts
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    var = tmp_path / "restored-var"
    env = {
        **os.environ,
        "MAINSTREAM_DATABASE_URL": fresh_database,
        "MAINSTREAM_VAR_DIR": str(var),
        "MAINSTREAM_ID_HASH_KEY": settings.MAINSTREAM_ID_HASH_KEY,
    }
    done = _mainstream(env, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "已自" in done.stdout
    evaluated = _mainstream(env, "evaluate", "--year", YEAR, "--as-of", AS_OF, "--format", "json")
    assert evaluated.returncode == 0, evaluated.stderr
    assert json.loads(evaluated.stdout) == findings

    counted = subprocess.run([sys.executable, "-c", COUNTS], capture_output=True, text=True, env=env, timeout=120)
    assert counted.returncode == 0, counted.stderr
    restored = json.loads(counted.stdout)
    assert restored["audit_auditevent"] == counts["audit_auditevent"] + 1  # the restore itself is audited
    assert {t: n for t, n in restored.items() if t != "audit_auditevent"} == {
        t: n for t, n in counts.items() if t != "audit_auditevent"
    }
    # the uploaded files came back byte for byte; the key file did not
    assert (var / "files" / "minutes" / "2022" / "會議紀錄.odt").read_bytes() == (
        loaded / "minutes" / "2022" / "會議紀錄.odt"
    ).read_bytes()
    assert (var / "files" / "analysis.pdf").read_bytes() == (loaded / "analysis.pdf").read_bytes()
    assert not (var / "files" / ".id_hash_key").exists()

    # a second restore into the now non-empty database is refused without --replace
    again = _mainstream(env, "restore", str(archive))
    assert again.returncode != 0 and "--replace" in again.stderr


def test_the_backup_is_audited(loaded, tmp_path):
    from mainstream.audit.models import AuditEvent

    backup_create(path=tmp_path / "b.tar.gz")
    event = AuditEvent.objects.filter(action="backup.create").get()
    assert "b.tar.gz" in event.summary


def test_no_archive_holds_the_id_hash_key_or_the_secret_key(loaded, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup_create(path=archive)
    secrets = [settings.MAINSTREAM_ID_HASH_KEY.encode(), settings.SECRET_KEY.encode()]
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            assert not any(secret in data for secret in secrets), member.name
    assert not any(Path(n).name in (".id_hash_key", ".secret_key") for n in names)
    assert "files/analysis.pdf" in names


def _rewrite(archive: Path, out: Path, *, manifest=None, member=None) -> None:
    """A copy of ``archive`` with the manifest or one member's bytes changed."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name == MANIFEST and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            elif member and info.name == member:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def test_a_corrupted_archive_is_refused_and_nothing_changes(loaded, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup_create(path=archive)
    before = _counts()
    files_before = sorted(p.name for p in loaded.rglob("*"))

    altered = tmp_path / "altered.tar.gz"
    _rewrite(archive, altered, member="files/analysis.pdf")
    with pytest.raises(BackupError, match="檢查碼不符"):
        backup_restore(path=altered, replace=True)

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(BackupError, match="損毀"):
        backup_restore(path=truncated, replace=True)

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not a backup at all")
    with pytest.raises(BackupError, match="損毀"):
        backup_restore(path=garbage, replace=True)

    assert _counts() == before
    assert sorted(p.name for p in loaded.rglob("*")) == files_before


def test_an_archive_from_a_newer_schema_is_refused(loaded, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup_create(path=archive)

    def newer(manifest):
        manifest["migrations"].setdefault("evaluation", []).append("9999_from_the_future")
        return manifest

    future = tmp_path / "future.tar.gz"
    _rewrite(archive, future, manifest=newer)
    assert "9999_from_the_future" in manifest_read(future).migrations["evaluation"]
    with pytest.raises(BackupError, match="較新版本.*evaluation.9999_from_the_future"):
        backup_restore(path=future, replace=True)
