"""Where a case stands: the six steps of 伍、五、(一) as a timeline, with what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import Assessment
from .services import ALL_ADOPTED, EXPERT, reviewer_of


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    done: bool
    on: date | None
    detail: str
    missing: str = ""


def steps(case: Assessment, suggestions: list | None = None) -> list[Step]:
    suggestions = list(case.suggestions.all()) if suggestions is None else suggestions
    out = [
        Step(
            1,
            "蒐集性別統計、進行性別分析、諮詢性平聯絡人或專家學者",
            case.gathered_on is not None,
            case.gathered_on,
            case.gathered_note,
            "" if case.gathered_on else "尚未填寫蒐集及諮詢日期",
        ),
        Step(
            2,
            f"填寫{case.form}性別影響評估表",
            case.form_filled_on is not None,
            case.form_filled_on,
            case.form_file_name,
            "" if case.form_filled_on else "尚未填寫評估表",
        ),
    ]
    if case.participation == EXPERT:
        who = f"專家學者 {case.expert}（{case.expert.qualification}）" if case.expert else "專家學者（未指定）"
    else:
        who = case.participation
    out.append(
        Step(
            3,
            "民間性別平等專家學者或性平小組程序參與",
            bool(case.participation),
            case.participation_on,
            who,
            "" if case.participation else "尚未完成程序參與",
        )
    )
    not_adopted = [s for s in suggestions if not s.adopted]
    detail = case.adoption
    if suggestions:
        detail += f"（意見 {len(suggestions)} 則，未參採 {len(not_adopted)} 則）"
    missing = ""
    if not case.adoption:
        missing = "尚未填寫參採情形"
    elif case.adoption != ALL_ADOPTED and not case.not_adopted_reason:
        missing = "未說明不參採原因"
    out.append(
        Step(
            4, "參採建議並修正，未參採者說明原因", bool(case.adoption) and not missing, case.adopted_on, detail, missing
        )
    )
    if case.reported_on:
        out.append(
            Step(
                5,
                "參採情形提報性平小組通過（完成評估）",
                True,
                case.reported_on,
                str(case.meeting) if case.meeting else "性平小組報告",
            )
        )
    elif case.report_due:
        out.append(
            Step(
                5,
                "緊急案件經性平辦確認完成評估",
                True,
                case.office_confirmed_on,
                "性平辦已確認；後續仍應提報性平小組",
                "後續性平小組報告尚未辦理",
            )
        )
    else:
        out.append(
            Step(
                5,
                "參採情形提報性平小組通過（完成評估）",
                False,
                None,
                "",
                "尚未提報性平小組" + ("（緊急案件可先送性平辦確認）" if case.urgent else ""),
            )
        )
    reviewer = reviewer_of(case.type)
    out.append(
        Step(
            6,
            f"主責管考單位（{reviewer}）審核及管制",
            case.reviewed_on is not None,
            case.reviewed_on,
            case.review_note,
            "" if case.reviewed_on else f"待{reviewer}審核",
        )
    )
    return out


def current_step(case: Assessment) -> int:
    """The first step not done (7 when all six are)."""
    for step in steps(case):
        if not step.done:
            return step.number
    return 7
