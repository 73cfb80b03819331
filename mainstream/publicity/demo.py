"""Demo publications in different states (伍、一、(二)、3、C) and one penalty ground (捌、二、(二))."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from mainstream.units.models import Unit

from . import services
from .models import CorrectionRequest, Publication
from .services import PublicationData

ALL_YES = {str(n): ("yes", "") for n in range(1, 11)}


def _answers(**overrides: tuple[str, str]) -> dict[str, tuple[str, str]]:
    return {**ALL_YES, **overrides}


def demo_load() -> str:
    services.publicity_data_sync()
    units = {u.short_name: u for u in Unit.objects.filter(short_name__in=["勞動局", "社會局"])}
    if len(units) < 2:
        return ""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["labor", "social", "office"])}
    made = 0

    def create(unit: str, type_: str, title: str, text: str, planned: date) -> Publication | None:
        nonlocal made
        if Publication.objects.filter(unit=units[unit], title=title).exists():
            return None
        made += 1
        author = users.get("labor" if unit == "勞動局" else "social")
        return services.publication_create(
            data=PublicationData(unit=units[unit], type=type_, title=title, text=text, planned_release=planned),
            by=author,
        )

    # 1. released: checked, confirmed by the superior, released
    p = create(
        "勞動局",
        "press_release",
        "110 年就業博覽會 逾三千職缺",
        "臺北市政府勞動局今日舉辦就業博覽會，提供逾三千個職缺，徵才條件不限性別。\n"
        "現場設有移工與新住民服務專區，並提供托育服務，方便家長參加。",
        date(2021, 3, 5),
    )
    if p:
        services.publication_check(publication=p, answers=ALL_YES, superior_name="就業服務科 王科長", by=None)
        services.publication_confirm(publication=p, by=None)
        services.publication_release(publication=p, released_on=date(2021, 3, 5), by=None)

    # 2. draft with findings: the author has not answered the checklist yet
    create(
        "勞動局",
        "social",
        "移工休假權益懶人包",
        "外勞朋友假日可以到車站大廳休息。\n家中的外傭也有休假的權利，雇主應依法給假。",
        date(2021, 9, 1),
    )

    # 3. checked, with a doubt escalated: the liaison answered, the liaison circle has not yet
    p = create(
        "社會局",
        "speech",
        "婦女節慶祝大會 局長致詞稿",
        "各位先生、各位女士，大家好。\n感謝在場每一位賢妻良母對家庭的付出。",
        date(2021, 3, 8),
    )
    if p:
        services.publication_check(
            publication=p,
            superior_name="婦女福利科 林科長",
            by=None,
            answers=_answers(**{"2": ("no", "「賢妻良母」是否妥當，已諮詢性平聯絡人"), "6": ("yes", "已並列女士")}),
        )
        step = services.escalation_ask(
            publication=p, level="liaison", question="「賢妻良母」一詞是否妥當？", asked_on=date(2021, 3, 2), by=None
        )
        services.escalation_answer(
            step=step,
            adviser="社會局性平聯絡人 陳專員",
            opinion="建議請性平聯繫圈提供意見",
            change_made="",
            answered_on=date(2021, 3, 3),
            by=None,
        )
        services.escalation_ask(
            publication=p, level="circle", question="「賢妻良母」宜如何改寫？", asked_on=date(2021, 3, 4), by=None
        )

    # 4. confirmed by the superior, not yet released
    p = create(
        "社會局",
        "press_release",
        "111 年托育補助加碼",
        "本市托育補助不分父母性別皆可申請，鼓勵家長共同分擔照顧責任。",
        date(2022, 2, 15),
    )
    if p:
        services.publication_check(publication=p, answers=ALL_YES, superior_name="兒少福利科 張科長", by=None)
        services.publication_confirm(publication=p, by=None)

    # 5. released without the correction the task force asked for: a penalty ground in 111 (捌、二、(二))
    p = create(
        "勞動局",
        "event",
        "111 年青年徵才活動文宣",
        "保全人員招募，限男性。\n現場邀請美女主播擔任主持人。",
        date(2022, 5, 1),
    )
    if p:
        services.publication_check(
            publication=p,
            answers=_answers(**{"9": ("no", "諮詢性平小組中")}),
            superior_name="就業服務科 王科長",
            by=None,
        )
        step = services.escalation_ask(
            publication=p, level="liaison", question="限男性是否可行", asked_on=date(2022, 4, 1), by=None
        )
        services.escalation_answer(
            step=step,
            adviser="勞動局性平聯絡人",
            opinion="不宜以性別限制，請刪除",
            change_made="維持原文（業務單位認為保全夜班需要）",
            answered_on=date(2022, 4, 2),
            by=None,
        )
        services.publication_confirm(publication=p, by=None)
        services.publication_release(publication=p, released_on=date(2022, 5, 1), by=None)
        c = services.correction_request(
            publication=p,
            requested_by="taskforce",
            requested_on=date(2022, 5, 10),
            request="刪除「限男性」及「美女主播」",
            by=None,
        )
        services.correction_outcome(
            correction=c,
            outcome=CorrectionRequest.Outcome.NOT_CORRECTED,
            decided_on=date(2022, 6, 20),
            note="女委會第 3 次會議決議確有不妥",
            wrpc_improper=True,
            by=None,
        )
    return f"新聞、文宣或活動 {made} 件" if made else ""
