"""Whether a task force meeting is valid (有效會議, 伍、一、(二)、4、A) — a pure function over plain data.

A meeting is valid when at least ``quorum_min_external`` (2) external members are present and the members
present are at least ``quorum_share`` (one half) of all members in office on the meeting date. A meeting
that fails only because external members were absent less than 24 hours before or on the day becomes
valid when each such member's written opinion (書面意見) arrived within ``written_opinion_days`` (7) days
after the meeting and was added to the minutes: those members count as present and the test is run again.
The numbers come from the plan file (``mechanism.taskforce.meetings`` params).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

EXTERNAL, INTERNAL, LIAISON = "external", "internal", "liaison"
PRESENT, NOTICE, LATE_NOTICE, NO_SHOW = "present", "notice", "late_notice", "no_show"
KIND_LABELS = {EXTERNAL: "府外委員", INTERNAL: "府內委員", LIAISON: "性平聯絡人委員"}
SHARE_WORDS = {Fraction(1, 2): "二分之一", Fraction(1, 3): "三分之一", Fraction(2, 3): "三分之二"}


@dataclass(frozen=True)
class MemberFact:
    name: str
    sex: str
    kind: str  # external | internal | liaison
    term_start: date
    term_end: date | None = None  # last day in office (inclusive)
    convener: bool = False
    from_unit: str | None = None
    wrpc_terms: tuple[int, ...] = ()
    id: int | None = None
    organisation: str = ""  # 所屬機關 as recorded (a unit's short or full name, the office, or an outside body)
    title: str = ""  # 職稱

    def in_office(self, on: date) -> bool:
        return self.term_start <= on and (self.term_end is None or self.term_end >= on)


@dataclass(frozen=True)
class AttendanceFact:
    name: str
    status: str  # present | notice | late_notice | no_show
    written_opinion_on: date | None = None
    opinion_in_minutes: bool = False


@dataclass(frozen=True)
class Quorum:
    """The plan's quorum (伍、一、(二)、4、A), read from the plan file by ``from_params``; no defaults in code."""

    min_external: int
    share: Fraction
    written_opinion_days: int

    @classmethod
    def from_params(cls, min_external: int, share: dict | Fraction | float, days: int) -> Quorum:
        return cls(int(min_external), fraction_param(share), int(days))


def fraction_param(value: dict | Fraction | float) -> Fraction:
    """A share as the plan file writes it (``{numerator: 1, denominator: 3}``) or as a number."""
    if isinstance(value, dict):
        return Fraction(int(value["numerator"]), int(value["denominator"]))
    return Fraction(value)


@dataclass(frozen=True)
class Validity:
    valid: bool
    reason: str
    members_in_office: int
    present: int
    external_present: int
    required_present: int
    counted_by_opinion: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def share_words(share: Fraction) -> str:
    return SHARE_WORDS.get(share, f"{share.numerator}/{share.denominator}")


def required_count(total: int, share: Fraction) -> int:
    """The least whole number of members that is at least ``share`` of ``total``."""
    return math.ceil(share * total)


def opinion_counts(a: AttendanceFact, meeting_on: date, days: int) -> tuple[bool, str]:
    """Whether an absent external member's written opinion lets them count as present, and why not."""
    if a.written_opinion_on is None:
        return False, f"{a.name}未提出書面意見"
    late = (a.written_opinion_on - meeting_on).days
    if a.written_opinion_on < meeting_on:
        late = 0
    if late > days:
        return False, f"{a.name}書面意見於會後 {late} 日送達，逾 {days} 日"
    if not a.opinion_in_minutes:
        return False, f"{a.name}書面意見未併入會議紀錄"
    return True, ""


def meeting_validity(
    meeting_on: date,
    members: list[MemberFact] | tuple[MemberFact, ...],
    attendance: list[AttendanceFact] | tuple[AttendanceFact, ...],
    quorum: Quorum,
) -> Validity:
    """Validity of one meeting, with the reason in words (伍、一、(二)、4、A)."""
    serving = {m.name: m for m in members if m.in_office(meeting_on)}
    total = len(serving)
    need = required_count(total, quorum.share)
    words = share_words(quorum.share)
    rows = [a for a in attendance if a.name in serving]
    present = {a.name for a in rows if a.status == PRESENT}
    ext_present = sum(serving[n].kind == EXTERNAL for n in present)

    def problems(n_present: int, n_ext: int) -> list[str]:
        out = []
        if n_ext < quorum.min_external:
            out.append(f"府外委員出席 {n_ext} 人，未達 {quorum.min_external} 人")
        if n_present < need:
            out.append(f"出席委員 {n_present} 人，未達在任委員 {total} 人之{words}（{need} 人）")
        return out

    if total == 0:
        return Validity(False, "會議當日無在任委員", 0, 0, 0, 0)
    first = problems(len(present), ext_present)
    ok_text = f"府外委員出席 {ext_present} 人，出席委員 {len(present)} 人，達在任委員 {total} 人之{words}（{need} 人）"
    if not first:
        return Validity(True, f"有效：{ok_text}", total, len(present), ext_present, need)

    # 伍、一、(二)、4、A: external members absent within 24 hours or on the day may count by written opinion
    late_external = [a for a in rows if serving[a.name].kind == EXTERNAL and a.status in (LATE_NOTICE, NO_SHOW)]
    counted: list[str] = []
    notes: list[str] = []
    for a in late_external:
        ok, why = opinion_counts(a, meeting_on, quorum.written_opinion_days)
        if ok:
            counted.append(a.name)
        else:
            notes.append(why)
    if counted:
        second = problems(len(present) + len(counted), ext_present + len(counted))
        if not second:
            reason = (
                f"有效：府外委員 {'、'.join(counted)} 於會後 {quorum.written_opinion_days} 日內提出書面意見"
                f"並併入會議紀錄，視為出席；府外委員出席 {ext_present + len(counted)} 人，"
                f"出席委員 {len(present) + len(counted)} 人，達在任委員 {total} 人之{words}（{need} 人）"
            )
            return Validity(
                True,
                reason,
                total,
                len(present) + len(counted),
                ext_present + len(counted),
                need,
                tuple(counted),
                tuple(notes),
            )
        first = second
        notes.insert(0, f"{'、'.join(counted)}之書面意見視為出席後仍未達")
    reason = "無效：" + "；".join(first + notes)
    return Validity(False, reason, total, len(present), ext_present, need, tuple(counted), tuple(notes))
