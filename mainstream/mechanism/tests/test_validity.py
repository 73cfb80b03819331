"""Valid meetings (伍、一、(二)、4、A): readable cases, records in, verdict and reason out.

Quorum from the plan: at least 2 external members present, and members present at least one half of
the members in office on the day; external members absent late (會前24小時內告知 / 當天臨時缺席) count
as present when their written opinion arrived within 7 days and was added to the minutes.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from mainstream.mechanism.validity import AttendanceFact as A
from mainstream.mechanism.validity import MemberFact, Quorum, meeting_validity

DAY = date(2021, 3, 5)  # 110/03/05
START = date(2021, 1, 1)
Q = Quorum(min_external=2, share=Fraction(1, 2), written_opinion_days=7)


def member(name, kind="internal", sex="女", end=None):
    return MemberFact(name, sex, kind, START, end)


# 10 members in office: 4 external (外1–外4), 4 internal (內1–內4), 2 liaison (聯1–聯2)
MEMBERS = (
    [member(f"外{i}", "external") for i in range(1, 5)]
    + [member(f"內{i}") for i in range(1, 5)]
    + [member(f"聯{i}", "liaison") for i in range(1, 3)]
)


def present(*names):
    return [A(n, "present") for n in names]


def test_exactly_half_present_with_two_external_is_valid():
    v = meeting_validity(DAY, MEMBERS, present("外1", "外2", "內1", "內2", "聯1"), Q)
    assert v.valid
    assert v.present == 5 and v.required_present == 5
    assert "達在任委員 10 人之二分之一（5 人）" in v.reason


def test_one_short_of_half_is_invalid():
    v = meeting_validity(DAY, MEMBERS, present("外1", "外2", "內1", "內2"), Q)
    assert not v.valid
    assert v.reason == "無效：出席委員 4 人，未達在任委員 10 人之二分之一（5 人）"


def test_one_external_present_is_invalid_and_says_so():
    v = meeting_validity(DAY, MEMBERS, present("外1", "內1", "內2", "內3", "內4", "聯1"), Q)
    assert not v.valid
    assert "府外委員出席 1 人，未達 2 人" in v.reason


def test_odd_membership_needs_the_next_whole_member():
    eleven = [*MEMBERS, member("內5")]
    assert not meeting_validity(DAY, eleven, present("外1", "外2", "內1", "內2", "聯1"), Q).valid
    assert meeting_validity(DAY, eleven, present("外1", "外2", "內1", "內2", "內3", "聯1"), Q).valid


def test_written_opinion_on_day_7_counts_as_present():
    rows = [*present("外1", "內1", "內2", "內3", "聯1"), A("外2", "no_show", DAY + timedelta(days=7), True)]
    v = meeting_validity(DAY, MEMBERS, rows, Q)
    assert v.valid
    assert v.counted_by_opinion == ("外2",)
    assert "外2 於會後 7 日內提出書面意見並併入會議紀錄，視為出席" in v.reason


def test_written_opinion_on_day_8_does_not_count():
    rows = [*present("外1", "內1", "內2", "內3", "聯1"), A("外2", "late_notice", DAY + timedelta(days=8), True)]
    v = meeting_validity(DAY, MEMBERS, rows, Q)
    assert not v.valid
    assert "府外委員出席 1 人，未達 2 人" in v.reason
    assert "外2書面意見於會後 8 日送達，逾 7 日" in v.reason


def test_written_opinion_not_added_to_minutes_does_not_count():
    rows = [*present("外1", "內1", "內2", "內3", "聯1"), A("外2", "no_show", DAY + timedelta(days=2), False)]
    v = meeting_validity(DAY, MEMBERS, rows, Q)
    assert not v.valid and "外2書面意見未併入會議紀錄" in v.reason


def test_absence_with_notice_in_time_cannot_be_saved_by_written_opinion():
    """Only absences within 24 hours or on the day can be made good by a written opinion."""
    rows = [*present("外1", "內1", "內2", "內3", "聯1"), A("外2", "notice", DAY + timedelta(days=1), True)]
    assert not meeting_validity(DAY, MEMBERS, rows, Q).valid


def test_written_opinion_does_not_fix_a_meeting_short_of_half():
    rows = [*present("外1", "內1"), A("外2", "no_show", DAY, True)]
    v = meeting_validity(DAY, MEMBERS, rows, Q)
    assert not v.valid
    assert "出席委員 3 人，未達在任委員 10 人之二分之一（5 人）" in v.reason


def test_member_whose_term_ended_the_day_before_is_not_counted():
    """外4's term ended 110/03/04: 9 members in office; 外4 on the sheet as present does not count."""
    members = [m if m.name != "外4" else member("外4", "external", end=DAY - timedelta(days=1)) for m in MEMBERS]
    v = meeting_validity(DAY, members, present("外1", "外4", "內1", "內2", "聯1"), Q)
    assert v.members_in_office == 9
    assert not v.valid
    assert "府外委員出席 1 人，未達 2 人" in v.reason


def test_member_whose_term_ended_the_day_before_lowers_the_quorum():
    """Without 聯2, 內4 leaving on 110/03/04 leaves 8 in office: 4 present are half (with 內4, 9 → 5 needed)."""
    members = [m if m.name != "內4" else member("內4", end=DAY - timedelta(days=1)) for m in MEMBERS]
    members = [m for m in members if m.name != "聯2"]
    v = meeting_validity(DAY, members, present("外1", "外2", "內1", "內2"), Q)
    assert v.members_in_office == 8 and v.valid


def test_member_whose_term_ends_on_the_day_is_still_in_office():
    members = [m if m.name != "內4" else member("內4", end=DAY) for m in MEMBERS]
    assert meeting_validity(DAY, members, [], Q).members_in_office == 10
