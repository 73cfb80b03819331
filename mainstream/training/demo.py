"""Demo training data for 110 and 111: rosters, courses and a few thousand training records.

Most units meet their hours; some fall short in different ways (see ``SHORTFALLS``). Loaded through the
real services (the roster write and the streaming import), so running it again adds nothing.
"""

from __future__ import annotations

import csv
import random
import tempfile
from decimal import Decimal
from pathlib import Path

from mainstream.plan.selectors import plan_in_force
from mainstream.units.models import Unit

from .ids import check_digit, id_hash, id_mask
from .importer import training_import
from .services import CourseData, StaffRow, course_record, staff_import_write

YEARS = (110, 111)
# unit → (year → what goes wrong)
SHORTFALLS = {
    "社會局": {111: "gender_staff"},  # a liaison with 18 hours of which only 5.5 advanced
    "衛生局": {110: "supervisor", 111: "supervisor"},  # supervisors short of 3 hours
    "勞動局": {110: "low_physical", 111: "improving_physical"},  # below 30% but improving
    "客委會": {111: "falling_physical"},  # below 30% and lower than the year before
    "文化局": {111: "no_course"},  # ran no physical course of its own
    "警察局": {111: "general"},  # many general staff short
    "觀傳局": {111: "press"},  # a social-media editor without hours
}
SIZES = {"general": 24, "supervisor": 4, "gender_staff": 2, "worker": 3}
ONLINE = [
    ("CEDAW 概論", "2", "基礎"),
    ("性別主流化概論", "1", "基礎"),
    ("性別影響評估進階實務", "3", "進階"),
    ("性別統計與性別分析進階", "3", "進階"),
    ("媒體文宣性別平等檢核", "3", "基礎"),
]


def _person(rng: random.Random, n: int) -> str:
    return check_digit(f"{'ABCDEFGHJKLMNPQ'[n % 15]}{rng.choice('12')}{n:07d}")


def demo_load() -> str:
    plan = plan_in_force(min(YEARS))
    district = plan.district_group()  # the district offices run joint courses (伍、二、(三)、3)
    rng = random.Random(2021)
    units = {u.short_name: u for u in Unit.objects.filter(kind="executing")}
    roster: list[StaffRow] = []
    rows: dict[int, list[list[str]]] = {year: [] for year in YEARS}
    courses = 0
    n = 0
    for spec in plan.executing_units():
        unit = units[spec.short]
        people: list[tuple[str, str, list[str]]] = []
        for category, size in SIZES.items():
            for _ in range(size if spec.short != "都委會" else 1):
                n += 1
                people.append((_person(rng, n), f"示範人員{n:04d}", [category]))
        people[0][2].append("press")  # a supervisor-or-general who is also the press liaison
        n += 1
        people.append((_person(rng, n), f"示範人員{n:04d}", ["social_editor"]))
        for year in YEARS:
            flaw = SHORTFALLS.get(spec.short, {}).get(year)
            for number, name, categories in people:
                roster.append(StaffRow(id_hash(number), id_mask(number), name, unit, tuple(categories), year))
            own = f"{spec.short}{year}年性別意識培力課程"
            if flaw != "no_course" and spec.group != district and spec.short != "都委會":
                course_record(
                    data=CourseData(
                        year=year,
                        title=own,
                        organiser=unit,
                        hours=Decimal(3),
                        form=rng.choice(["講授", "工作坊", "電影賞析", "讀書會"]),
                        audience="本機關同仁",
                        categories=("general", "supervisor"),
                        lecturer="外聘講師",
                        surveyed=30,
                        satisfaction=Decimal("4.5"),
                        date=None,
                    )
                )
                courses += 1
            rate = {"low_physical": 0.0, "improving_physical": 0.1, "falling_physical": 0.0}.get(flaw, 0.4)
            if spec.short == "客委會" and year == 110:
                rate = 0.25
            for index, (number, name, categories) in enumerate(people):
                date = f"{year}/{rng.randint(1, 11):02d}/{rng.randint(1, 28):02d}"
                short = (
                    (flaw == "general" and "general" in categories and index % 3 == 0)
                    or (flaw == "supervisor" and "supervisor" in categories and index % 2 == 0)
                    or (flaw == "press" and categories == ["social_editor"])
                )
                if short:
                    if flaw != "press":
                        rows[year].append([number, name, spec.full, "性別主流化概論", "1", date, "數位", "基礎"])
                    continue
                rows[year].append([number, name, spec.full, "CEDAW 概論", "2", date, "數位", "基礎"])
                rows[year].append([number, name, spec.full, "性別主流化概論", "1", date, "數位", "基礎"])
                if "gender_staff" in categories:
                    advanced = "2.5" if flaw == "gender_staff" else "3"
                    rows[year].append([number, name, spec.full, "性別影響評估進階實務", advanced, date, "數位", "進階"])
                    rows[year].append([number, name, spec.full, "性別統計與性別分析進階", "3", date, "數位", "進階"])
                    rows[year].append([number, name, spec.full, "性別平等工作坊（一）", "6", date, "實體", "基礎"])
                    rows[year].append(
                        [
                            number,
                            name,
                            spec.full,
                            "性別平等工作坊（二）",
                            "3.5" if flaw == "gender_staff" else "3",
                            date,
                            "實體",
                            "基礎",
                        ]
                    )
                if "worker" in categories or (index % 10) < rate * 10:
                    title = own if spec.group != district and flaw != "no_course" else "區公所聯合性別平等講座"
                    rows[year].append([number, name, spec.full, title, "3", date, "實體", "基礎"])
    for year, lead in ((110, "信義區公所"), (111, "大安區公所")):
        course_record(
            data=CourseData(
                year=year,
                title="區公所聯合性別平等講座",
                organiser=units[lead],
                hours=Decimal(3),
                form="座談會",
                joint_units=tuple(units[u.short] for u in plan.group_units(district) if u.short != lead),
            )
        )
        courses += 1
    # 公訓處's courses for the classes of staff (伍、二、(三)、1): every class in 110; in 111 none for 職工 (class 4)
    institute = {
        110: (
            ("性平業務相關人員進階研習", ("gender_staff",)),
            ("職工性別平等講座", ("worker",)),
            ("新聞聯絡人及社群小編性別平等研習", ("press", "social_editor")),
        ),
        111: (("性平業務相關人員進階研習", ("gender_staff",)), ("媒體文宣性別檢核實務", ("press", "social_editor"))),
    }
    for year, titles in institute.items():
        for title, categories in titles:
            course_record(
                data=CourseData(
                    year=year,
                    title=title,
                    organiser=units["公訓處"],
                    hours=Decimal(3),
                    form="工作坊",
                    audience="本府各機關人員",
                    categories=categories,
                    date=None,
                )
            )
            courses += 1
    staff = staff_import_write(roster)
    created = 0
    header = ["身分證字號", "姓名", "服務機關", "課程名稱", "學習時數", "上課日期", "學習方式", "課程類別"]
    with tempfile.TemporaryDirectory() as folder:
        for year, data in rows.items():
            path = Path(folder) / f"training-{year}.csv"
            with path.open("w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows([header, *data])
            result = training_import(path=path, year=year)
            if not result.ok:
                raise RuntimeError(f"demo training {year}: {result.errors[:3]}")
            created += result.created
    total = sum(len(r) for r in rows.values())
    return (
        f"培力：名冊 {len(roster)} 筆（新增 {staff.created}）、課程 {courses} 班、訓練紀錄 {total} 筆（新增 {created}）"
    )
