"""``make bench`` for training: a realistic 1,000,000-row export (70,000 people, every executing unit).

Prints, from one run on this machine:
(a) the import rate against a bare ``sqlite3`` ``executemany`` insert of the same rows (best of two runs each);
(b) the year's full training evaluation against a hand-written SQL ``GROUP BY`` over the same table;
(c) the peak memory (peak RSS, VmHWM) of the import, run in a process of its own, for three shapes: the 1,000,000
    rows of few course/hours/mode combinations, 300,000 rows each a combination of its own, and 1,000,000 rows
    each a person of their own (issue 13 item 6);
(d) one unit's page after an export of 30,000 of its people;
(e) when a PostgreSQL server is at hand (``MAINSTREAM_BENCH_PG_URL``, else the ``scripts/pg`` server on
    127.0.0.1:55432 with a database ``mainstream_bench`` of its own): the import of the same 1,000,000 rows into
    PostgreSQL against a bare ``COPY`` of those rows (the CSV as it is) into a plain table, as a ratio of rows a
    second (issue 13 item 7; best of two runs each). The check of the foreign keys the COPY path queues for after
    its commit (``VALIDATE CONSTRAINT``, docs/adr/0013) is run and timed after each import and printed beside the
    ratio: the ratio is of the import as its user waits for it, and again with that background check added.

Everything happens in ``var/bench/`` with a SQLite database of its own: the demo database is never touched. All the
data is generated here (labelled so where printed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .data import (  # the names tests and other benchmarks import from here
    PEOPLE,
    ROWS,
    YEAR,
    bench_dir,
    generate,
    generate_classes,
    generate_unit,
)
from .postgresql import postgresql_bench
from .sqlite import peak_rss_mb, unit_page_measure

__all__ = [
    "PEOPLE",
    "ROWS",
    "YEAR",
    "bench_dir",
    "generate",
    "generate_classes",
    "generate_unit",
    "main",
    "peak_rss_mb",
    "postgresql_bench",
    "unit_page_measure",
]


def main() -> int:
    """Re-run this module in a subprocess whose database is var/bench/training.sqlite3 (fresh each run)."""
    folder = bench_dir()
    db = folder / "training.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, MAINSTREAM_DATABASE_URL=f"sqlite:///{db}", DJANGO_SETTINGS_MODULE="mainstream.settings")
    failed = subprocess.run([sys.executable, "-m", "mainstream.training.bench", "--child"], env=env, check=False)
    return failed.returncode | postgresql_bench(folder / f"training-{ROWS}.csv")
