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
    return f"{n} 項性別統計指標、項目及複分類"
