"""``make bench`` (e): the training import on PostgreSQL against a bare ``COPY`` of the same rows."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from .data import PG_SERVER, TARGET_PG, YEAR, child_json


def _pg_url() -> str | None:
    """MAINSTREAM_BENCH_PG_URL, else the scripts/pg server if it answers (its database ``mainstream_bench`` made
    if missing); None when there is no server."""
    import socket

    url = os.environ.get("MAINSTREAM_BENCH_PG_URL")
    if url:
        return url
    try:
        socket.create_connection(PG_SERVER, timeout=1).close()
    except OSError:
        return None
    import psycopg

    host, port = PG_SERVER
    with psycopg.connect(f"postgres://postgres@{host}:{port}/postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = 'mainstream_bench'").fetchone():
            con.execute("CREATE DATABASE mainstream_bench")
    return f"postgres://postgres@{host}:{port}/mainstream_bench"


class CpuClock:
    """CPU seconds spent from its creation to ``spent()``: by this process (every thread: the reader, polars'
    threads, the writer) and by the database connection's server process when that server runs on this machine
    (read from ``/proc/<pid>/stat``; None otherwise). The parallel workers of an index build are other server
    processes and are not counted: the server's figure is a lower bound."""

    def __init__(self, connection) -> None:  # type: ignore[no-untyped-def]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
        self.python, self.server = self._python(), self._server()

    @staticmethod
    def _python() -> float:
        times = os.times()
        return times.user + times.system

    def _server(self) -> float | None:
        try:
            name, fields = self.stat.read_text().rsplit(")", 1)
        except (OSError, ValueError):
            return None
        if "postgres" not in name:  # a process of that number here, but not the server's (the server is elsewhere)
            return None
        fields = fields.split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, in clock ticks

    def spent(self) -> dict[str, float | None]:
        server = self._server()
        return {
            "python": self._python() - self.python,
            "server": None if server is None or self.server is None else server - self.server,
        }


def bare_copy(cursor, path: str | Path) -> tuple[float, dict[str, float | None]]:  # type: ignore[no-untyped-def]
    """The reference of (e): the CSV as it is, COPYed into a fresh table of text columns (``bench_bare_copy``, left
    for the caller to count and drop). Its (seconds, ``CpuClock.spent()``)."""
    from django.db import connection

    cursor.execute("DROP TABLE IF EXISTS bench_bare_copy")
    cursor.execute(
        "CREATE TABLE bench_bare_copy (seq text, id text, name text, unit text, code text, title text, "
        "hours text, day text, mode text, level text)"
    )
    clock = CpuClock(connection)
    started = time.perf_counter()
    with (
        open(path, "rb") as f,
        cursor.cursor.copy("COPY bench_bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
    ):
        while data := f.read(1 << 20):
            copy.write(data)
    return time.perf_counter() - started, clock.spent()


def cores() -> int:
    """The cores this process may run on (what the import's reader, writer and server share)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ratio_bound(bare: float, python_cpu: float, server_cpu: float, n_cores: int) -> float:
    """The best ratio (bare COPY seconds / import seconds) the import's own CPU allows on ``n_cores``: even with
    every core busy all the time, the import cannot take less than its CPU seconds shared out over the cores, nor
    less than the busier of its two sides (the server's work is one process but for an index build's workers)."""
    floor = max((python_cpu + server_cpu) / n_cores, server_cpu)
    return bare / floor if floor else float("inf")


PHASES = (  # the import's phases as ``TrainingImportResult.phases`` names them, in their order, with their labels
    ("start", "開始（計畫、機關）"),
    ("read", "讀取與檢查"),
    ("stage", "暫存 COPY"),
    ("people", "人員與課程名稱"),
    ("keys", "外鍵卸除與重建"),
    ("records", "紀錄 INSERT"),
    ("copy", "讀完後等候最後幾批 COPY"),
    ("indexes", "索引重建"),
    ("run", "匯入紀錄與稽核"),
    ("commit", "提交"),
    ("given up", "COPY 路徑放棄（重做）"),
)
OVERLAPPED = (  # measured in the COPY path's writer thread while the file was read (not added to the total)
    ("people (overlapped)", "人員與課程名稱"),
    ("copy (overlapped)", "紀錄轉換與 COPY"),
)


def _pg_truncate() -> None:
    """Empty tables on PostgreSQL: TRUNCATE (a DELETE leaves a million dead rows and their index entries behind
    until autovacuum, and the next import would be measured against them), then ANALYZE, so that neither
    autovacuum (its lock is waited for up to deadlock_timeout) nor statistics of the previous run's million rows
    disturb the next one."""
    from django.db import connection

    tables = ("training_trainingrecord", "training_person", "training_coursetitle")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def _pg_child(path: str) -> None:
    """On PostgreSQL (this process's database): the import and a bare COPY of the same rows, best of two each,
    the import's phases; then, as a second reference, a COPY of the records the import wrote (resolved: person,
    unit, course numbers) into a copy of the records table with its indexes. JSON on stdout."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from mainstream.plan.loader import bundled_plan
    from mainstream.training.importer import training_import
    from mainstream.units.services import registry_sync

    call_command("migrate", verbosity=0)
    registry_sync(plan=bundled_plan())
    from mainstream.training.importer.sql import records_keys_validate

    imports = []  # (seconds, phases, seconds of the queued check of the foreign keys afterwards, CPU seconds)
    for _ in range(2):
        _pg_truncate()
        clock = CpuClock(connection)
        started = time.perf_counter()
        result = training_import(path=path, year=YEAR)
        seconds = time.perf_counter() - started
        cpu = clock.spent()
        if not result.ok:
            print(json.dumps({"ok": False, "errors": [str(e) for e in result.errors[:5]]}))
            return
        started = time.perf_counter()  # what the worker's queued job does after the import (docs/adr/0013)
        checked = records_keys_validate()
        imports.append((seconds, result.phases, time.perf_counter() - started if checked else 0.0, cpu))
    again_started = time.perf_counter()
    again = training_import(path=path, year=YEAR)  # the same file once more: nothing new
    again_seconds = time.perf_counter() - again_started
    from mainstream.training import importer

    _pg_truncate()  # the staged path (staging COPY, then INSERT … SELECT), for comparison in the same run
    importer.PG_COPY = False
    started = time.perf_counter()
    staged = training_import(path=path, year=YEAR)
    staged_seconds = time.perf_counter() - started
    importer.PG_COPY = True
    columns = "person_id, unit_id, year, title_id, hours, date, mode, level, run_id"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        resolved = bytearray()
        with raw.copy(f"COPY (SELECT {columns} FROM training_trainingrecord) TO STDOUT") as copy:
            for data in copy:
                resolved += data
        cursor.execute("DROP TABLE IF EXISTS bench_records_copy")
        cursor.execute("CREATE TABLE bench_records_copy (LIKE training_trainingrecord INCLUDING ALL)")
        started = time.perf_counter()
        with raw.copy(f"COPY bench_records_copy ({columns}) FROM STDIN") as copy:
            for start in range(0, len(resolved), 1 << 20):
                copy.write(resolved[start : start + (1 << 20)])
        resolved_copy = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_records_copy")
    del resolved
    _pg_truncate()
    bare = []
    with connection.cursor() as cursor:
        for _ in range(2):
            bare.append(bare_copy(cursor, path))
        cursor.execute("SELECT count(*) FROM bench_bare_copy")
        copied = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_bare_copy")
    best, phases, validate, cpu = min(imports, key=lambda found: found[0])
    bare_seconds, bare_cpu = min(bare, key=lambda found: found[0])
    print(
        json.dumps(
            {
                "ok": True,
                "rows": result.rows,
                "import": best,
                "phases": phases,
                "validate": validate,
                "bare": bare_seconds,
                "cpu": cpu,  # of the best import: {"python": …, "server": …} (server None when not readable here)
                "bare_cpu": bare_cpu,
                "cores": cores(),
                "copied": copied,
                "resolved_copy": resolved_copy,
                "again_created": again.created,
                "again_seconds": again_seconds,
                "staged_seconds": staged_seconds if staged.ok else None,
            }
        )
    )


def postgresql_bench(export: Path) -> int:
    """(e): 1 when the target is missed, 0 when met or skipped (said why)."""
    url = _pg_url()
    if url is None:
        print(
            f"(e) PostgreSQL：略過 — 沒有 MAINSTREAM_BENCH_PG_URL，{PG_SERVER[0]}:{PG_SERVER[1]} 也沒有伺服器"
            "（scripts/pg start 可啟動）"
        )
        return 0
    env = dict(os.environ, MAINSTREAM_DATABASE_URL=url, DJANGO_SETTINGS_MODULE="mainstream.settings")
    try:
        found = child_json(["--pg", str(export)], env)
    except RuntimeError as exc:
        print("(e) PostgreSQL 匯入失敗：", exc)
        return 1
    if not found["ok"]:
        print("(e) PostgreSQL 匯入失敗：", found["errors"])
        return 1
    rows = found["rows"]
    ratio = found["bare"] / found["import"]  # (rows/import) / (rows/bare)
    ok = ratio >= TARGET_PG
    phases = found["phases"]
    known = dict(PHASES) | dict(OVERLAPPED)
    parts = [f"{label} {phases[name]:.2f}" for name, label in PHASES if phases.get(name)]
    parts += [f"{name} {seconds:.2f}" for name, seconds in phases.items() if name not in known]
    rest = found["import"] - sum(seconds for name, seconds in phases.items() if name not in dict(OVERLAPPED))
    overlapped = [f"{label} {phases[name]:.2f}" for name, label in OVERLAPPED if phases.get(name)]
    path = "讀取時同步 COPY 進紀錄表" if overlapped else "暫存後 INSERT … SELECT"
    validate = found.get("validate") or 0.0
    print(
        f"(e) PostgreSQL（自產資料）：匯入 {rows:,} 列 {found['import']:.2f} 秒，{rows / found['import']:,.0f} 列/秒"
        f"（{path}；{'、'.join(parts)}、其他 {rest:.2f} 秒"
        + (f"；讀取期間寫入執行緒：{'、'.join(overlapped)} 秒" if overlapped else "")
        + "）；"
        f"同樣的 {found['copied']:,} 列（CSV 原樣）以 COPY 載入一般資料表 {found['bare']:.2f} 秒，"
        f"{rows / found['bare']:,.0f} 列/秒；比值（使用者等候的匯入）{ratio:.2f}（目標 ≥ {TARGET_PG}）"
        f"{'達成' if ok else '未達成'}"
    )
    cpu, bare_cpu = found.get("cpu") or {}, found.get("bare_cpu") or {}
    if cpu.get("server") is not None:
        n = found["cores"]
        bound = ratio_bound(found["bare"], cpu["python"], cpu["server"], n)
        print(
            f"    CPU（同一次最快的匯入）：本程序 {cpu['python']:.2f} 秒（讀取、檢查、寫入執行緒、polars）、資料庫伺服器程序 "
            f"{cpu['server']:.2f} 秒（不含平行建索引的工作程序）；bare COPY 伺服器 {bare_cpu.get('server') or 0:.2f} 秒。"
            f"{n} 核全程滿載時，匯入最快約 {found['bare'] / bound:.2f} 秒，比值上限約 {bound:.2f}；"
            f"實得 {ratio:.2f}，即這個上限的 {ratio / bound:.0%}"
        )
    if validate:
        print(
            f"    匯入提交後排程的背景工作：外鍵全面檢查（VALIDATE CONSTRAINT）{validate:.2f} 秒（不在使用者等候內；"
            f"匯入加上它共 {found['import'] + validate:.2f} 秒，比值 {found['bare'] / (found['import'] + validate):.2f}）"
        )
    print(
        f"    參考（非目標基準）：匯入寫成的 {rows:,} 筆紀錄（已換成人員、機關、課程編號）以 COPY 載入一份含同樣索引的"
        f"紀錄表 {found['resolved_copy']:.1f} 秒，即寫入這些列的下限約為 bare COPY 的 "
        f"{found['resolved_copy'] / found['bare']:.2f} 倍；同一檔案再匯入一次：新增 {found['again_created']:,} 筆，"
        f"{found['again_seconds']:.1f} 秒"
        + (
            f"；不走讀取時 COPY、先暫存再 INSERT … SELECT（importer.PG_COPY 關閉）：{found['staged_seconds']:.1f} 秒"
            if found.get("staged_seconds")
            else ""
        )
    )
    return 0 if ok else 1
