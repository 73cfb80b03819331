"""What the PostgreSQL training import would take without whole steps it cannot do without (ADR 0013, session 12).

A one-off measurement, kept so that it can be run again; not part of the project and not run by the tests. Each
round, in one process and on one connection: a bare COPY of the CSV into a table of text columns (the reference of
``make bench`` (e)), the import as shipped, and the import with every write of people removed — the writer thread
invents their ids instead of staging and inserting them (the records then point at no one: possible only here,
because the keys come back NOT VALID and the queued check is not run; the tables are emptied at the end). For both
imports the seconds are also given without the index build after the last row, the phase that cannot overlap with
anything (a unique index needs every row). Ratios are bare COPY seconds over import seconds, as in ``make bench``.

From the repository root, with ``scripts/pg start`` running and ``make bench`` run once (it writes the file):
``DJANGO_SETTINGS_MODULE=mainstream.settings .venv/bin/python docs/experiments/2026-12-06-pg-import-ablation/ablate.py 5``
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("MAINSTREAM_DATABASE_URL", "postgres://postgres@127.0.0.1:55432/mainstream_bench")

import django

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from mainstream.plan.loader import bundled_plan  # noqa: E402
from mainstream.training.bench.data import ROWS, YEAR, bench_dir  # noqa: E402
from mainstream.training.bench.postgresql import _pg_truncate, bare_copy  # noqa: E402
from mainstream.training.importer import pgcopy, training_import  # noqa: E402
from mainstream.units.services import registry_sync  # noqa: E402

PATH = bench_dir() / f"training-{ROWS}.csv"
SHIPPED = pgcopy._CopyWriter._people


def _no_people(self, rows):  # type: ignore[no-untyped-def]
    """The writer's people step without the database: numbers become ids as they are (no staging, no INSERT)."""
    if rows:
        self.people_staged = rows[-1][0] + 1
        self.person_ids.extend(np.arange(rows[0][0], rows[-1][0] + 1, dtype=np.int64) + 1)
        self.people_done = self.people_staged


def bare() -> float:
    with connection.cursor() as cursor:
        seconds, _cpu = bare_copy(cursor, PATH)  # (the same reference as ``make bench`` (e))
        cursor.execute("DROP TABLE bench_bare_copy")
    return seconds


def main(rounds: int) -> None:
    call_command("migrate", verbosity=0)
    registry_sync(plan=bundled_plan())
    found: dict[str, list[float]] = {}
    for _ in range(rounds):
        found.setdefault("bare COPY", []).append(bare())
        for name, people in (("import as shipped", SHIPPED), ("import without people writes", _no_people)):
            pgcopy._CopyWriter._people = people
            _pg_truncate()
            started = time.perf_counter()
            result = training_import(path=PATH, year=YEAR)
            seconds = time.perf_counter() - started
            if not result.ok:
                raise SystemExit(f"{name}: {result.errors[:3]}")
            found.setdefault(name, []).append(seconds)
            found.setdefault(f"{name}, less the index build", []).append(seconds - result.phases["indexes"])
    pgcopy._CopyWriter._people = SHIPPED
    _pg_truncate()
    bare_median = statistics.median(found["bare COPY"])
    print(f"{ROWS:,} generated rows, {rounds} rounds, {os.cpu_count()} cores")
    print("| | best s | median s | ratio (medians) |\n|---|---|---|---|")
    for name, seconds in found.items():
        median = statistics.median(seconds)
        print(f"| {name} | {min(seconds):.2f} | {median:.2f} | {bare_median / median:.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
