"""Demo gender budget for 110 and 111: some units submitted, others did not (or not yet), and 主計處's
compilation guidance for 111 (伍、六、(二): set in 110 before the 111 budget is drafted)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mainstream.units.models import Unit

from .services import BudgetLineData, budget_guidance_set, budget_line_record, budget_submit

# (unit, year) → (submitted on or None, [(programme, amount, purpose, new)])
DEMO: dict[tuple[str, int], tuple[date | None, list[tuple[str, int, str, bool]]]] = {
    ("勞動局", 110): (
        date(2020, 8, 14),
        [
            ("中高齡婦女再就業方案", 1_200_000, "提升中高齡女性勞動參與率", False),
            ("職場托育設施補助", 800_000, "支持員工兼顧育兒與工作", False),
        ],
    ),
    ("勞動局", 111): (
        date(2021, 8, 13),
        [
            ("中高齡婦女再就業方案", 1_300_000, "提升中高齡女性勞動參與率", False),
            ("男性照顧者職場支持", 450_000, "鼓勵男性申請育嬰留職停薪", True),
        ],
    ),
    ("社會局", 110): (date(2020, 8, 20), [("托育公共化", 25_000_000, "減輕家庭照顧負擔", False)]),
    ("社會局", 111): (None, [("托育公共化", 26_000_000, "減輕家庭照顧負擔", False)]),  # drafted, not submitted
    ("都委會", 110): (date(2020, 8, 28), [("都市計畫性別友善設計審議", 60_000, "公共空間納入性別友善設計", True)]),
    ("客委會", 110): (date(2020, 8, 25), [("客家女性文化人才培育", 900_000, "培力客家女性參與公共事務", True)]),
    ("客委會", 111): (date(2021, 8, 25), [("客家女性文化人才培育", 950_000, "培力客家女性參與公共事務", False)]),
    ("工務局", 111): (date(2021, 9, 1), [("公園親子廁所增設", 3_500_000, "友善照顧者之公共設施", True)]),
    # 工務局 110 and 財政局 both years: no gender budget (unmet)
}

GUIDANCE = {
    111: (
        "一、各機關構編列 111 年度性別預算，應參酌行政院性別預算作業方式，以具性別目標之計畫為範圍。\n"
        "二、每一計畫應敘明性別目標說明及預期效益，並註記是否為新增計畫。\n"
        "三、請於 110 年 8 月底前隨概算提交主計處。"
    ),
    112: "一、延續 111 年度編列原則。\n二、新增計畫應附性別分析或性別統計依據。",
}


def demo_load() -> str:
    lines = submitted = 0
    for (short, year), (on, rows) in DEMO.items():
        unit = Unit.objects.get(short_name=short)
        for programme, amount, purpose, new in rows:
            budget_line_record(data=BudgetLineData(unit, year, programme, Decimal(amount), purpose, new))
            lines += 1
        if on is not None:
            budget_submit(unit=unit, year=year, on=on)
            submitted += 1
    for year, text in GUIDANCE.items():
        budget_guidance_set(year=year, text=text)
    return f"{lines} 項性別預算、{submitted} 份提交、{len(GUIDANCE)} 年度編列原則"
