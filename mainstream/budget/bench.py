"""``make bench`` for gender budget: ``budget.submitted`` for a year on plain facts (no database).

Facts: a submission for every executing unit in each of 109–112 (188 submissions; the plan's period holds at
most that). Prints the rule's time against a baseline measured in the same run: one bare pass over the
submissions of the year.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal


def main() -> int:
    from mainstream.budget.rules import BudgetFacts, SubmissionFact, submitted
    from mainstream.evaluation.engine import Context
    from mainstream.plan.loader import bundled_plan

    plan = bundled_plan()
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    facts = BudgetFacts(
        tuple(
            SubmissionFact(u.short, year, date(year + 1910, 8, 15), i % 5, Decimal(i * 100_000), i)
            for i, u in enumerate(ctx.units)
            for year in (109, 110, 111, 112)
        )
    )
    start = time.perf_counter()
    baseline = sum(1 for s in facts.submissions if s.year == 110 and s.lines)
    base = time.perf_counter() - start
    start = time.perf_counter()
    findings = list(submitted(facts, ctx))
    took = time.perf_counter() - start
    print(
        f"budget.submitted: {len(facts.submissions)} 份 → {len(findings)} 項結果 {took * 1000:.1f} ms"
        f"（基準：逐份掃描 {base * 1000:.3f} ms，{baseline} 份）"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
