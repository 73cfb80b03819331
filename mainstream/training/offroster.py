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

    postgresql = connection.vendor == "postgresql"
    byte_order = ' COLLATE "C"' if postgresql else ""  # as Python sorts str (SQLite: BINARY)
    # The year's rostered people once (each hash once), then one anti-join: never a sub-query a person, which
    # PostgreSQL, with statistics that call the tables empty (a test's transaction, a table just truncated), ran
    # as a scan of every roster row joined to every person — for each person of the file (minutes for 1,569 people).
    roster = (
        "SELECT DISTINCT p.id_hash FROM training_staff s JOIN training_person p ON p.id = s.person_id WHERE s.year = %s"
        if year is not None
        else "SELECT NULL AS id_hash WHERE 1 = 0"
    )
    # the file's people once (one sort of the staged people), counted and sampled in one statement: the row marked
    # 0 holds the counts, those marked 1 the sample (sorted again here: a UNION ALL promises no order)
    materialized = "MATERIALIZED " if postgresql else ""
    params = [year] if year is not None else []
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH roster AS {materialized}({roster}), x AS {materialized}(SELECT x.id_masked, x.name, "
            f"r.id_hash IS NULL AS off FROM ({people}) x LEFT JOIN roster r ON r.id_hash = x.id_hash) "
            "SELECT 0, NULL, NULL, count(*), count(*) FILTER (WHERE off) FROM x UNION ALL "
            f"SELECT * FROM (SELECT 1, id_masked, name, CAST(NULL AS bigint), CAST(NULL AS bigint) FROM x WHERE off "
            f"ORDER BY id_masked{byte_order}, name{byte_order} LIMIT {SAMPLE}) s",
            params,
        )
        found = cursor.fetchall()
    counts = next(row for row in found if row[0] == 0)
    everyone, off = counts[3], counts[4]
    sample = [f"{masked} {name}".strip() for masked, name in sorted(row[1:3] for row in found if row[0] == 1)]
    rule = off_roster_rule()
    return {
        "off_roster": int(off),
        "off_roster_sample": sample,
        "off_roster_rule": rule,
        "off_roster_rule_label": off_roster_label(rule, year),
        "people": int(everyone),
    }
