"""The `experts` and `assessments` imports on real files: all or nothing, with the rejections of issue 5."""

import pytest

from mainstream.impact.models import Assessment, Expert
from mainstream.imports.services import import_file
from mainstream.imports.template_files import ods_build, xlsx_build

EXPERT_HEADER = ["姓名", "資格"]
HEADER = [
    "機關",
    "案名",
    "類型",
    "表單",
    "程序參與",
    "專家姓名",
    "參採情形",
    "未參採理由",
    "性平小組報告日期",
    "緊急案件",
    "性平辦確認日期",
]
CASES = [
    [
        "勞動局",
        "就業服務自治條例修正案",
        "自治條例",
        "法案",
        "專家學者",
        "王小明",
        "全部參採",
        "",
        "110/06/15",
        "否",
        "",
    ],
    [
        "勞動局",
        "職訓中心整建計畫",
        "公共工程中程計畫",
        "一般",
        "性平小組",
        "",
        "部分參採",
        "經費限制",
        "110/09/01",
        "否",
        "",
    ],
    ["圖書館", "防疫開放措施", "重大施政計畫", "一般", "專家學者", "李大華", "全部參採", "", "", "是", "110/07/01"],
]


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode(encoding) + b"\r\n")
    return path


@pytest.fixture
def experts(registry):
    Expert.objects.create(name="王小明", qualification="臺北市性別人才資料庫")
    Expert.objects.create(name="李大華", qualification="女權會委員")


@pytest.mark.parametrize("encoding", ["utf-8", "cp950"])
def test_experts_with_a_qualification_are_imported(registry, tmp_path, encoding):
    rows = [EXPERT_HEADER, ["王小明", "婦權基金會人才資料庫"], ["陳美玲", "性平小組府外委員"]]
    result = import_file(kind="experts", path=write_csv(tmp_path / "e.csv", rows, encoding))
    assert result.ok, result.errors
    assert Expert.objects.get(name="陳美玲").qualification == "性平小組府外委員"


def test_an_expert_without_a_qualification_is_refused_and_nothing_is_written(registry, tmp_path):
    rows = [EXPERT_HEADER, ["王小明", "婦權基金會人才資料庫"], ["張三", ""], ["李四", "大學教授"]]
    result = import_file(kind="experts", path=write_csv(tmp_path / "e.csv", rows))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "資格"), (4, "資格")]
    assert "沒有資格" in result.errors[0].reason
    assert Expert.objects.count() == 0


def test_a_liaison_cannot_import_the_expert_registry(registry, make_user, tmp_path):
    labor = make_user("liaison", "勞動局")
    rows = [EXPERT_HEADER, ["王小明", "婦權基金會人才資料庫"]]
    result = import_file(kind="experts", path=write_csv(tmp_path / "e.csv", rows), by=labor)
    assert not result.ok and Expert.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_cases_are_imported_and_complete_in_the_right_year(experts, tmp_path, fmt):
    if fmt == "csv":
        path = write_csv(tmp_path / "c.csv", [HEADER, *CASES], "cp950")
    else:
        path = tmp_path / f"c.{fmt}"
        path.write_bytes((xlsx_build if fmt == "xlsx" else ods_build)([("評估", [HEADER, *CASES])]))
    result = import_file(kind="assessments", path=path)
    assert result.ok, result.errors
    law = Assessment.objects.get(title="就業服務自治條例修正案")
    assert (law.type, law.form, law.expert.name, law.completed_on.isoformat()) == (
        "自治條例",
        "法案",
        "王小明",
        "2021-06-15",
    )
    urgent = Assessment.objects.get(title="防疫開放措施")
    assert urgent.completed_on.isoformat() == "2021-07-01" and urgent.report_due


def test_an_expert_not_in_the_registry_rejects_the_file(experts, tmp_path):
    bad = [
        *CASES,
        ["勞動局", "托育補助計畫", "重大施政計畫", "一般", "專家學者", "路人甲", "全部參採", "", "", "否", ""],
    ]
    result = import_file(kind="assessments", path=write_csv(tmp_path / "c.csv", [HEADER, *bad]))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(5, "專家姓名")]
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize("adoption", ["部分參採", "未參採"])
def test_a_case_partly_or_not_adopted_without_a_reason_rejects_the_file(experts, tmp_path, adoption):
    bad = [*CASES, ["勞動局", "托育補助計畫", "重大施政計畫", "一般", "性平小組", "", adoption, "", "", "否", ""]]
    result = import_file(kind="assessments", path=write_csv(tmp_path / "c.csv", [HEADER, *bad]))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(5, "未參採理由")]
    assert Assessment.objects.count() == 0


def test_an_office_confirmation_of_a_case_not_urgent_rejects_the_file(experts, tmp_path):
    bad = [["圖書館", "分館改建", "公共工程中程計畫", "一般", "性平小組", "", "全部參採", "", "", "否", "110/07/01"]]
    result = import_file(kind="assessments", path=write_csv(tmp_path / "c.csv", [HEADER, *bad]))
    assert not result.ok and "緊急案件" in result.errors[0].reason


def test_a_liaison_imports_its_cases_but_not_the_offices_confirmation(experts, make_user, tmp_path):
    library = make_user("liaison", "圖書館")
    result = import_file(kind="assessments", path=write_csv(tmp_path / "c.csv", [HEADER, CASES[2]]), by=library)
    assert result.ok, result.errors
    case = Assessment.objects.get()
    assert case.office_confirmed_on is None and case.completed_on is None
    assert any("僅性平辦可填" in n for n in result.write.notes)
    other = import_file(kind="assessments", path=write_csv(tmp_path / "d.csv", [HEADER, CASES[0]]), by=library)
    assert not other.ok  # 勞動局's case
