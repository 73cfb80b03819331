"""Verdicts over time (issue 13, item 2): what changed since a date, and a unit's progress, from stored verdicts;
a liaison sees only its own unit's."""

from __future__ import annotations

from datetime import date

from mainstream.evaluation.history import unit_progress, verdict_changes
from mainstream.evaluation.stored import findings_stored
from mainstream.units.access import units_visible_to

YEAR = 111
EARLY, LATE = date(2022, 6, 30), date(2023, 1, 15)  # the window open, then closed


def test_changes_since_a_date_name_the_newly_late(registry, make_user):
    findings_stored(year=YEAR, as_of=EARLY)
    findings_stored(year=YEAR, as_of=LATE)
    office = make_user("admin")
    changes = verdict_changes(office, year=YEAR, since=EARLY, until=LATE)
    late = [c for c in changes if c.kind == "newly_late"]
    assert late, "an empty registry: every duty still in progress in June is late in January"
    assert all(c.before == "in_progress" and c.after == "unmet" for c in late)
    unit = next(u for u in late[0].units)
    liaison = make_user("liaison", unit)
    mine = verdict_changes(liaison, year=YEAR, since=EARLY, until=LATE)
    visible = {u.short_name for u in units_visible_to(liaison)}
    assert mine and all(visible.intersection(c.units) or not c.units for c in mine)
    assert len(mine) < len(changes)


def test_progress_page_shows_chart_and_table_for_own_unit_only(registry, make_user, client):
    unit = "勞動局"
    other = "衛生局"
    findings_stored(year=YEAR, as_of=EARLY)
    assert unit_progress(year=YEAR, unit=unit)
    client.force_login(make_user("liaison", unit))
    page = client.get(f"/todo/{unit}/progress/?year={YEAR}&as_of=111/06/30")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "<table>" in text and 'role="img"' in text
    assert client.get(f"/todo/{other}/progress/?year={YEAR}").status_code == 404
    changes = client.get(f"/changes/?year={YEAR}&since=111/06/30&as_of=112/01/15")
    assert changes.status_code == 200 and "新逾期未達成" in changes.content.decode()
