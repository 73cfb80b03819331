"""The course catalogue import (伍、二、(四)、2、B) with 對象類別 (伍、二、(三)、1): the plan's words in, stored codes
out; a word the plan does not name is refused with its row and column, and nothing is written."""

from __future__ import annotations

from mainstream.evaluation.services import findings_evaluate
from mainstream.imports.services import import_file
from mainstream.training.models import Course

HEADER = ["年度", "主辦機關", "課程名稱", "時數", "課程類別", "辦理方式", "訓練形式", "對象", "對象類別", "合辦機關"]


def write_csv(path, rows):
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


ROWS = [
    ["111", "公訓處", "性別主流化概論", "3", "基礎", "實體", "講授", "本府人員", "一般公務人員、主管人員", ""],
    ["111", "公訓處", "性平業務進階研習", "6", "進階", "實體課程", "工作坊", "", "性平聯絡人", "秘書處"],
    ["111", "公訓處", "職工性別平等講座", "3", "", "", "", "", "工友", ""],
    ["111", "公訓處", "媒體文宣性別檢核", "3", "基礎", "數位", "個案研討", "", "小編", ""],
]


def test_courses_are_imported_with_their_categories_as_plan_codes(registry, tmp_path):
    result = import_file(kind="courses", path=write_csv(tmp_path / "c.csv", [HEADER, *ROWS]))
    assert result.ok, result.errors
    assert result.write.created == 4
    first = Course.objects.get(title="性別主流化概論")
    assert first.categories == ["general", "supervisor"]
    assert (first.level_name, first.mode_name, first.categories_names) == ("基礎", "實體", "一般公務人員、主管人員")
    advanced = Course.objects.get(title="性平業務進階研習")
    assert (advanced.level, advanced.mode, advanced.form, advanced.categories) == (
        "advanced",
        "physical",
        "工作坊",
        ["gender_staff"],
    )
    assert [u.short_name for u in advanced.joint_units.all()] == ["秘書處"]
    plain = Course.objects.get(title="職工性別平等講座")  # blanks: the plan's first form, basic, physical
    assert (plain.level, plain.mode, plain.form, plain.categories) == ("basic", "physical", "講授", ["worker"])
    again = import_file(kind="courses", path=write_csv(tmp_path / "c2.csv", [HEADER, *ROWS]))
    assert again.ok and again.write.created == 0 and Course.objects.count() == 4


def test_the_old_header_set_without_the_new_column_still_imports(registry, tmp_path):
    header = HEADER[:8]  # no 對象類別, no 合辦機關: the column is optional
    result = import_file(kind="courses", path=write_csv(tmp_path / "c.csv", [header, ROWS[0][:8]]))
    assert result.ok, result.errors
    assert Course.objects.get().categories == []


def test_words_the_plan_does_not_name_are_refused_and_nothing_is_written(registry, tmp_path):
    bad = [
        ["111", "公訓處", "課程甲", "3", "中級", "實體", "講授", "", "一般公務人員", ""],
        ["111", "公訓處", "課程乙", "3", "基礎", "混成", "講授", "", "約聘人員", ""],
        ["111", "公訓處", "課程丙", "3", "基礎", "實體", "演講比賽", "", "", ""],
        ROWS[0],
    ]
    result = import_file(kind="courses", path=write_csv(tmp_path / "c.csv", [HEADER, *bad]))
    assert not result.ok
    text = " ".join(str(e) for e in result.errors)
    assert "第 2 列「課程類別」" in text and "「中級」" in text
    assert "第 3 列「辦理方式」" in text and "第 3 列「對象類別」" in text and "約聘人員" in text
    assert "第 4 列「訓練形式」" in text
    assert Course.objects.count() == 0


def test_the_year_the_organiser_and_the_joint_units_are_checked_row_by_row(registry, tmp_path):
    bad = [
        ROWS[0],
        ["111", "性平辦", "課程甲", "3", "基礎", "實體", "講授", "", "", ""],  # the office binds no tool to itself
        ["150", "公訓處", "課程乙", "3", "基礎", "實體", "講授", "", "", "公訓處"],  # no plan; joint = organiser
    ]
    result = import_file(kind="courses", path=write_csv(tmp_path / "c.csv", [HEADER, *bad]))
    assert not result.ok
    found = [(e.row, e.column) for e in result.errors]
    assert found == [(3, "主辦機關"), (4, "年度"), (4, "合辦機關")]  # each row's errors together, in file order
    assert "「性平辦」不是執行辦理單位" in str(result.errors[0])
    assert "合辦機關不可包含主辦機關" in str(result.errors[2])
    assert Course.objects.count() == 0


def test_imported_courses_decide_the_institute_duty(registry, tmp_path):
    """伍、二、(三)、1: with the four rows above 公訓處's 111 courses reach classes 1–5 (工友 is 職工, 小編 class 5)."""
    import_file(kind="courses", path=write_csv(tmp_path / "c.csv", [HEADER, *ROWS]))
    [finding] = findings_evaluate(year=111, unit="公訓處", rules=["training.institute_all_categories"])
    assert finding.status == "met", finding.detail
    Course.objects.filter(title="職工性別平等講座").update(categories=[])
    [finding] = findings_evaluate(year=111, unit="公訓處", rules=["training.institute_all_categories"])
    assert finding.status != "met" and "尚無第 4 類" in finding.detail
