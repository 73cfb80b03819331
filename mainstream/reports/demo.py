"""Demo: reports and plans adopted and published for 110 and 111, a draft left unpublished, the city report,
penalty grounds with evidence, a jury adjustment and a feedback questionnaire with answers.

Runs after the tool apps' demos (INSTALLED_APPS order). Idempotent.
"""

from __future__ import annotations

import shutil
from datetime import date

from mainstream import roc


def _meeting(unit_short: str, year: int, last: bool = False):  # type: ignore[no-untyped-def]
    from mainstream.mechanism.models import Meeting

    qs = Meeting.objects.filter(taskforce__units__short_name=unit_short, date__year=roc.to_ad_year(year)).distinct()
    return qs.order_by("-date" if last else "date").first()


def _adopt_publish(
    unit,
    year: int,
    kind: str,
    meeting_year: int,
    last: bool,
    publish: bool,  # type: ignore[no-untyped-def]
    narrative: tuple[str, str] | None = None,
    pdf: bool = False,
) -> str:
    from .models import Report
    from .services import narrative_save, report_adopt, report_open, report_publish

    report = report_open(unit=unit, year=year, kind=kind)
    if report.status == Report.Status.DRAFT:
        if narrative and not report.narratives.exists():
            narrative_save(report=report, title=narrative[0], body=narrative[1])
        meeting = _meeting(unit.short_name, meeting_year, last) if kind != Report.Kind.CITY else None
        if meeting is not None:
            report_adopt(report=report, meeting=meeting)
        else:
            report_adopt(
                report=report,
                adopted_on=date(roc.to_ad_year(meeting_year), 3, 15),
                meeting_title=f"{meeting_year} 年第 1 次會議",
            )
    if publish and report.status == Report.Status.ADOPTED:
        report_publish(report=report, pdf=pdf)
        # the demo plays the past: published a week after adoption
        from datetime import datetime, time, timedelta

        from django.utils import timezone

        when = datetime.combine(report.adopted_on + timedelta(days=7), time(10), tzinfo=timezone.get_current_timezone())
        Report.objects.filter(pk=report.pk).update(published_at=when)
    return report.get_status_display()


def demo_load() -> str:
    from django.contrib.auth import get_user_model

    from mainstream.units.models import Unit

    from .models import PenaltyGround, Question, Questionnaire, Report, RewardAdjustment
    from .services import (
        feedback_submit,
        penalty_meetings_record,
        penalty_outcome,
        penalty_record,
        questionnaire_create,
        questionnaire_publish,
        reward_adjust,
    )

    units = {u.short_name: u for u in Unit.objects.all()}
    pdf = shutil.which("soffice") is not None
    R, P = Report.Kind.RESULT, Report.Kind.PLAN
    story = "本局結合業務推動職場性別平等，辦理講座並檢討申請案件之性別統計。"
    published = 0
    # 110 result reports, adopted at the task force's first meeting of 111 and published
    for short, narrative in (("勞動局", ("推動亮點", story)), ("社會局", None), ("客委會", None), ("工務局", None)):
        _adopt_publish(units[short], 110, R, 111, False, True, narrative, pdf=pdf and short == "勞動局")
        published += 1
    # 111 work plans, adopted at the last meeting of 110 and published
    for short in ("勞動局", "社會局"):
        _adopt_publish(units[short], 111, P, 110, True, True, ("年度重點", "延續前一年度措施並擴大宣導對象。"))
        published += 1
    # adopted but not published; and drafts
    _adopt_publish(units["衛生局"], 110, R, 111, False, False)
    from .services import report_open

    report_open(unit=units["勞動局"], year=111, kind=R)
    report_open(unit=units["勞動局"], year=112, kind=P)
    office = Unit.objects.get(kind=Unit.Kind.OFFICE)
    _adopt_publish(office, 110, Report.Kind.CITY, 111, False, True)
    published += 1

    # penalty grounds (捌、二)
    office_user = get_user_model().objects.filter(username="office").first()
    for year in (110, 111):
        penalty_meetings_record(year=year, by=office_user)
    for row in PenaltyGround.objects.filter(
        ground=PenaltyGround.Ground.MEETINGS, year=110, outcome=PenaltyGround.Outcome.PENDING
    ):
        penalty_outcome(
            row=row,
            outcome=PenaltyGround.Outcome.CONFIRMED,
            by=office_user,
            note="依捌、二、(一) 簽請議處，列入獎勵評分扣分",
            on=date(2022, 2, 15),
        )
    if not PenaltyGround.objects.filter(ground=PenaltyGround.Ground.PUBLICATION, year=111).exists():
        penalty_record(
            year=111,
            ground=PenaltyGround.Ground.PUBLICATION,
            unit=units["觀傳局"],
            by=office_user,
            description="活動宣傳圖以刻板性別分工呈現照顧者，經性平聯絡人及性平聯繫圈要求修正未修正。",
            evidence="111/04/12 性平聯繫圈修正建議\n111/05/03 性平小組會議紀錄\n111/06/20 女權會第 3 次會議決議：確有不妥",
        )
    if not PenaltyGround.objects.filter(ground=PenaltyGround.Ground.CEDAW, year=110).exists():
        row = penalty_record(
            year=110,
            ground=PenaltyGround.Ground.CEDAW,
            unit=units["民政局"],
            by=office_user,
            description="補助要點限以「戶長」申請，經檢視涉 CEDAW 第 16 條。",
            evidence="110/07/01 性平小組建議修正\n110/11/30 已修正要點（府授民字第 110000000 號）",
        )
        penalty_outcome(
            row=row,
            outcome=PenaltyGround.Outcome.DISMISSED,
            note="已於期限內修正，不予懲處",
            on=date(2021, 12, 10),
            by=office_user,
        )
    # a jury adjustment (捌、一)
    if not RewardAdjustment.objects.exists():
        reward_adjust(
            round_key="109-110",
            unit=units["社會局"],
            points=3,
            by=office_user,
            reason="評審委員會肯定其同志家庭服務措施之創新性",
        )
    # feedback (柒、二、(一))
    if not Questionnaire.objects.exists():
        q = questionnaire_create(
            year=111,
            title="111 年性別主流化推動回饋問卷",
            by=office_user,
            intro="請各機關就本年度推動情形提供意見，作為下一年度規劃參考。",
            questions=[
                ("對性平辦提供之諮詢協助滿意度", Question.Kind.SCALE, []),
                ("最需要加強的工具", Question.Kind.CHOICE, ["性別統計", "性別分析", "性別影響評估", "性別預算"]),
                ("其他建議", Question.Kind.TEXT, []),
            ],
        )
        questionnaire_publish(questionnaire=q, by=office_user)
        q1, q2, q3 = q.questions.all()
        feedback_submit(
            questionnaire=q, unit=units["勞動局"], answers={q1.id: "4", q2.id: "性別分析", q3.id: "希望增加進階課程"}
        )
        feedback_submit(questionnaire=q, unit=units["客委會"], answers={q1.id: "5", q2.id: "性別預算", q3.id: ""})
    return (
        f"已公告報告及計畫 {Report.objects.filter(status='published').count()} 份、"
        f"懲處事由 {PenaltyGround.objects.count()} 件、回饋問卷 {Questionnaire.objects.count()} 份"
    )
