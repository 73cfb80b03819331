"""People in a training export who are on no roster of the year (issue 16, item 4).

An e-learning export names people and the unit of their records, not their staff category: the categories come from
the rosters (``staff`` import). A person on no roster is never counted silently: every import's summary counts and
lists them (masked, never the ID number), the unit's page says how many it has, and the office's rule
(``TrainingPolicy.off_roster``, data it changes on the training settings page) decides how the duties count them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SAMPLE = 500  # masked IDs kept in a summary; the count is always complete
CHUNK = 900


def off_roster_rule() -> str:
    """The office's rule: ``general`` (general staff of the unit of their records) or ``exclude``."""
    from .models import TrainingPolicy

    row = TrainingPolicy.objects.order_by("id").first()
    return row.off_roster if row else TrainingPolicy.OffRoster.GENERAL


def off_roster_label(rule: str, year: int | None = None) -> str:
    """The office's rule in words, the category named as the plan in force names it (「計為該機關一般公務人員」)."""
    from mainstream.plan.selectors import YearNotCovered, plan_in_force, plan_year_default

    from .models import TrainingPolicy

    if rule != TrainingPolicy.OffRoster.GENERAL:
        return str(TrainingPolicy.OffRoster(rule).label)
    try:
        plan = plan_in_force(year or plan_year_default())
    except YearNotCovered:
        plan = plan_in_force(plan_year_default())
    return f"計為該機關{plan.staff_category_name(TrainingPolicy.OffRoster.GENERAL)}"


def off_roster_summary(people: Iterable[tuple[str, str, str]], year: int | None) -> dict[str, Any]:
    """(hash, masked, name) of an import's people → how many are on no roster of ``year``, a sample of them masked
    (with the unit of their records in this import when known), and the rule they were counted by."""
    from django.db import connection

    people = list(people)
    on_roster: set[str] = set()
    if year is not None:
        hashes = [h for h, _, _ in people]
        with connection.cursor() as cursor:
            for start in range(0, len(hashes), CHUNK):
                part = hashes[start : start + CHUNK]
                cursor.execute(
                    "SELECT DISTINCT p.id_hash FROM training_staff s JOIN training_person p ON p.id = s.person_id "
                    f"WHERE s.year = %s AND p.id_hash IN ({', '.join(['%s'] * len(part))})",
                    [year, *part],
                )
                on_roster.update(row[0] for row in cursor.fetchall())
    missing = [(masked, name) for h, masked, name in people if h not in on_roster]
    rule = off_roster_rule()
    return {
        "off_roster": len(missing),
        "off_roster_sample": [f"{masked} {name}".strip() for masked, name in sorted(missing)[:SAMPLE]],
        "off_roster_rule": rule,
        "off_roster_rule_label": off_roster_label(rule, year),
        "people": len(people),
    }
