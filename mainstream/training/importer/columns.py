"""The training export's columns (headers and their aliases) and the values its cells may hold."""

from __future__ import annotations

import re

from mainstream.imports.schema import Column, normalise_header

from ..models import Level, Mode

COLUMNS: tuple[Column, ...] = (
    Column(
        "身分證字號",
        aliases=(
            "身分證號",
            "身分證統一編號",
            "身分證字號/居留證號",
            "身分證號/居留證號",
            "居留證號",
            "統一證號",
            "證號",
            "身分證",
            "身份證字號",
            "身份證號",
        ),
        help="身分證字號或居留證號（新舊式皆可）；系統只保存雜湊與遮蔽後的號碼",
        example="A123456789",
    ),
    Column("姓名", aliases=("學員姓名", "人員姓名", "名字"), example="王小明"),
    Column(
        "服務機關",
        aliases=("機關名稱", "服務單位", "機關", "任職機關", "服務機關名稱", "機關全銜"),
        help="機關全銜或簡稱",
        example="臺北市政府勞動局",
    ),
    Column("課程名稱", aliases=("課程", "班期名稱", "班別名稱", "課程名稱(班期)", "開班名稱"), example="CEDAW 概論"),
    Column(
        "學習時數",
        aliases=("時數", "認證時數", "學習時數(小時)", "訓練時數", "時數(小時)", "認證時數(小時)"),
        help="小時，可有小數，例如 1.5",
        example="2",
    ),
    Column(
        "上課日期",
        aliases=("完成日期", "學習日期", "訓練日期", "結訓日期", "認證日期", "上課日期(起)", "完成時間"),
        help="110/3/5、1100305 或 2021-03-05；須在匯入年度內",
        example="110/03/05",
    ),
    Column(
        "學習方式",
        aliases=("上課方式", "學習型態", "實體/數位", "課程性質", "授課方式", "學習管道"),
        help="實體 或 數位",
        choices=("實體", "數位"),
        example="數位",
    ),
    Column(
        "課程類別",
        aliases=("課程等級", "類別", "課程屬性", "基礎/進階"),
        help="基礎 或 進階",
        example="基礎",
        choices=("基礎", "進階"),
    ),
    Column("課程代碼", required=False, aliases=("課程編號", "班期代碼", "代碼", "班期代號"), example="GM110-01"),
)
HEADER_MAP = {normalise_header(n): c.name for c in COLUMNS for n in (c.name, *c.aliases)}

MODES = {
    "實體": Mode.PHYSICAL,
    "實體課程": Mode.PHYSICAL,
    "面授": Mode.PHYSICAL,
    "實體班": Mode.PHYSICAL,
    "數位": Mode.DIGITAL,
    "數位課程": Mode.DIGITAL,
    "數位學習": Mode.DIGITAL,
    "線上": Mode.DIGITAL,
    "線上課程": Mode.DIGITAL,
    "e-learning": Mode.DIGITAL,
    "elearning": Mode.DIGITAL,
    "網路": Mode.DIGITAL,
}
LEVELS = {
    "基礎": Level.BASIC,
    "基礎課程": Level.BASIC,
    "基礎班": Level.BASIC,
    "初階": Level.BASIC,
    "進階": Level.ADVANCED,
    "進階課程": Level.ADVANCED,
    "進階班": Level.ADVANCED,
}

_TITLE_NOISE = re.compile(r"[\s\u3000()（）\[\]【】〔〕「」『』:：,，.。、\-－—_]|第\S{1,3}[期梯班場]|\d{2,3}年度?")


def title_key(title: str) -> str:
    """A course title reduced for "the same or nearly the same course" (伍、二、(五)): 'CEDAW概論（第2梯次）'
    and 'CEDAW 概論' give the same key."""
    return _TITLE_NOISE.sub("", title).lower()[:200]
