"""ROC (民國) years and dates: parsing what users type and showing what users read.

ROC year = AD year − 1911. Dates are shown as 110/03/05.
"""

from __future__ import annotations

import re
from datetime import date, datetime

ROC_OFFSET = 1911

_SEP = re.compile(r"^\s*(\d{2,4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT_ROC = re.compile(r"^\s*(\d{2,3})(\d{2})(\d{2})\s*$")  # 1100305 or 990305


def to_ad_year(year: int) -> int:
    """An ROC or AD year as AD (years below 1000 are ROC)."""
    return year + ROC_OFFSET if year < 1000 else year


def to_roc_year(year: int) -> int:
    """An ROC or AD year as ROC."""
    return year - ROC_OFFSET if year >= 1000 else year


def parse_year(text: str | int) -> int:
    """'110', '民國110年', '2021' → 110 (ROC). Raises ValueError."""
    if isinstance(text, int):
        return to_roc_year(text)
    cleaned = str(text).strip().removeprefix("民國").removesuffix("年").strip()
    if not cleaned.isdigit():
        raise ValueError(f"「{text}」不是年度")
    return to_roc_year(int(cleaned))


def parse_date(value: str | date | datetime) -> date:
    """Parse an ROC or ISO date: 110/3/5, 110.03.05, 1100305, 110年3月5日, 2021-03-05.

    Raises ValueError with a message in Traditional Chinese.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = _SEP.match(text) or _COMPACT_ROC.match(text)
    if not m:
        raise ValueError(f"「{text}」不是日期（請用 110/3/5、110.03.05、1100305 或 2021-03-05）")
    y, mo, d = (int(g) for g in m.groups())
    try:
        return date(to_ad_year(y), mo, d)
    except ValueError:
        raise ValueError(f"「{text}」不是有效的日期") from None


def format_date(value: date | datetime | None) -> str:
    """date(2021, 3, 5) → '110/03/05'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.year - ROC_OFFSET:03d}/{value.month:02d}/{value.day:02d}".lstrip("0")


def year_end(roc_year: int) -> date:
    return date(to_ad_year(roc_year), 12, 31)


def year_start(roc_year: int) -> date:
    return date(to_ad_year(roc_year), 1, 1)


def roc_year_of(value: date) -> int:
    return value.year - ROC_OFFSET
