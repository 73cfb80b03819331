"""Backup and restore: the database and the uploaded files in one archive (issue 13, item 8; ADR 8).

The archive is a ``.tar.gz`` holding ``manifest.json`` first, then ``database/db.sqlite3`` (a consistent online copy
made with SQLite's backup API) or ``database/db.pgdump`` (``pg_dump`` custom format from an exported snapshot), then
``files/…`` (MEDIA_ROOT). The manifest carries the app version, the engine, the applied migrations, each table's
row count and every member's SHA-256. Key files (``keys.backup_excluded``) are never written; the ID hash key and the
secret key live in the environment or in var/ and never in the database, so they are never in an archive.

Restore verifies everything before it writes: the manifest, every checksum, the engine and that no migration in the
archive is unknown to this code (a newer schema). Then the files are swapped in and the database restored in one
transaction (SQLite backup API; ``pg_restore --single-transaction --exit-on-error``); if the database step fails the
previous files are put back.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from mainstream import keys

FORMAT = "mainstream-backup/1"
MANIFEST = "manifest.json"
DB_SQLITE = "database/db.sqlite3"
DB_PG = "database/db.pgdump"
FILES = "files"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator (Chinese, then English)."""


@dataclass
class Manifest:
    format: str
    app_version: str
    engine: str
    created_at: str
    migrations: dict[str, list[str]]
    tables: dict[str, int]
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "app_version": self.app_version,
            "engine": self.engine,
            "created_at": self.created_at,
            "migrations": self.migrations,
            "tables": self.tables,
            "members": self.members,
        }


def app_version() -> str:
    try:
        return metadata.version("mainstream")
    except metadata.PackageNotFoundError:  # pragma: no cover - the package is installed in the venv
        return "unknown"


def engine_of(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支援的資料庫：{vendor}（only SQLite and PostgreSQL are supported）")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> list[tuple[str, Path]]:
    """(archive name, path) of every uploaded file, key files skipped, symlinks not followed."""
    found: list[tuple[str, Path]] = []
    if not root.is_dir():
        return found
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if keys.backup_excluded(path) or path.is_symlink() or not path.is_file():
                continue
            found.append((f"{FILES}/{path.relative_to(root).as_posix()}", path))
    return found


# --- the database snapshot ------------------------------------------------------------------------------------------


def _sqlite_state(path: Path) -> tuple[dict[str, list[str]], dict[str, int]]:
    con = sqlite3.connect(path)
    try:
        migrations: dict[str, list[str]] = {}
        for app, name in con.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
            migrations.setdefault(app, []).append(name)
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
    return migrations, counts


def _sqlite_snapshot(alias: str, target: Path) -> tuple[dict[str, list[str]], dict[str, int]]:
    """A consistent online copy with SQLite's backup API (never a file copy under writes)."""
    connection = connections[alias]
    connection.ensure_connection()
    source = connection.connection
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
    return _sqlite_state(target)


def _pg_env(settings_dict: dict[str, Any], name: str | None = None) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", name or settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}（PostgreSQL 用戶端工具）：請安裝 postgresql-client（{name} not found）")
    return found


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what}失敗（{what} failed）：{done.stderr.strip()[-2000:]}")


def _pg_snapshot(alias: str, target: Path) -> tuple[dict[str, list[str]], dict[str, int]]:
    """``pg_dump -Fc`` of an exported snapshot; the migrations and row counts are read in that same snapshot."""
    connection = connections[alias]
    args, env = _pg_env(connection.settings_dict)
    pg_dump = _pg_tool("pg_dump")
    with connection.cursor() as probe:
        probe.execute("SHOW server_version_num")
        server = int(probe.fetchone()[0]) // 10000
    client = subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout
    client_major = int(client.split()[-1].split(".")[0]) if client else 0
    if client_major and client_major < server:
        raise BackupError(
            f"pg_dump {client_major} 比資料庫伺服器 {server} 舊，無法備份：請安裝 {server} 版以上的 postgresql-client"
            f"（pg_dump {client_major} is older than the server {server}）"
        )
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            migrations: dict[str, list[str]] = {}
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            for app, name in cursor.fetchall():
                migrations.setdefault(app, []).append(name)
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
            tables = [r[0] for r in cursor.fetchall()]
            counts: dict[str, int] = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            _run(
                [pg_dump, "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot}", "--file", str(target)]
                + args,
                env,
                "pg_dump",
            )
        raw.rollback()
    finally:
        raw.close()
    return migrations, counts


# --- backup ---------------------------------------------------------------------------------------------------------


def backup_create(*, path: Path, by: Any = None, alias: str = "default") -> Manifest:
    """Write the archive to ``path`` (through a temporary file in the same folder, then renamed; mode 0600)."""
    path = Path(path)
    engine = engine_of(alias)
    media = Path(settings.MEDIA_ROOT)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=path.parent) as work:
        db_name = DB_SQLITE if engine == "sqlite" else DB_PG
        db_file = Path(work) / Path(db_name).name
        if engine == "sqlite":
            migrations, counts = _sqlite_snapshot(alias, db_file)
        else:
            migrations, counts = _pg_snapshot(alias, db_file)
        members: list[tuple[str, Path]] = [(db_name, db_file), *_media_files(media)]
        manifest = Manifest(
            format=FORMAT,
            app_version=app_version(),
            engine=engine,
            created_at=timezone.now().isoformat(),
            migrations=migrations,
            tables=counts,
            members={name: {"sha256": _sha256(p), "size": p.stat().st_size} for name, p in members},
        )
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            body = json.dumps(manifest.as_json(), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(datetime.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(body))
            for name, member_path in members:
                info = tar.gettarinfo(str(member_path), arcname=name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o600
                with member_path.open("rb") as handle:
                    tar.addfile(info, handle)
        partial.chmod(0o600)
        os.replace(partial, path)
    _audit(
        alias,
        by=by,
        action="backup.create",
        summary=f"備份資料庫及上傳檔案至 {path.name}（{len(manifest.members) - 1} 個檔案）",
        changes={"file": str(path), "engine": engine, "tables": sum(counts.values()), "sha256": _sha256(path)},
    )
    return manifest


def _audit(alias: str, **kwargs: Any) -> None:
    from django.db import transaction

    from mainstream.audit.services import audit_record

    with transaction.atomic(using=alias):
        audit_record(target="backup", **kwargs)


# --- restore --------------------------------------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and bool(pure.parts)


def manifest_read(path: Path) -> Manifest:
    """The archive's manifest, or BackupError when the file is not a readable backup."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST or not member.isfile():
                raise BackupError(f"{path.name} 不是 mainstream 的備份檔（no manifest; not a mainstream backup）")
            handle = tar.extractfile(member)
            assert handle is not None
            data = json.loads(handle.read().decode("utf-8"))
    except (OSError, tarfile.TarError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"備份檔 {path.name} 已損毀或無法讀取（corrupted or unreadable archive）：{exc}") from None
    if data.get("format") != FORMAT:
        raise BackupError(f"備份檔格式 {data.get('format')!r} 不受支援（unsupported backup format）")
    return Manifest(**data)


def schema_check(manifest: Manifest) -> list[str]:
    """Migrations the archive has applied that this code does not know (a newer schema). Raises on any."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = [
        f"{app}.{name}" for app, names in manifest.migrations.items() for name in names if (app, name) not in known
    ]
    if newer:
        raise BackupError(
            "備份檔來自較新版本的系統（資料庫結構較新），本版無法還原，請先更新系統："
            f"{'、'.join(newer[:10])}（the archive is from a newer schema; upgrade mainstream first）"
        )
    return newer


def _extract_verified(path: Path, manifest: Manifest, db_dir: Path, files_dir: Path) -> Path:
    """Extract every member, checking its SHA-256 against the manifest; the database file's path."""
    expected = dict(manifest.members)
    db_path: Path | None = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
                    raise BackupError(f"備份檔含有清單外的項目 {member.name!r}（unexpected member; archive altered）")
                if keys.backup_excluded(Path(member.name)):
                    raise BackupError(f"備份檔含有金鑰檔 {member.name!r}，拒絕還原（a key file is in the archive）")
                if member.name in (DB_SQLITE, DB_PG):
                    out = db_dir / Path(member.name).name
                    db_path = out
                else:
                    out = files_dir / PurePosixPath(member.name).relative_to(FILES)
                out.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                digest = hashlib.sha256()
                with out.open("wb") as sink:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        sink.write(chunk)
                if digest.hexdigest() != expected.pop(member.name)["sha256"]:
                    raise BackupError(
                        f"備份檔已損毀：{member.name} 的檢查碼不符，未做任何還原（checksum mismatch; nothing restored）"
                    )
    except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(
            f"備份檔 {path.name} 已損毀，未做任何還原（corrupted archive; nothing restored）：{exc}"
        ) from None
    if expected:
        raise BackupError(
            f"備份檔不完整，缺少 {'、'.join(sorted(expected))[:500]}（missing members; nothing restored）"
        )
    if db_path is None:
        raise BackupError("備份檔沒有資料庫（no database in the archive）")
    return db_path


def _target_has_data(alias: str) -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return "django_migrations" in connection.introspection.table_names(cursor)


def _sqlite_restore(alias: str, source: Path) -> None:
    check = sqlite3.connect(source)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise BackupError(f"備份中的資料庫檔未通過完整性檢查（integrity_check: {result}）")
    connection = connections[alias]
    name = str(connection.settings_dict["NAME"])
    connection.close()
    src = sqlite3.connect(source)
    dest = sqlite3.connect(name, timeout=60)
    try:
        # One step: the destination is written in a single transaction, so readers see the old or the new database.
        src.backup(dest)
    except sqlite3.Error as exc:
        raise BackupError(f"還原資料庫失敗，資料庫未變更（database restore failed; unchanged）：{exc}") from None
    finally:
        src.close()
        dest.close()


def _pg_restore(alias: str, source: Path, replace: bool) -> None:
    connection = connections[alias]
    args, env = _pg_env(connection.settings_dict)
    connection.close()
    command = [_pg_tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, *args, str(source)], env, "pg_restore")


def _row_counts(alias: str) -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return {t: _count(cursor, connection, t) for t in tables}


def _count(cursor: Any, connection: Any, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
    return int(cursor.fetchone()[0])


def backup_restore(*, path: Path, by: Any = None, replace: bool = False, alias: str = "default") -> Manifest:
    """Restore ``path`` into the database and MEDIA_ROOT, all or nothing, after verifying the whole archive."""
    path = Path(path)
    manifest = manifest_read(path)
    engine = engine_of(alias)
    if manifest.engine != engine:
        raise BackupError(
            f"備份檔是 {manifest.engine} 資料庫，目前設定的是 {engine}，無法還原"
            f"（archive engine {manifest.engine} does not match the configured {engine}）"
        )
    schema_check(manifest)
    if not replace and _target_has_data(alias):
        raise BackupError(
            "目標資料庫已有資料表：請還原到新的空資料庫，或加上 --replace 取代現有資料"
            "（the target database is not empty; use a fresh database or --replace）"
        )
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media.parent) as work:
        staged = Path(work) / "files"
        staged.mkdir()
        db_file = _extract_verified(path, manifest, Path(work), staged)
        # Everything is verified: swap the files in, restore the database, put the files back if that fails.
        previous = Path(work) / "previous-files"
        had_media = media.exists()
        if had_media:
            os.replace(media, previous)
        os.replace(staged, media)
        try:
            if engine == "sqlite":
                _sqlite_restore(alias, db_file)
            else:
                _pg_restore(alias, db_file, replace)
        except BaseException:
            shutil.rmtree(media, ignore_errors=True)
            if had_media:
                os.replace(previous, media)
            raise
    counts = _row_counts(alias)
    differ = {t: (n, counts.get(t)) for t, n in manifest.tables.items() if counts.get(t) != n}
    if differ:
        raise BackupError(f"還原後筆數與備份清單不符（row counts differ after restore）：{differ}")
    _audit(
        alias,
        by=by,
        action="backup.restore",
        summary=f"自 {path.name} 還原資料庫及上傳檔案（備份於 {manifest.created_at}）",
        changes={"file": str(path), "engine": engine, "created_at": manifest.created_at, "sha256": _sha256(path)},
    )
    return manifest


def migrations_pending(alias: str = "default") -> list[str]:
    """Migrations this code has that the restored database has not applied (an older archive: run migrate)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]
