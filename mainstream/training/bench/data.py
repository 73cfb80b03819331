"""The generated e-learning exports the training benchmarks and tests read (all data here is generated, and
labelled so where printed), and the benchmarks' sizes and targets."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path

ROWS = 1_000_000
PEOPLE = 70_000
YEAR = 111
TARGET_IMPORT = 0.5
TARGET_EVAL = 2.0
TARGET_MB = 500
CLASSES_ROWS = 300_000  # the distinct-combinations shape of issue 13 item 6
PEOPLE_ROWS = 1_000_000  # … and the distinct-people shape: every row a person of their own
TARGET_PG = 0.5  # PostgreSQL import against bare COPY (issue 13 item 7)
PG_SERVER = ("127.0.0.1", 55432)  # scripts/pg
UNIT_PEOPLE = 30_000  # issue 16: one unit's e-learning export of 30,000 people
TARGET_PAGE_BYTES = 300_000

HEADER = [
    "序號",
    "身分證字號",
    "姓名",
    "服務機關",
    "課程代碼",
    "課程名稱",
    "學習時數",
    "完成日期",
    "學習方式",
    "課程類別",
]
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余盧梁趙顏柯翁魏孫戴"
GIVEN = "志明俊傑淑芬美玲家豪雅婷冠宇怡君承恩宗翰佳穎建宏欣怡信宏嘉玲哲瑋宜蓁柏翰詩涵文雄素貞明德惠如"
TOPICS = [
    "性別主流化概論",
    "CEDAW 公約與實務",
    "性別影響評估操作",
    "性別統計與性別分析",
    "性別預算實務",
    "職場性騷擾防治",
    "性別工作平等法",
    "多元性別與同志平權",
    "媒體文宣性別平等檢核",
    "交織性與身心障礙女性",
    "高齡女性與照顧",
    "性別友善空間設計",
    "電影中的性別",
    "性別平等讀書會",
    "主管的性別敏感度",
    "CEDAW 一般性建議案例研討",
    "性別意識培力工作坊",
    "性別暴力防治",
    "男性處境與需求",
    "性別平等概念檢核實務",
]


def bench_dir() -> Path:
    from django.conf import settings

    path = Path(settings.BASE_DIR) / "var" / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _valid_id(rng: random.Random) -> str:
    from ..ids import check_digit

    return check_digit(rng.choice("ABCDEFGHJKLMNPQRSTUVXYWZIO") + rng.choice("12") + f"{rng.randrange(10**7):07d}")


def generate(path: Path, *, rows: int = ROWS, people: int = PEOPLE, year: int = YEAR, seed: int = 110) -> None:
    """Write a CSV like the e-learning system's export (extra 序號 column, 完成日期 spelling)."""
    from mainstream.plan.loader import bundled_plan

    rng = random.Random(seed)
    units = [u.full for u in bundled_plan().executing_units()]
    weights = [rng.choice((1, 2, 3, 5, 8, 13)) for _ in units]
    staff: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while len(staff) < people:
        pid = _valid_id(rng)
        if pid in seen:
            continue
        seen.add(pid)
        unit = rng.choices(units, weights)[0]
        staff.append((pid, rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)[:1], unit))
    courses = []
    for i in range(400):
        topic = TOPICS[i % len(TOPICS)]
        title = f"{topic}（第{i // len(TOPICS) + 1}期）"
        physical = rng.random() < 0.2
        courses.append(
            (
                f"GM{year}-{i:04d}",
                title,
                rng.choice(("1", "1.5", "2", "3") if physical else ("0.5", "1", "2")),
                "實體" if physical else "數位",
                "進階" if rng.random() < 0.15 else "基礎",
            )
        )
    per_person = rows // people
    extra = rows - per_person * people
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        n = 0
        for index, (pid, name, unit) in enumerate(staff):
            count = per_person + (1 if index < extra else 0)
            for course in rng.sample(courses, count):
                n += 1
                day = f"{year}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}"
                out.writerow((n, pid, name, unit, course[0], course[1], course[2], day, course[3], course[4]))
    tmp.replace(path)


def generate_classes(path: Path, *, rows: int, people: int = PEOPLE, year: int = YEAR, seed: int = 113) -> None:
    """An export whose every row is a class of its own (course code, title, hours, mode, level): ``rows`` distinct
    course/hours/mode combinations — the shape that once took 725 MB for 300,000 rows (issue 13 item 6)."""
    from mainstream.plan.loader import bundled_plan

    rng = random.Random(seed)
    units = [u.full for u in bundled_plan().executing_units()]
    staff: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while len(staff) < min(people, rows):
        pid = _valid_id(rng)
        if pid not in seen:
            seen.add(pid)
            staff.append((pid, rng.choice(SURNAMES) + rng.choice(GIVEN), rng.choice(units)))
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for n in range(rows):
            pid, name, unit = staff[n % len(staff)]
            title = f"{TOPICS[n % len(TOPICS)]}（第{n // len(TOPICS) + 1}期）"
            day = f"{year}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}"
            hours = ("0.5", "1", "1.5", "2", "3")[n % 5]
            mode, level = ("實體" if n % 3 == 0 else "數位"), ("進階" if n % 7 == 0 else "基礎")
            out.writerow((n + 1, pid, name, unit, f"GM{year}-{n:06d}", title, hours, day, mode, level))


def generate_unit(path: Path, *, unit: str, people: int, year: int = YEAR, seed: int = 116) -> None:
    """An export of one unit: ``people`` people with one online course each (every one still short of hours)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        while len(seen) < people:
            pid = _valid_id(rng)
            if pid in seen:
                continue
            seen.add(pid)
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)[:1]
            day = f"{year}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}"
            out.writerow(
                (len(seen), pid, name, unit, f"GM{year}-U", "性別主流化概論（機關自辦）", "1", day, "數位", "基礎")
            )


def child_json(args: list[str], env: dict[str, str]) -> dict:
    """Run ``python -m mainstream.training.bench *args`` in a process of its own (its database is ``env``'s) and
    return the JSON object its last line prints; RuntimeError with the end of its stderr when it fails."""
    run = subprocess.run(
        [sys.executable, "-m", "mainstream.training.bench", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode:
        raise RuntimeError(run.stderr[-3000:])
    return json.loads(run.stdout.strip().splitlines()[-1])
