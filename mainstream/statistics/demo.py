"""Demo catalogue: entries from before the plan, and new ones in 109–111 so that some units meet
伍、三、(二)、2、A in the 109–110 window and others fall short; in 111–112 (open) some already added."""

from __future__ import annotations

from datetime import date

from mainstream.units.models import Unit

from .models import Indicator
from .services import IndicatorData, indicator_record

IND, ITEM, SUB = Indicator.Kind.INDICATOR, Indicator.Kind.ITEM, Indicator.Kind.SUBCLASS

# unit → rows (kind, name, parent path, added on, source, frequency, international, sex variable)
DEMO: dict[str, list[tuple[str, str, tuple[str, ...], date, str, str, str, bool]]] = {
    "勞動局": [  # 109–110: an indicator in 109 (counts for 110); 111: a sub-classification
        (IND, "職業災害勞工人數", (), date(2017, 3, 1), "勞動檢查處", "年", "SDGs 8.8.1", True),
        (ITEM, "失能職災", ("職業災害勞工人數",), date(2017, 3, 1), "", "", "", True),
        (IND, "中高齡勞工就業人數", (), date(2020, 9, 10), "就業服務處", "年", "", True),
        (SUB, "年齡", ("職業災害勞工人數",), date(2022, 4, 1), "", "", "", True),
    ],
    "社會局": [  # 109–110: an item and a sub-classification in 110; nothing yet in 111
        (IND, "身心障礙者人數", (), date(2016, 1, 5), "社會局", "季", "CRPD", True),
        (ITEM, "身心障礙者就業人數", ("身心障礙者人數",), date(2021, 5, 3), "", "", "", True),
        (SUB, "區域", ("身心障礙者人數", "身心障礙者就業人數"), date(2021, 5, 3), "", "", "", True),
    ],
    "工務局": [  # B: nothing new in 109–110 (unmet); an indicator in 111
        (IND, "公園親子廁所數", (), date(2018, 6, 1), "公園路燈工程管理處", "年", "", False),
        (IND, "公共工程女性工程師人數", (), date(2022, 3, 15), "工務局", "年", "SDGs 5.5.2", True),
    ],
    "客委會": [  # B1: a sub-classification in 110
        (IND, "客家語言能力認證人數", (), date(2018, 2, 1), "客委會", "年", "", True),
        (SUB, "教育程度", ("客家語言能力認證人數",), date(2021, 11, 30), "", "", "", True),
    ],
    "主計處": [  # C: its own catalogue of city-wide indicators, new in 109
        (IND, "臺北市性別平等指標", (), date(2020, 2, 20), "主計處", "年", "GII", True),
    ],
    "財政局": [  # E1: nothing new in 109–110
        (IND, "稅捐稽徵人員數", (), date(2015, 7, 1), "稅捐稽徵處", "年", "", True),
    ],
}


def demo_load() -> str:
    n = 0
    for short, rows in DEMO.items():
        unit = Unit.objects.get(short_name=short)
        by_path: dict[tuple[str, ...], Indicator] = {}
        for kind, name, parent_path, added_on, source, frequency, international, sex in rows:
            parent = by_path[parent_path] if parent_path else None
            indicator, _ = indicator_record(
                data=IndicatorData(unit, kind, name, added_on, parent, source, frequency, international, sex)
            )
            by_path[(*parent_path, name)] = indicator
            n += 1
    tables = stat_tables_demo()
    return f"{n} 項性別統計指標、項目及複分類，{tables} 張統計表"


SIX_CITIES = ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市"]
SIX_CITIES_EN = ["Taipei City", "New Taipei City", "Taoyuan City", "Taichung City", "Tainan City", "Kaohsiung City"]


def stat_tables_demo() -> int:
    """Demo tables (illustrative numbers, not official statistics): sex × year, and a six-city comparison."""
    from .models import StatTable
    from .px import Category, Cube, Dimension
    from .services import stat_table_import

    sex = Dimension("性別", "性別", [Category("M", "男", "Male"), Category("F", "女", "Female")], "Sex", "sex")
    years = Dimension(
        "年別", "年別", [Category(str(y + 1911), str(y), str(y + 1911)) for y in range(108, 113)], "Year", "time"
    )
    cities = Dimension(
        "區域",
        "區域",
        [Category(f"C{i}", c, e) for i, (c, e) in enumerate(zip(SIX_CITIES, SIX_CITIES_EN, strict=True))],
        "Area",
        "area",
    )
    male = [66.5, 66.1, 65.8, 66.0, 66.3]
    female = [51.0, 51.4, 51.2, None, 52.9]
    labour = Cube(
        "G0101",
        "臺北市勞動力參與率按性別及年別分",
        [sex, years],
        male + female,
        {8: "..."},
        title_en="Labour force participation rate by sex and year, Taipei City",
        units="%",
        units_en="%",
        source="主計處（示範資料）",
        source_en="DBAS (demo data)",
        decimals=1,
    )
    six = Cube(
        "G0201",
        "六都女性勞動力參與率",
        [cities, years],
        [v + d for d in (0.0, -1.8, -0.9, -0.4, -2.6, -1.5) for v in (51.0, 51.4, 51.2, 52.1, 52.9)],
        title_en="Female labour force participation rate, six special municipalities",
        units="%",
        units_en="%",
        source="主計處（示範資料）",
        source_en="DBAS (demo data)",
        decimals=1,
    )
    unit = Unit.objects.get(short_name="主計處")
    indicator = Indicator.objects.filter(unit=unit, name="臺北市性別平等指標").first()
    for cube in (labour, six):
        stat_table_import(cube=cube, filename="demo", unit=unit, by=None)
    StatTable.objects.filter(code__in=["G0101", "G0201"]).update(indicator=indicator)
    return 2
