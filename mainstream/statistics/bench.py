"""``make bench`` for gender statistics: ``statistics.new_indicator`` for a year on plain facts (no database).

Facts: 400 catalogue entries for each of the 47 executing units, added over 104–112 (18,800 entries), far more
than a real catalogue holds (a few dozen per unit). Prints the rule's time against a baseline measured in the
same run: one bare pass that counts each unit's entries added in the window.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, timedelta

TARGET_QUERY = 0.2  # seconds, warm, for a query of 100,000 cells (issue 15 item 7)
TARGET_RATE = 0.5  # a PX file's read and import against a plain reader (issue 15 item 7)


def main() -> int:
    from mainstream import roc
    from mainstream.evaluation.engine import Context
    from mainstream.plan.loader import bundled_plan
    from mainstream.statistics.rules import IndicatorFact, StatisticsFacts, new_indicator

    plan = bundled_plan()
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    kinds = ("indicator", "item", "subclass")
    start_day = roc.year_start(104)
    facts = StatisticsFacts(
        tuple(
            IndicatorFact(u.short, kinds[n % 3], f"{u.short}-{n}", start_day + timedelta(days=(n * 37 + i) % 3280), n)
            for i, u in enumerate(ctx.units)
            for n in range(400)
        )
    )
    first, last = roc.year_start(109), roc.year_end(110)
    start = time.perf_counter()
    baseline = Counter(f.unit for f in facts.indicators if first <= f.added_on <= last)
    base = time.perf_counter() - start
    start = time.perf_counter()
    findings = list(new_indicator(facts, ctx))
    took = time.perf_counter() - start
    print(
        f"statistics.new_indicator（generated data 生成資料）: {len(facts.indicators)} 項 → {len(findings)} 項結果 {took * 1000:.1f} ms"
        f"（基準：逐項計數 {base * 1000:.1f} ms，{len(baseline)} 機關）"
    )
    return 0 if database_bench() else 1  # a missed target fails `make bench`


def _px_million() -> bytes:
    """A PX file of 2 sexes × 50 years × 100 districts × 100 age groups = 1,000,000 cells (1 in 97 missing)."""
    from mainstream.statistics.px import Category, Cube, Dimension, px_write

    dims = [
        Dimension("性別", "性別", [Category("M", "男"), Category("F", "女")], role="sex"),
        Dimension("年別", "年別", [Category(str(y), str(y - 1911)) for y in range(1974, 2024)], role="time"),
        Dimension("區域", "區域", [Category(f"D{i}", f"區{i}") for i in range(100)], role="area"),
        Dimension("年齡", "年齡", [Category(f"A{i}", f"{i} 歲") for i in range(100)]),
    ]
    values: list[float | None] = [None if n % 97 == 0 else float(n % 1000) + 0.5 for n in range(1_000_000)]
    status = {n: ".." for n in range(0, 1_000_000, 97)}
    return px_write(Cube("BENCH1M", "效能測試表", dims, values, status, decimals=1))


def _plain_reader(data: bytes) -> int:
    """A plain PX reader of our own: decode, find DATA, split, float each value (markers kept as None)."""
    text = data.decode("utf-8")
    start = text.index("DATA=") + 5
    out = []
    for tok in text[start : text.index(";", start)].split():
        try:
            out.append(float(tok))
        except ValueError:
            out.append(None)
    return len(out)


def database_bench() -> bool:
    """1,000,000-cell PX import (read + validate + one revision written, rolled back) against a plain reader,
    and a warm query that returns 100,000 cells (index arithmetic on the dense array). Whether every target of
    issue 15 item 7 was met."""
    from django.db import DatabaseError, transaction

    from mainstream.statistics.px import px_read
    from mainstream.statistics.services import stat_table_import

    data = _px_million()
    plain = min(_timed(lambda: _plain_reader(data)) for _ in range(2))
    read = min(_timed(lambda: px_read(data)) for _ in range(2))
    cube = px_read(data)

    class Rollback(Exception):
        pass

    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)  # a throwaway migrated database
    imported = None
    query = None
    try:
        for attempt in range(2):  # the best of two, as the readers above (each import rolled back)
            try:
                started = time.perf_counter()
                with transaction.atomic():
                    table, _rev = stat_table_import(cube=px_read(data), filename="bench.px", by=None)
                    seconds = time.perf_counter() - started
                    imported = seconds if imported is None else min(imported, seconds)
                    if attempt:
                        query = _query_seconds(table)
                    raise Rollback
            except Rollback:
                pass
    except DatabaseError as exc:  # no migrated database here: say so, measure the reading only
        print(f"statistics.px_import：資料庫無法使用（{exc}），只量讀檔")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    cells = len(cube.values)
    print(
        f"statistics.px_read（generated data 生成資料）: {cells:,} 格 {read:.2f} 秒（{cells / read:,.0f} 格/秒）；"
        f"基準：自寫簡易讀檔 {plain:.2f} 秒（{cells / plain:,.0f} 格/秒）；速率比 {plain / read:.2f}（須 ≥ {TARGET_RATE}）"
    )
    if imported is not None:
        print(
            f"statistics.px_import（generated data 生成資料；讀檔＋檢查＋寫入一版）：{imported:.2f} 秒（{cells / imported:,.0f} 格/秒）；"
            f"速率比（對簡易讀檔）{plain / imported:.2f}（須 ≥ {TARGET_RATE}）"
        )
    met = plain / read >= TARGET_RATE and (imported is None or plain / imported >= TARGET_RATE)
    if query is not None:
        met = met and query < TARGET_QUERY
        print(
            f"statistics.query（generated data 生成資料）: 100,000 格（2 × 10 年 × 50 區 × 100 歲）JSON-stat {query * 1000:.0f} ms（溫，須 < {TARGET_QUERY * 1000:.0f} ms）"
            f"{'，達成' if query < TARGET_QUERY else '，未達成'}"
        )
    return met


def _query_seconds(table) -> float:  # type: ignore[no-untyped-def]
    """A warm query of 100,000 cells (the revision decoded once first), best of three."""
    from mainstream.statistics.jsonstat import jsonstat_dump
    from mainstream.statistics.tables import stat_table_cube

    stat_table_cube(table)
    selection = {"年別": [str(y) for y in range(1974, 1984)], "區域": [f"D{i}" for i in range(50)]}
    return min(_timed(lambda: jsonstat_dump(stat_table_cube(table).select(selection))) for _ in range(3))


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
