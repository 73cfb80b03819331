"""Import kinds of gender impact assessment (伍、五), all or nothing.

- ``experts``: 姓名, 資格 — an expert without a qualification of 伍、五、(一)、3 rejects the file;
- ``assessments``: 機關, 案名, 類型, 表單, 程序參與, 專家姓名, 參採情形, 未參採理由, 性平小組報告日期, 緊急案件,
  性平辦確認日期 — a named expert not in the registry, or a case partly or not adopted without a reason,
  rejects the file. A case counts in the year it was completed (the task-force report date, or for an
  urgent case the office's confirmation date).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from mainstream.imports.schema import Column, ImportKind, register
from mainstream.imports.values import Cells
from mainstream.units.models import Unit

from .models import Expert
from .services import (
    ADOPTIONS,
    EXPERT,
    AssessmentData,
    assessment_validate,
    assessments_import_write,
    expert_validate,
    experts_import_write,
    plan_value,
    types,
)

TYPE_ALIASES = {
    "自治條例制定案": "自治條例",
    "自治條例修正案": "自治條例",
    "重大施政或與性別議題相關之計畫": "重大施政計畫",
    "與性別議題相關之計畫": "重大施政計畫",
}
FORM_ALIASES = {"法案性別影響評估表": "法案", "一般性別影響評估表": "一般"}


@dataclass(frozen=True)
class ExpertRow:
    name: str
    qualification: str
    office: Unit | None  # registry rows belong to the office: only it and the oversight units of 伍、五 import them


def parse_expert(cells: Cells) -> ExpertRow | None:
    name = cells.text("姓名", max_length=60)
    qualification = cells.raw("資格")
    if name:
        try:
            expert_validate(name, qualification)
        except ValidationError as exc:
            cells.error("資格", exc.messages[0])
    if cells.errors:
        return None
    office = next((u for u in cells.units.values() if u.kind == Unit.Kind.OFFICE), None)
    return ExpertRow(name, qualification, office)


EXPERTS = register(
    ImportKind(
        name="experts",
        title="性別平等專家學者",
        tool="impact",
        columns=(
            Column("姓名", example="王小明"),
            Column(
                "資格",
                help="婦權基金會人才資料庫、臺北市性別人才資料庫、女權會委員、性別平等相關委員會委員或"
                "性平小組府外委員（伍、五、(一)、3）",
                example="臺北市性別人才資料庫",
            ),
        ),
        parse=parse_expert,
        key=lambda r: (r.name,),
        write=lambda rows, by=None: experts_import_write([(r.name, r.qualification) for r in rows], by=by),
        unit_of=lambda r: r.office,
    )
)


def parse_assessment(cells: Cells) -> AssessmentData | None:
    unit = cells.unit("機關")
    title = cells.text("案名", max_length=200)
    type_ = cells.choice("類型", {t: t for t in types()} | TYPE_ALIASES)
    form = cells.choice("表單", {f: f for f in plan_value("forms")} | FORM_ALIASES)
    participation = cells.choice("程序參與", {p: p for p in plan_value("participation")}, required=False) or ""
    expert_name = cells.raw("專家姓名")
    expert = None
    if expert_name:
        expert = Expert.objects.filter(name=expert_name).first()
        if expert is None:
            cells.error("專家姓名", f"「{expert_name}」不在專家學者名冊中（請先匯入 experts）")
    elif participation == EXPERT:
        cells.error("專家姓名", "程序參與為專家學者時必填")
    adoption = cells.choice("參採情形", {a: a for a in ADOPTIONS}, required=False) or ""
    reason = cells.text("未參採理由", required=False)
    if adoption and adoption != ADOPTIONS[0] and not reason:
        cells.error("未參採理由", f"參採情形為「{adoption}」，應說明不參採原因（伍、五、(一)、4）")
    reported_on = cells.date("性平小組報告日期", required=False)
    urgent = bool(cells.yes_no("緊急案件"))
    confirmed_on = cells.date("性平辦確認日期", required=False)
    if cells.errors:
        return None
    assert unit and type_ and form
    data = AssessmentData(
        unit=unit,
        title=title,
        type=type_,
        form=form,
        participation=participation,
        expert=expert,
        adoption=adoption,
        not_adopted_reason=reason,
        reported_on=reported_on,
        urgent=urgent,
        office_confirmed_on=confirmed_on,
    )
    try:
        assessment_validate(data)
    except ValidationError as exc:
        for message in exc.messages:
            cells.error("", message)
        return None
    return data


ASSESSMENTS = register(
    ImportKind(
        name="assessments",
        title="性別影響評估",
        tool="impact",
        columns=(
            Column("機關", help="機關全銜或簡稱", example="勞動局"),
            Column("案名", help="同機關案名不可重複", example="臺北市就業服務自治條例修正案"),
            Column("類型", help="自治條例、公共工程中程計畫或重大施政計畫", example="自治條例"),
            Column("表單", help="法案或一般", example="法案", choices=("法案", "一般")),
            Column("程序參與", required=False, help="專家學者或性平小組", example="專家學者"),
            Column("專家姓名", required=False, help="須已登錄於專家學者名冊", example="王小明"),
            Column("參採情形", required=False, help="全部參採、部分參採或未參採", example="部分參採"),
            Column("未參採理由", required=False, help="部分參採或未參採時必填", example="涉及中央法規權限"),
            Column("性平小組報告日期", required=False, help="參採情形提報性平小組通過之日期", example="110/06/15"),
            Column("緊急案件", required=False, help="具緊急時效性填 是", example="否"),
            Column("性平辦確認日期", required=False, help="緊急案件經性平辦確認完成評估之日期（僅性平辦可填）"),
        ),
        parse=parse_assessment,
        key=lambda r: (r.unit.id, r.title),
        write=assessments_import_write,
        unit_of=lambda r: r.unit,
    )
)
