"""``make bench`` for the mechanism: every task force rule for a year, on plain facts (no database).

Facts: 28 task forces × 40 members × 12 meetings with full attendance (13,440 attendance rows), far more
than a real year (about 100 meetings). Prints the time of the eight task force rules against a baseline
measured in the same run: one bare pass that counts the present members of every meeting.
"""

from __future__ import annotations

import time
from datetime import date, timedelta


def main() -> int:
    from mainstream.evaluation.engine import Context
    from mainstream.mechanism.derive import taskforce_specs
    from mainstream.mechanism.rules import meetings as mr
    from mainstream.mechanism.rules import taskforces as r
    from mainstream.mechanism.validity import AttendanceFact, MemberFact
    from mainstream.plan.loader import bundled_plan

    plan = bundled_plan()
    ctx = Context.for_plan(plan, 110, as_of=date(2022, 1, 10))
    kinds = ["external"] * 5 + ["internal"] * 25 + ["liaison"] * 10
    members, meetings = {}, {}
    for spec in taskforce_specs(plan, ctx.lead_units):
        ms = tuple(
            MemberFact(
                f"{spec.code}{i}",
                "女" if i % 2 else "男",
                k,
                date(2021, 1, 1),
                None,
                i == 0,
                spec.units[0] if k == "liaison" else None,
                (10,) if i < 2 else (),
            )
            for i, k in enumerate(kinds)
        )
        members[spec.code] = ms
        meetings[spec.code] = tuple(
            r.MeetingFact(
                spec.code,
                f"第{n}次",
                date(2021, 1, 10) + timedelta(days=28 * n),
                ("result_report", "work_plan"),
                tuple(AttendanceFact(m.name, "present" if (i + n) % 3 else "no_show", None) for i, m in enumerate(ms)),
                n,
            )
            for n in range(12)
        )
    facts = r.TaskForceFacts(members, meetings, (), (r.WrpcTermFact(10, date(2020, 1, 1), date(2021, 12, 31)),))
    checks = [
        r.convener,
        r.external_members,
        r.wrpc_member,
        r.liaison_members,
        r.gender_ratio,
        mr.meetings,
        mr.results_report,
        mr.work_plan,
    ]

    t0 = time.perf_counter()
    for _ in range(5):
        present = [sum(a.status == "present" for a in m.attendance) for ms in meetings.values() for m in ms]
    baseline = (time.perf_counter() - t0) / 5
    t0 = time.perf_counter()
    for _ in range(5):
        found = [f for check in checks for f in check(facts, ctx)]
    rules = (time.perf_counter() - t0) / 5
    rows = sum(len(m.attendance) for ms in meetings.values() for m in ms)
    print(f"任務編組規則 8 條 × 28 個小組（{len(found)} 項發現，{rows} 筆出席紀錄，{len(present)} 場會議）")
    print(f"規則耗時為基準（單純計數出席人數）的 {rules / baseline:.1f} 倍")
    return 0


if __name__ == "__main__":
    import django

    django.setup()
    raise SystemExit(main())
