"""``make bench`` (e) prints the best ratio the import's own CPU allows beside the one it got (docs/adr/0013,
session 11): the import's CPU seconds, this process's and its PostgreSQL server process's, shared over the cores."""

from __future__ import annotations

import pytest
from django.db import connection

from mainstream.training.bench.postgresql import CpuClock, ratio_bound


def test_the_bound_shares_the_cpu_seconds_over_the_cores():
    # session 11's run: 1.74 s in this process, 1.62 s in the server, 2 cores, a bare COPY of 0.94 s
    assert ratio_bound(0.94, 1.74, 1.62, 2) == pytest.approx(0.94 / 1.68)
    assert ratio_bound(0.94, 1.74, 1.62, 1) == pytest.approx(0.94 / 3.36)  # one core: the seconds add up


def test_the_server_alone_is_a_floor_when_it_is_the_busier_side():
    # the server's statements run one after another in one process: more cores do not shorten them
    assert ratio_bound(1.0, 0.2, 2.0, 2) == pytest.approx(0.5)
    assert ratio_bound(1.0, 0.2, 2.0, 8) == pytest.approx(0.5)


def test_the_clock_reads_the_servers_cpu_when_the_server_is_on_this_machine(db):
    if connection.vendor != "postgresql":
        pytest.skip("the server's CPU is read from /proc/<pid>/stat of a PostgreSQL backend")
    clock = CpuClock(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(i::bigint * i) FROM generate_series(1, 3000000) AS i"
        )  # about a second of the server's CPU
    spent = clock.spent()
    if spent["server"] is None:
        pytest.skip("the PostgreSQL server runs elsewhere: its process is not in /proc here")
    assert spent["server"] > 0.1
    assert spent["server"] > spent["python"]  # the work was the server's, not this process's
