"""``make bench`` for gender impact assessment: ``impact.count`` for a year on plain facts (no database).

Facts: 40 cases for each executing unit across 109–112 (1,880 cases; a real year has about 100), a
seventh of them urgent. Prints the rule's time against a baseline measured in the same run: one bare pass
that counts each unit's completed cases.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date


def main() -> int:
    from mainstream.evaluation.engine import Context
    from mainstream.impact.rules import AssessmentFact, AssessmentFacts, count
    from mainstream.plan.loader import bundled_plan

    plan = bundled_plan()
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    facts = AssessmentFacts(
        tuple(
            AssessmentFact(
                u.short,
                f"{u.short}-{n}",
                date(2020 + n % 4, 5, 1) if n % 3 else None,
                n % 7 == 0,
                date(2020 + n % 4, 3, 1) if n % 7 == 0 else None,
                n % 11 == 0,
                n,
            )
            for u in ctx.units
            for n in range(40)
        )
    )
    start = time.perf_counter()
    baseline = Counter(c.unit for c in facts.cases if c.completed_in(110, 110, ctx.as_of))
    base = time.perf_counter() - start
    start = time.perf_counter()
    findings = list(count(facts, ctx))
    took = time.perf_counter() - start
    print(
        f"impact.count: {len(facts.cases)} 案 → {len(findings)} 項結果 {took * 1000:.1f} ms"
        f"（基準：逐案計數 {base * 1000:.1f} ms，{len(baseline)} 機關）"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
