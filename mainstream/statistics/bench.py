"""``make bench`` for gender statistics: ``statistics.new_indicator`` for a year on plain facts (no database).

Facts: 400 catalogue entries for each of the 47 executing units, added over 104–112 (18,800 entries), far more
than a real catalogue holds (a few dozen per unit). Prints the rule's time against a baseline measured in the
same run: one bare pass that counts each unit's entries added in the window.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, timedelta


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
        f"statistics.new_indicator: {len(facts.indicators)} 項 → {len(findings)} 項結果 {took * 1000:.1f} ms"
        f"（基準：逐項計數 {base * 1000:.1f} ms，{len(baseline)} 機關）"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
