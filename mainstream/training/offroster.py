"""People in a training export who are on no roster of the year (issue 16, item 4).

An e-learning export names people and the unit of their records, not their staff category: the categories come from
the rosters (``staff`` import). A person on no roster is never counted silently: every import's summary counts and
lists them (masked, never the ID number), the unit's page says how many it has, and the office's rule
(``TrainingPolicy.off_roster``, data it changes on the training settings page) decides how the duties count them.
"""

from __future__ import annotations

from typing import Any

SAMPLE = 500  # masked IDs kept in a summary; the count is always complete


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


def off_roster_summary(people: str, year: int | None) -> dict[str, Any]:
    """An import's people → how many are on no roster of ``year``, a sample of them masked (by masked number,
    then name) and the rule they were counted by. ``people``: SQL giving one row a person with its ``id_hash``,
    ``id_masked`` and ``name`` (the import's staged people, ``importer.sql.people_first``) — counted in the
    database, never a list of them in this process: an export may name a million people."""
    from django.db import connection

    byte_order = ' COLLATE "C"' if connection.vendor == "postgresql" else ""  # as Python sorts str (SQLite: BINARY)
    missing = (
        "NOT EXISTS (SELECT 1 FROM training_staff s JOIN training_person p ON p.id = s.person_id "
        "WHERE s.year = %s AND p.id_hash = x.id_hash)"
        if year is not None
        else "1 = 1"
    )
    params = [year] if year is not None else []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), coalesce(sum(CASE WHEN {missing} THEN 1 ELSE 0 END), 0) FROM ({people}) x", params
        )
        everyone, off = cursor.fetchone()
        cursor.execute(
            f"SELECT id_masked, name FROM ({people}) x WHERE {missing} "
            f"ORDER BY id_masked{byte_order}, name{byte_order} LIMIT {SAMPLE}",
            params,
        )
        sample = [f"{masked} {name}".strip() for masked, name in cursor.fetchall()]
    rule = off_roster_rule()
    return {
        "off_roster": int(off),
        "off_roster_sample": sample,
        "off_roster_rule": rule,
        "off_roster_rule_label": off_roster_label(rule, year),
        "people": int(everyone),
    }
