"""Mechanism imports on real files (CSV UTF-8 / CP950, XLSX, ODS): all or nothing, with row reasons."""

from __future__ import annotations

from datetime import date

import pytest

from mainstream.imports.services import import_file
from mainstream.imports.template_files import ods_build, xlsx_build
from mainstream.mechanism.models import Attendance, Meeting, TaskForce, TaskForceFiling, TaskForceMember, WrpcTerm
from mainstream.units.models import LeadUnit


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes(
        "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows).encode(encoding) + b"\r\n"
    )
    return path


MEMBER_HEADER = ["小組", "姓名", "性別", "委員類別", "召集人", "所屬機關", "職稱", "女權會屆次", "任期起", "任期迄"]
MEMBERS = [
    ["勞動局", "局長甲", "男", "府內委員", "是", "勞動局", "局長", "", "110/01/01", ""],
    ["勞動局", "陳美玲", "女", "府外委員", "否", "國立臺灣大學", "教授", "9,10", "109/01/01", "110/12/31"],
    ["勞動局", "林志明", "男", "府外委員", "否", "民間團體", "理事長", "", "109/01/01", "110/12/31"],
    ["勞動局", "聯絡人乙", "女", "性平聯絡人委員", "否", "勞動局", "科長", "", "110/01/01", ""],
    ["客委會", "主委丙", "女", "府內委員", "是", "客委會", "主任委員", "", "110/01/01", ""],
    ["B1組", "聯絡人丁", "男", "性平聯絡人委員", "否", "原住民族事務委員會", "科員", "", "110/01/01", ""],
]


@pytest.mark.parametrize("encoding", ["utf-8", "cp950"])
def test_members_in_utf8_or_big5(taskforces, tmp_path, encoding):
    result = import_file(
        kind="taskforce-members", path=write_csv(tmp_path / "m.csv", [MEMBER_HEADER, *MEMBERS], encoding)
    )
    assert result.ok, result.errors
    assert result.write.created == 6
    chen = TaskForceMember.objects.get(name="陳美玲")
    assert (chen.taskforce.code, chen.kind, chen.wrpc_terms, chen.term_end) == (
        "勞動局",
        "external",
        [9, 10],
        date(2021, 12, 31),
    )
    assert TaskForceMember.objects.get(name="主委丙").taskforce.code == "B1組"  # a unit of B1 → B1組
    assert TaskForceMember.objects.get(name="聯絡人丁").from_unit.short_name == "原民會"  # by full name


def test_members_from_xlsx_and_ods(taskforces, tmp_path):
    (tmp_path / "m.xlsx").write_bytes(xlsx_build([("委員", [MEMBER_HEADER, *MEMBERS[:3]])]))
    assert import_file(kind="taskforce-members", path=tmp_path / "m.xlsx").write.created == 3
    (tmp_path / "m.ods").write_bytes(ods_build([("委員", [MEMBER_HEADER, *MEMBERS[3:]])]))
    assert import_file(kind="taskforce-members", path=tmp_path / "m.ods").write.created == 3


def test_bad_members_file_is_rejected_whole(taskforces, tmp_path):
    rows = [
        MEMBER_HEADER,
        MEMBERS[0],
        ["都委會", "某甲", "女", "府外委員", "否", "x", "", "", "110/01/01", ""],
        ["勞動局", "某乙", "不明", "府外委員", "否", "x", "", "", "110/01/01", ""],
        ["勞動局", "某丙", "女", "府內委員", "否", "勞動局", "", "10", "110/01/01", ""],
        ["勞動局", "某丁", "女", "性平聯絡人委員", "否", "某公司", "", "", "110/01/01", ""],
        ["勞動局", "某戊", "女", "府外委員", "否", "x", "", "九", "110/01/01", "109/01/01"],
    ]
    result = import_file(kind="taskforce-members", path=write_csv(tmp_path / "m.csv", rows))
    assert not result.ok
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert "沒有自己的性平小組" in reasons[(3, "小組")]
    assert (4, "性別") in reasons
    assert reasons[(5, "女權會屆次")] == "女權會屆次僅適用於府外委員"
    assert "不是本府機關" in reasons[(6, "所屬機關")]
    assert (7, "女權會屆次") in reasons and reasons[(7, "任期迄")] == "任期迄早於任期起"
    assert TaskForceMember.objects.count() == 0  # not even the good first row


def meetings_and_members(tmp_path):
    import_file(kind="taskforce-members", path=write_csv(tmp_path / "m.csv", [MEMBER_HEADER, *MEMBERS]))
    rows = [
        ["小組", "會議名稱", "開會日期", "前一年度成果報告", "下一年度工作規劃報告"],
        ["勞動局", "110年第1次會議", "110/02/05", "是", "否"],
        ["勞動局", "110年第4次會議", "110/11/05", "否", "是"],
    ]
    result = import_file(kind="meetings", path=write_csv(tmp_path / "mt.csv", rows, "cp950"))
    assert result.ok, result.errors


def test_meetings_with_their_fixed_agenda(taskforces, tmp_path):
    meetings_and_members(tmp_path)
    first = Meeting.objects.get(title="110年第1次會議")
    assert [a.kind for a in first.agenda.all()] == ["result_report"]
    assert [a.kind for a in Meeting.objects.get(title="110年第4次會議").agenda.all()] == ["work_plan"]


ATT_HEADER = ["小組", "開會日期", "姓名", "出席情形", "書面意見日期", "併入會議紀錄"]


def test_attendance_with_a_written_opinion(taskforces, tmp_path):
    meetings_and_members(tmp_path)
    rows = [
        ATT_HEADER,
        ["勞動局", "110/02/05", "局長甲", "出席", "", ""],
        ["勞動局", "110/02/05", "陳美玲", "當天臨時缺席", "110/02/12", "是"],
        ["勞動局", "110/02/05", "林志明", "請假", "", ""],
    ]
    result = import_file(kind="attendance", path=write_csv(tmp_path / "a.csv", rows))
    assert result.ok, result.errors
    chen = Attendance.objects.get(member__name="陳美玲")
    assert (chen.status, chen.written_opinion_on, chen.opinion_in_minutes) == ("no_show", date(2021, 2, 12), True)


def test_attendance_of_someone_not_in_office_rejects_the_file(taskforces, tmp_path):
    """林志明's term ended 110/12/31; on 111/01/05 he is not a member. 王小明 was never one."""
    meetings_and_members(tmp_path)
    import_file(
        kind="meetings",
        path=write_csv(
            tmp_path / "mt2.csv",
            [
                ["小組", "會議名稱", "開會日期", "前一年度成果報告", "下一年度工作規劃報告"],
                ["勞動局", "111年第1次會議", "111/01/05", "是", "否"],
            ],
        ),
    )
    rows = [
        ATT_HEADER,
        ["勞動局", "111/01/05", "局長甲", "出席", "", ""],
        ["勞動局", "111/01/05", "林志明", "出席", "", ""],
        ["勞動局", "110/02/05", "王小明", "出席", "", ""],
        ["勞動局", "110/03/01", "局長甲", "出席", "", ""],
        ["勞動局", "110/02/05", "局長甲", "請假", "110/02/06", "是"],
    ]
    result = import_file(kind="attendance", path=write_csv(tmp_path / "a.csv", rows))
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert reasons[(3, "姓名")] == "林志明 於 111/01/05 不是 勞動局 的在任委員"
    assert reasons[(4, "姓名")] == "王小明 於 110/02/05 不是 勞動局 的在任委員"
    assert "沒有 110/03/01 的會議" in reasons[(5, "開會日期")]
    assert "僅適用於" in reasons[(6, "書面意見日期")]
    assert Attendance.objects.count() == 0


def test_filings_and_wrpc_terms_and_lead_units(taskforces, tmp_path, make_user):
    office = make_user("admin")
    ok = import_file(
        kind="wrpc-terms",
        by=office,
        path=write_csv(
            tmp_path / "w.csv",
            [["屆次", "任期起", "任期迄"], ["10", "109/01/01", "110/12/31"], ["11", "111/01/01", "112/12/31"]],
        ),
    )
    assert ok.ok and WrpcTerm.objects.count() == 2
    ok = import_file(
        kind="taskforce-filings",
        by=office,
        path=write_csv(
            tmp_path / "f.csv", [["小組", "年度", "備查日期", "理由"], ["C1組", "110", "110/03/15", "專家以女性為多"]]
        ),
    )
    assert ok.ok and TaskForceFiling.objects.get().taskforce.code == "C1組"
    ok = import_file(
        kind="lead-units",
        by=office,
        path=write_csv(
            tmp_path / "l.csv", [["小組", "年度", "主責機關"], ["B1組", "110", "原民會"], ["D1", "111", "北投區公所"]]
        ),
    )
    assert ok.ok, ok.errors
    assert LeadUnit.objects.get(group__code="B1", year=110).unit.short_name == "原民會"
    bad = import_file(
        kind="lead-units",
        by=office,
        path=write_csv(
            tmp_path / "l2.csv", [["小組", "年度", "主責機關"], ["B1組", "110", "勞動局"], ["A", "110", "勞動局"]]
        ),
    )
    reasons = {(e.row, e.column): e.reason for e in bad.errors}
    assert reasons[(2, "主責機關")] == "勞動局 不屬於 B1組" and (3, "小組") in reasons


def test_a_liaison_cannot_import_for_another_task_force_nor_office_data(taskforces, tmp_path, make_user):
    labor = make_user("liaison", "勞動局")
    result = import_file(
        kind="taskforce-members", by=labor, path=write_csv(tmp_path / "m.csv", [MEMBER_HEADER, MEMBERS[0], MEMBERS[4]])
    )
    assert not result.ok and [e.row for e in result.errors] == [3] and "權限" in result.errors[0].reason
    assert TaskForceMember.objects.count() == 0
    result = import_file(
        kind="wrpc-terms",
        by=labor,
        path=write_csv(tmp_path / "w.csv", [["屆次", "任期起", "任期迄"], ["10", "109/01/01", "110/12/31"]]),
    )
    assert not result.ok and WrpcTerm.objects.count() == 0


def test_taskforce_sync_makes_28_and_is_safe_to_repeat(taskforces, plan):
    from mainstream.mechanism.services import taskforce_sync

    assert len(taskforces) == 28
    assert taskforce_sync(plan=plan) == {"created": 0, "updated": 28}
    assert TaskForce.objects.count() == 28
    assert sorted(u.short_name for u in TaskForce.objects.get(code="B1組").units.all()) == ["原民會", "客委會"]
    assert "都委會" not in TaskForce.objects.values_list("code", flat=True)
