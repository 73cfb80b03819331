"""Penalty grounds (捌、二): whom they bind, and (二) recorded from a correction not made. Readable cases.

The plan's words: 「各執行辦理單位如有以下情形應受相關懲處：(一) 各性平小組未完成每年至少應召開會議次數。
(二) …經性平聯絡人、性平聯繫圈及性平小組等機制要求修正卻未修正；…經送女委會討論決議確有不妥者。」
"""

from __future__ import annotations

from datetime import date

import pytest

from mainstream.reports.penalties import meetings_bound


def shortfall(subject: str, group: str, units: tuple[str, ...]) -> dict:
    return {"subject": subject, "group": group, "units": list(units), "rule": "mechanism.taskforce.meetings"}


# -- (一) whom a meetings shortfall binds ---------------------------------------------------------------------
def test_a_units_own_task_force_binds_the_unit(plan):
    b = meetings_bound(plan, shortfall("衛生局", "A", ("衛生局",)), {})
    assert (b.unit, b.why) == ("衛生局", "")


def test_a_composite_groups_shortfall_binds_the_years_lead_unit_not_its_first_unit(plan):
    """B1組 in 110: 客委會 leads (its head convenes), so 客委會 — not 原民會, the group's first unit."""
    b = meetings_bound(plan, shortfall("B1組", "B1", ("原民會", "客委會")), {"B1": "客委會"})
    assert b.unit == "客委會" and "當年度主責機關客委會" in b.why


def test_e1s_shortfall_binds_the_office_not_the_first_unit(plan):
    """「E1組由性平辦擔任召集人」: the office convenes E1, so its shortfall is the office's, not 財政局's."""
    units = ("財政局", "地政局", "政風處", "兵役局", "法務局")
    b = meetings_bound(plan, shortfall("E1組", "E1", units), {})
    assert b.unit == "性平辦" and "性平辦擔任召集人" in b.why


def test_a_composite_group_without_a_lead_unit_binds_nobody_and_says_why(plan):
    b = meetings_bound(plan, shortfall("C1組", "C1", ("公訓處", "秘書處")), {})
    assert b.unit is None and "未設定當年度主責機關" in b.why


# -- (二) a correction not made, found improper by the WRPC ---------------------------------------------------------
@pytest.fixture
def correction(db, registry):
    from mainstream.publicity.models import CorrectionRequest, Publication

    pub = Publication.objects.create(unit=registry["勞動局"], type="event", title="徵才活動文宣", text="限男性")
    return CorrectionRequest.objects.create(
        publication=pub, requested_by="taskforce", requested_on=date(2022, 5, 10), request="刪除「限男性」"
    )


def test_a_correction_not_made_and_found_improper_becomes_ground_two_at_once(correction):
    from mainstream.publicity.services import correction_outcome
    from mainstream.reports.models import PenaltyGround

    correction_outcome(
        correction=correction, outcome="not_corrected", decided_on=date(2022, 6, 20), wrpc_improper=True, by=None
    )
    row = PenaltyGround.objects.get()
    assert (row.year, row.ground, row.unit.short_name, row.subject) == (111, "publication", "勞動局", "徵才活動文宣")
    assert "111/05/10 性平小組要求修正" in row.evidence and "經送女委會討論決議確有不妥" in row.description


def test_a_correction_made_or_not_yet_found_improper_is_no_ground(correction):
    from mainstream.publicity.services import correction_outcome
    from mainstream.reports.models import PenaltyGround
    from mainstream.reports.services import penalty_publications_record

    correction_outcome(correction=correction, outcome="not_corrected", decided_on=date(2022, 6, 20), by=None)
    assert not PenaltyGround.objects.exists()  # 未修正, but the WRPC has not found it improper
    correction_outcome(correction=correction, outcome="corrected", decided_on=date(2022, 6, 21), by=None)
    assert penalty_publications_record(year=111, by=None) == 0 and not PenaltyGround.objects.exists()


def test_recording_ground_two_again_changes_nothing(correction):
    from mainstream.publicity.services import correction_outcome
    from mainstream.reports.services import penalty_publications_record

    correction_outcome(
        correction=correction, outcome="not_corrected", decided_on=date(2022, 6, 20), wrpc_improper=True, by=None
    )
    assert penalty_publications_record(year=111, by=None) == 0
    assert penalty_publications_record(year=110, by=None) == 0
