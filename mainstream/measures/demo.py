"""Demo measures for 110 and 111: some units meet 陸、一, others fall short in different ways."""

from __future__ import annotations

from datetime import date

from mainstream.units.models import Unit

from .services import MeasureData, measure_record

# unit → (year → list of (category, item, title)); the quotas are in the plan file.
DEMO = {
    "勞動局": {  # A: 5 categories, 7 items — meets in 110, short of categories in 111
        110: [
            (1, 2, "職場育兒友善輔導"),
            (1, 4, "男性育嬰留停宣導"),
            (2, 3, "職訓 KPI 分設男女目標值"),
            (3, 2, "補助工會推動性別平等"),
            (4, 1, "職訓中心哺集乳室改善"),
            (5, 1, "性別平等勞動講座"),
            (5, 3, "婦女節勞動權益活動"),
        ],
        111: [
            (1, 2, "職場育兒友善輔導"),
            (1, 4, "男性照顧者支持"),
            (2, 3, "職訓 KPI 分設男女目標值"),
            (5, 1, "性別平等勞動講座"),
            (5, 4, "多元宣導勞動權益"),
            (5, 5, "自製性平文宣"),
            (1, 3, "身障女性就業"),
        ],
    },
    "社會局": {  # A: meets both years
        110: [
            (1, 1, "少子化托育政策"),
            (1, 3, "高齡女性照顧"),
            (2, 1, "同志家庭服務"),
            (3, 2, "補助婦女團體"),
            (4, 1, "親子廁所設置"),
            (5, 3, "臺灣女孩日活動"),
            (6, 1, "社工性平教材"),
        ],
        111: [
            (1, 1, "少子化托育政策"),
            (1, 3, "高齡女性照顧"),
            (2, 2, "跨性別者需求研析"),
            (3, 2, "補助婦女團體"),
            (4, 4, "性別友善服務專區"),
            (5, 3, "臺灣女孩日活動"),
            (6, 1, "社工性平教材"),
        ],
    },
    "工務局": {  # B: 4 categories, 5 items — short of items in 110
        110: [
            (3, 1, "所屬機關性平實施計畫"),
            (4, 1, "公園親子廁所"),
            (4, 3, "活動場地友善設施"),
            (5, 2, "活動融入性平"),
        ],
        111: [
            (3, 1, "所屬機關性平實施計畫"),
            (4, 1, "公園親子廁所"),
            (4, 3, "活動場地友善設施"),
            (5, 2, "活動融入性平"),
            (2, 3, "工程 KPI 分設男女目標值"),
        ],
    },
    "客委會": {  # B1: 4 categories, 5 items
        110: [
            (1, 2, "客家婦女創業"),
            (3, 2, "補助客家社團"),
            (5, 1, "客家性平講座"),
            (6, 3, "客語性平繪本"),
            (5, 3, "母親節活動"),
        ],
    },
    "主計處": {  # C: 3 categories, 3 items
        110: [(2, 5, "統計支援決策融入性別"), (5, 4, "性別統計宣導"), (6, 2, "性別統計案例彙編")],
        111: [(2, 5, "統計支援決策融入性別"), (5, 4, "性別統計宣導")],
    },
    "財政局": {  # E1: 2 categories, 3 items
        110: [(3, 3, "評鑑納入性平加分"), (5, 2, "活動融入性平"), (5, 4, "稅務宣導多元")],
    },
    "圖書館": {  # D: 3 categories, 5 items
        110: [
            (4, 4, "親子閱讀友善專區"),
            (5, 1, "性平書展"),
            (5, 3, "國際反恐同日書展"),
            (6, 3, "性平繪本導讀"),
            (5, 2, "說故事融入性平"),
        ],
    },
    "松山區公所": {  # D1: 2 categories, 3 items
        110: [(5, 1, "里民性平講座"), (4, 3, "活動場地哺乳室")],
    },
}


def demo_load() -> str:
    count = 0
    for short, years in DEMO.items():
        unit = Unit.objects.get(short_name=short)
        for year, rows in years.items():
            for n, (category, item, title) in enumerate(rows, start=1):
                when = date(year + 1911, min(12, 1 + n), 10)
                _, outcome = measure_record(
                    data=MeasureData(unit, year, title, category, item, when, f"{title}（示範）")
                )
                count += outcome == "created"
    return f"新增 {count} 項具體措施"
