"""伍、二、(五) on real records: 「各執行辦理單位派訓時應避免受訓人員重複參訓雷同課程」 — a unit's page shows the people
who took the same or a 雷同 course twice in the year, and its own courses whose titles are 雷同 (advice, not a duty)."""

from __future__ import annotations

from decimal import Decimal

from mainstream.training.ids import check_digit
from mainstream.training.importer import training_import
from mainstream.training.selectors import repeat_course_list, unit_page_get
from mainstream.training.services import CourseData, course_record
from mainstream.units.models import Unit

A = check_digit("A12345678")
B = check_digit("F22222222")
HEADER = ["身分證字號", "姓名", "服務機關", "課程名稱", "學習時數", "上課日期", "學習方式", "課程類別"]


def write_csv(path, rows):
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_people_who_took_a_similar_course_twice_are_listed_and_series_are_not(registry, make_user, tmp_path):
    rows = [
        [A, "王小明", "勞動局", "CEDAW 概論", "2", "111/03/05", "數位", "基礎"],
        [A, "王小明", "勞動局", "CEDAW 公約概論", "2", "111/06/05", "數位", "基礎"],  # 雷同: listed
        [B, "林美玲", "勞動局", "性別平等工作坊（一）", "3", "111/03/05", "實體", "基礎"],
        [B, "林美玲", "勞動局", "性別平等工作坊（二）", "3", "111/04/05", "實體", "基礎"],  # a series: not listed
        [B, "林美玲", "勞動局", "性騷擾防治", "1", "111/04/05", "數位", "基礎"],
        [B, "林美玲", "勞動局", "性騷擾防治（第2梯次）", "1", "111/09/05", "數位", "基礎"],  # the same course again
    ]
    assert training_import(path=write_csv(tmp_path / "t.csv", [HEADER, *rows])).ok
    office = make_user("admin")
    listed = repeat_course_list(office, year=111)
    assert sorted((masked[:6], course, times) for masked, _, course, times in listed) == [
        (A[:6], "CEDAW 公約概論／CEDAW 概論", 2),
        (B[:6], "性騷擾防治／性騷擾防治（第2梯次）", 2),
    ]
    assert all("工作坊" not in course for _, _, course, _ in listed)
    assert repeat_course_list(make_user("liaison", "社會局"), year=111) == []  # another unit's people: not shown


def test_the_units_own_similar_courses_are_on_its_page(registry, make_user, client):
    labor = Unit.objects.get(short_name="勞動局")
    office = make_user("admin")
    for title in ("性別主流化概論", "性別主流化概論（第2梯次）", "性別統計基礎", "性別統計進階"):
        course_record(data=CourseData(year=111, title=title, organiser=labor, hours=Decimal(3)), by=office)
    page = unit_page_get(office, unit="勞動局", year=111)
    assert page.similar_courses == [["性別主流化概論", "性別主流化概論（第2梯次）"]]
    client.force_login(make_user("liaison", "勞動局"))
    html = client.get("/training/units/勞動局/?year=111").content.decode()
    assert "提醒：雷同課程（伍、二、(五)）" in html and "這不是應辦事項" in html
    assert "性別主流化概論／性別主流化概論（第2梯次）" in html
