"""Demo gender analyses for 110 and 111: some units meet 伍、四, others fall short in different ways."""

from __future__ import annotations

from datetime import date

from mainstream.units.models import Unit

from .models import Analysis
from .services import AnalysisData, analysis_mark_descriptive, analysis_record, cross_analysis_record, cross_use_record

# (unit, year, title, method, dimensions, factors, reported_on, district_data, descriptive reason, follow-up)
DEMO = [
    # 勞動局 (A, 2 a year): meets in 110; in 111 one of two is only descriptive statistics
    (
        "勞動局",
        110,
        "中高齡女性再就業之性別分析",
        "自行撰擬",
        ["性別"],
        ["年齡", "教育程度"],
        date(2021, 5, 20),
        False,
        "",
        ("增設中高齡女性職訓專班", date(2021, 9, 1)),
    ),
    (
        "勞動局",
        110,
        "職業災害勞工之性別差異",
        "委託研究",
        ["性別", "性別特質"],
        ["階級", "移工"],
        date(2021, 11, 18),
        False,
        "",
        None,
    ),
    (
        "勞動局",
        111,
        "移工性別處境研析",
        "補助研究",
        ["性別", "性別認同"],
        ["移工", "族群"],
        date(2022, 5, 19),
        False,
        "",
        None,
    ),
    (
        "勞動局",
        111,
        "就業服務站求職者男女人數",
        "自行撰擬",
        ["性別"],
        [],
        date(2022, 8, 18),
        False,
        "僅列男女人數及比例，未剖析處境差異及原因",
        None,
    ),
    # 社會局 (A): meets both years
    (
        "社會局",
        110,
        "高齡獨居者照顧需求之性別分析",
        "自行撰擬",
        ["性別"],
        ["年齡", "障礙情形"],
        date(2021, 3, 10),
        False,
        "",
        ("調整居家照顧服務時段", date(2021, 7, 1)),
    ),
    (
        "社會局",
        110,
        "跨性別者社會福利使用經驗",
        "委託研究",
        ["性別認同", "性別特質"],
        ["階級"],
        date(2021, 9, 8),
        False,
        "",
        None,
    ),
    ("社會局", 111, "單親家庭經濟處境", "研究專章", ["性別"], ["階級", "地區"], date(2022, 3, 9), False, "", None),
    ("社會局", 111, "新住民女性社會參與", "自行撰擬", ["性別"], ["移民", "文化"], date(2022, 9, 7), False, "", None),
    # 工務局 (B, 2 a year): one of two not yet reported to the task force
    ("工務局", 110, "公園設施使用者之性別分析", "自行撰擬", ["性別"], ["年齡"], date(2021, 6, 3), False, "", None),
    ("工務局", 110, "人行道無障礙設施使用者", "自行撰擬", ["性別"], ["障礙情形"], None, False, "", None),
    # 客委會 (B1, per unit 2 a year): meets 110
    ("客委會", 110, "客家女性參與公共事務", "自行撰擬", ["性別"], ["族群", "文化"], date(2021, 4, 14), False, "", None),
    (
        "客委會",
        110,
        "客家祭儀之性別分工",
        "委託研究",
        ["性別", "性別特質"],
        ["族群", "信仰"],
        date(2021, 10, 13),
        False,
        "",
        None,
    ),
    # 圖書館 (D, 1 a year)
    ("圖書館", 110, "借閱行為之性別差異", "自行撰擬", ["性別"], ["年齡", "地區"], date(2021, 8, 24), False, "", None),
    # D1: 110 from the district offices' own data (1 is enough); 111 two without it (3 needed)
    (
        "信義區公所",
        110,
        "12 區里鄰長之性別分析",
        "自行撰擬",
        ["性別"],
        ["年齡", "地區"],
        date(2021, 6, 22),
        True,
        "",
        None,
    ),
    ("大安區公所", 111, "區民活動中心使用者", "自行撰擬", ["性別"], ["年齡"], date(2022, 6, 21), False, "", None),
    (
        "大安區公所",
        111,
        "志願服務人員之性別分析",
        "自行撰擬",
        ["性別"],
        ["年齡", "教育程度"],
        date(2022, 9, 20),
        False,
        "",
        None,
    ),
    # E1 (1 every two years)
    ("財政局", 110, "公有財產租用者之性別分析", "自行撰擬", ["性別"], ["階級"], date(2021, 9, 30), False, "", None),
]


# the statistics indicators (statistics demo, loaded first) that demo analyses build on: (unit, indicator name)
DEMO_INDICATORS = {
    "中高齡女性再就業之性別分析": [("勞動局", "中高齡勞工就業人數")],
    "職業災害勞工之性別差異": [("勞動局", "職業災害勞工人數")],
}


def _demo_indicators(title: str) -> list | None:
    from mainstream.statistics.models import Indicator

    found = [
        i
        for unit, name in DEMO_INDICATORS.get(title, [])
        for i in Indicator.objects.filter(unit__short_name=unit, name=name, kind=Indicator.Kind.INDICATOR)
    ]
    return found or None


def demo_load() -> str:
    units = {u.short_name: u for u in Unit.objects.all()}
    for unit, year, title, method, dims, factors, reported_on, district, reason, follow in DEMO:
        followup, followup_on = follow or ("", None)
        analysis, _ = analysis_record(
            data=AnalysisData(
                unit=units[unit],
                year=year,
                title=title,
                method=method,
                dimensions=dims,
                factors=factors,
                groups_needs="詳見報告第 3 章",
                data_source="本機關業務統計",
                district_data=district,
                reported_on=reported_on,
                followup=followup,
                followup_on=followup_on,
                indicators=_demo_indicators(title),
            )
        )
        if reason and not analysis.descriptive_only:
            analysis_mark_descriptive(analysis=analysis, descriptive_only=True, reason=reason)
    cross = cross_analysis_record(
        year=110,
        title="本市高齡者經濟安全之性別統計分析",
        sent_on=date(2021, 4, 1),
        units=[units["社會局"], units["勞動局"], units["衛生局"]],
    )
    cross_use_record(
        cross=cross, unit=units["社會局"], used=True, how="納入高齡女性經濟安全方案規劃", recorded_on=date(2021, 8, 2)
    )
    cross_use_record(cross=cross, unit=units["勞動局"], used=False, recorded_on=date(2021, 8, 5))
    return f"性別分析 {Analysis.objects.count()} 篇、綜合分析 1 篇"
