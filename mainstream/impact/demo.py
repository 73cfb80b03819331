"""Demo gender impact assessments: at least one case in each step of 伍、五、(一), and 110/111 counts
where some units meet 伍、五、(三) and others fall short."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mainstream.units.models import Unit

from .models import Assessment, Suggestion
from .services import AssessmentData, assessment_record, expert_record, suggestion_record

EXPERTS = [
    ("王小明", "臺北市性別人才資料庫"),
    ("李大華", "女權會委員"),
    ("陳美玲", "婦權基金會人才資料庫"),
]


def _case(
    units, unit: str, title: str, type_: str, form: str, *, step: int, year: int = 110, **extra
) -> AssessmentData:
    """A case that has gone through steps 1..step (dates within ``year``)."""
    ad = year + 1911
    data = AssessmentData(unit=units[unit], title=title, type=type_, form=form)
    if step >= 1:
        data = replace(data, gathered_on=date(ad, 2, 1), gathered_note="蒐集業務性別統計並諮詢性平聯絡人")
    if step >= 2:
        data = replace(data, form_filled_on=date(ad, 2, 20))
    if step >= 3:
        data = replace(data, participation="專家學者", participation_on=date(ad, 3, 10))
    if step >= 4:
        data = replace(data, adoption="全部參採", adopted_on=date(ad, 3, 31))
    if step >= 5:
        data = replace(data, reported_on=date(ad, 5, 20))
    if step >= 6:
        data = replace(data, reviewed_on=date(ad, 6, 30), review_note="依主責管考單位程序審核完竣")
    return replace(data, **extra)


def demo_load() -> str:
    from .models import Expert

    for name, qualification in EXPERTS:
        expert_record(name=name, qualification=qualification)
    wang, lee = Expert.objects.get(name="王小明"), Expert.objects.get(name="李大華")
    units = {u.short_name: u for u in Unit.objects.all()}
    A, R, W = "自治條例", "重大施政計畫", "公共工程中程計畫"
    cases = [
        # one case in each step of the workflow (the first has not started: step 1 is due)
        _case(units, "衛生局", "長期照顧服務自治條例制定案", A, "法案", step=0, year=111),
        _case(units, "工務局", "市民運動中心新建工程中程計畫", W, "一般", step=1, year=111),
        _case(units, "社會局", "托育補助自治條例修正草案", A, "法案", step=2, year=111),
        _case(units, "勞動局", "職業訓練中心整建計畫", W, "一般", step=3, year=111, expert=wang),
        _case(
            units,
            "文化局",
            "藝文補助計畫",
            R,
            "一般",
            step=4,
            year=111,
            expert=lee,
            adoption="部分參採",
            not_adopted_reason="場館設置涉及中央補助規定，另案研議",
        ),
        _case(
            units,
            "圖書館",
            "防疫期間閱覽開放措施",
            R,
            "一般",
            step=4,
            expert=wang,
            urgent=True,
            office_confirmed_on=date(2021, 6, 1),
        ),  # step 5 by the office; the task-force report is due
        _case(units, "社會局", "老人福利服務計畫", R, "一般", step=6, expert=lee),
        # 勞動局 (A, 4 a year): 4 completed in 110 — meets; 111 has one in step 3 only — falls short
        *[
            _case(units, "勞動局", t, k, f, step=5, expert=wang)
            for t, k, f in [
                ("就業服務自治條例修正案", A, "法案"),
                ("職場平權推動計畫", R, "一般"),
                ("身心障礙者就業促進計畫", R, "一般"),
                ("勞工大學課程計畫", R, "一般"),
            ]
        ],
        # 社會局 (A): 2 completed in 110 — short of 4
        _case(units, "社會局", "婦女福利服務中心營運計畫", R, "一般", step=5, participation="性平小組"),
        # 工務局 (B, 2 a year): 2 completed in 110
        _case(units, "工務局", "公園親子廁所改善計畫", W, "一般", step=5, expert=lee),
        _case(units, "工務局", "人行環境改善中程計畫", W, "一般", step=6, expert=lee),
        _case(units, "工務局", "河濱公園設施更新計畫", W, "一般", step=5, year=111, expert=wang),
        _case(units, "工務局", "市區道路照明改善計畫", W, "一般", step=5, year=111, participation="性平小組"),
        # D1: a case of the twelve district offices (shared bill/plan and data) — enough for the group in 110
        _case(
            units,
            "信義區公所",
            "12 區里辦公處設施改善計畫",
            R,
            "一般",
            step=5,
            district_shared=True,
            participation="性平小組",
        ),
        # E1 (1 every two years)
        _case(units, "財政局", "公有房地標租作業計畫", R, "一般", step=5, expert=wang),
    ]
    for data in cases:
        if data.participation == "專家學者" and data.expert is None:
            data = replace(data, expert=wang)
        assessment_record(data=data)
    art = Assessment.objects.get(title="藝文補助計畫")
    if not Suggestion.objects.filter(assessment=art).exists():
        suggestion_record(assessment=art, text="補助審查委員任一性別不少於三分之一", adopted=True)
        suggestion_record(
            assessment=art,
            text="增設女性藝術家專屬補助類別",
            adopted=False,
            reason="場館設置涉及中央補助規定，另案研議",
        )
    return f"性別平等專家學者 {len(EXPERTS)} 位、性別影響評估 {Assessment.objects.count()} 案"
