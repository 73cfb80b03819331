"""``make bench`` for gender analysis: ``analysis.count`` for a year on plain facts (no database).

Facts: 40 reports a year for each of the 47 executing units over 109–112 (7,520 reports), far more than the plan's
period holds (about 120 a year). Prints the rule's time against a baseline measured in the same run: one bare
pass that counts each unit's reports. The rule also builds every finding's evidence labels.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date


def main() -> int:
    from mainstream.analysis.rules import AnalysisFact, AnalysisFacts, count
    from mainstream.evaluation.engine import Context
    from mainstream.plan.loader import bundled_plan

    plan = bundled_plan()
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    facts = AnalysisFacts(
        tuple(
            AnalysisFact(
                u.short,
                year,
                f"{u.short}{year}-{n}",
                date(year + 1911, 6, 1) if n % 3 else None,
                n % 7 == 0,
                n % 5 == 0,
                n,
            )
            for u in ctx.units
            for year in (109, 110, 111, 112)
            for n in range(40)
        )
    )
    start = time.perf_counter()
    baseline = Counter(a.unit for a in facts.analyses if a.year == 110 and a.counts(ctx.as_of))
    base = time.perf_counter() - start
    start = time.perf_counter()
    findings = list(count(facts, ctx))
    took = time.perf_counter() - start
    print(
        f"analysis.count: {len(facts.analyses)} 篇 → {len(findings)} 項結果 {took * 1000:.1f} ms"
        f"（基準：逐篇計數 {base * 1000:.1f} ms，{len(baseline)} 機關）"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
