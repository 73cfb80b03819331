"""Who is late, by when (issue 16, item 1): due dates, the scorecard's filters, totals, sorting and exports."""

from __future__ import annotations

import io
import numbers
from datetime import date

import pytest
from django.urls import reverse

from mainstream.followup.selectors import DutyFilter, due_date, duty_rows
from mainstream.followup.services import deadline_set
from mainstream.imports.readers import read_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user, client):
    user = make_user("admin", "性平辦")
    client.force_login(user)
    return user


def test_a_duty_is_due_at_the_end_of_its_window_unless_the_office_sets_a_deadline(registry, plan, office):
    assert due_date(plan, 111, "measures.items", "A") == date(2022, 12, 31)
    # E1 counts analyses over two years (109–110, 111–112): 111's are due at the end of 112
    assert plan.window_of("analysis.count", "E1", 111) == (111, 112)
    assert due_date(plan, 111, "analysis.count", "E1") == date(2023, 12, 31)
    deadline_set(year=111, rule="measures.items", due=date(2022, 11, 30), reason="配合年終考核", by=office)
    rows = duty_rows(office, year=111, as_of=date(2022, 10, 31), unit="勞動局")
    items = [r for r in rows if r.finding.rule == "measures.items"]
    assert [(r.due, r.status, r.when_text) for r in items] == [(date(2022, 11, 30), "in_progress", "尚有 30 日")]


def test_the_office_filters_the_scorecard_to_unmet_duties_of_group_a(registry, plan, office, client):
    response = client.get("/scorecard/", {"year": "110", "as_of": "111/01/10", "status": "unmet", "group": "A"})
    assert response.status_code == 200
    listing = response.context["listing"]
    rows = list(listing.page.paginator.object_list)
    assert rows and all(r.status == "unmet" and r.group == "A" for r in rows)
    group_a = {u.short for u in plan.executing_units() if u.group == "A"}
    assert {r.unit for r in rows} == group_a
    grid_units = {row.unit for g in response.context["card"].groups for row in g.rows}
    assert grid_units == group_a
    assert [g.code for g in response.context["card"].groups] == ["A"]
    # sorted by due date by default, and the column headers say so
    assert [r.due for r in rows] == sorted(r.due for r in rows)
    assert 'aria-sort="ascending"' in response.content.decode()


def test_in_progress_and_due_soon_on_a_day_inside_the_year(registry, office, client):
    deadline_set(year=111, rule="measures.items", due=date(2022, 11, 15), by=office)
    response = client.get("/scorecard/", {"year": "111", "as_of": "111/10/31", "status": "due_soon", "soon": "20"})
    rows = list(response.context["listing"].page.paginator.object_list)
    assert rows and {r.finding.rule for r in rows} == {"measures.items"}
    assert all(r.status == "in_progress" and r.days_left == 15 for r in rows)
    body = response.content.decode()
    assert "111/11/15" in body and "尚有 15 日" in body


def test_sorting_by_unit_descending_and_pages_of_a_hundred(registry, office, client):
    response = client.get("/scorecard/", {"year": "110", "as_of": "111/01/10", "sort": "-unit"})
    listing = response.context["listing"]
    assert listing.total > 100 and len(listing.items) == 100
    orders = [r.unit_order for r in listing.items]
    assert orders == sorted(orders, reverse=True)
    second = client.get("/scorecard/", {"year": "110", "as_of": "111/01/10", "sort": "-unit", "page": "2"})
    assert second.context["listing"].page.number == 2
    assert "sort=-unit" in listing.next_url and "year=110" in listing.next_url


def test_city_totals_beside_an_svg_chart(registry, office, client):
    response = client.get("/scorecard/", {"year": "110", "as_of": "111/01/10", "group": "A"})
    totals = response.context["totals"]
    rows = list(response.context["listing"].page.paginator.object_list)
    assert totals.rows == len(rows)
    body = response.content.decode()
    assert '<svg role="img" aria-labelledby="chart-title chart-desc"' in body
    assert "<desc" in body and "各工具應辦事項數" in body
    assert "<script" not in body.split("<main", 1)[1]  # no inline script (CSP)


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_the_export_holds_what_the_page_shows(registry, office, client, tmp_path, fmt):
    params = {"year": "110", "as_of": "111/01/10", "status": "unmet", "group": "A", "tool": "measures"}
    page = client.get("/scorecard/", params)
    shown = list(page.context["listing"].page.paginator.object_list)
    response = client.get("/scorecard/", {**params, "format": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    path = tmp_path / f"card.{fmt}"
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    cells = [values for _, values in read_rows(path)]
    assert "考核基準日：111/01/10" in cells[1][0]
    assert "狀態：未達成" in cells[2][0] and "群組：A" in cells[2][0]
    header = next(i for i, row in enumerate(cells) if row and row[0] == "群組")
    data = [row for row in cells[header + 1 :] if any(row)]
    assert [(row[1], row[3], row[5], row[8]) for row in data] == [
        (r.unit, r.title, "未達成", r.due_text) for r in shown
    ]
    # numbers are numbers: the days to the deadline (negative: overdue) and counts, as the spreadsheet reads them
    typed = _typed_rows(path, fmt)
    start = next(i for i, row in enumerate(typed) if row and row[0] == "群組") + 1
    typed = typed[start : start + len(data)]
    assert [row[9] for row in typed] == [r.days_left for r in shown]
    assert all(isinstance(row[9], numbers.Number) for row in typed)
    counts = [(row[6], r.finding.actual) for row, r in zip(typed, shown, strict=True) if type(r.finding.actual) is int]
    assert counts and all(isinstance(cell, numbers.Number) and cell == actual for cell, actual in counts)


def _typed_rows(path, fmt: str) -> list[list[object]]:
    """The first sheet's cells as the spreadsheet types them (a number is a number, not its text)."""
    if fmt == "xlsx":
        from openpyxl import load_workbook

        return [list(r) for r in load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)]
    from odfdo import Document

    return Document(path).body.get_tables()[0].get_values()


def test_a_liaison_sees_only_its_unit_and_cannot_remind(make_user, client, registry):
    client.force_login(make_user("liaison", "勞動局"))
    response = client.get("/scorecard/", {"year": "110", "as_of": "111/01/10"})
    rows = list(response.context["listing"].page.paginator.object_list)
    assert {r.unit for r in rows} == {"勞動局"}
    assert response.context["can_remind"] is False
    assert client.get(reverse("followup:reminder_new"), {"year": "110"}).status_code == 403
    assert client.get(reverse("followup:deadlines")).status_code == 403


def test_the_unit_to_do_page_lists_open_duties_by_due_date(registry, office, client):
    deadline_set(year=111, rule="analysis.count", due=date(2022, 6, 30), by=office)
    response = client.get("/todo/勞動局/", {"year": "111", "as_of": "111/10/31"})
    items = response.context["open_items"]
    dues = [it["due"] for it in items]
    assert dues == sorted(dues)
    assert items[0]["f"].rule == "analysis.count" and "已逾期" in items[0]["when"]


def test_filter_from_ignores_values_it_does_not_know():
    from mainstream.followup.selectors import duty_filter_from

    f = duty_filter_from({"status": "<b>", "sort": "drop table", "soon": "x"}, 30)
    assert f == DutyFilter(soon_days=30)


def test_export_bytes_are_a_real_spreadsheet(registry, office, client):
    from odfdo import Document

    response = client.get("/scorecard/", {"year": "110", "as_of": "111/01/10", "format": "ods"})
    assert response.streaming  # written as it is sent, never held by a worker (item 3)
    assert 'filename="scorecard-110-1110110.ods"' in response["Content-Disposition"]  # ROC date in the name too
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    names = [t.name for t in doc.body.get_tables()]
    assert names == ["應辦事項", "統計"]


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(registry, office, tmp_path, fmt):
    """A finding's words come from records people type (names, titles): one starting with = + - @ must not become
    a formula in the office's spreadsheet."""
    import dataclasses

    from mainstream.followup.exports import scorecard_sheets
    from mainstream.followup.selectors import totals_of
    from mainstream.plan.selectors import plan_in_force
    from mainstream.spreadsheets import spreadsheet_stream

    rows = duty_rows(office, year=110, as_of=date(2022, 1, 10))[:2]
    evil = dataclasses.replace(rows[0].finding, detail='=HYPERLINK("http://x","點我")')
    rows = [dataclasses.replace(rows[0], finding=evil, unit="@SUM(1)"), rows[1]]
    sheets = scorecard_sheets(110, date(2022, 1, 10), DutyFilter(), rows, totals_of(rows, plan_in_force(110)))
    response = spreadsheet_stream(sheets, fmt=fmt, filename="t")
    path = tmp_path / f"t.{fmt}"
    path.write_bytes(b"".join(response.streaming_content))
    cells = [values for _, values in read_rows(path)]
    header = next(i for i, row in enumerate(cells) if row and row[0] == "群組")
    first = cells[header + 1]
    assert first[1] == "'@SUM(1)" and first[10] == '\'=HYPERLINK("http://x","點我")'


def test_the_office_sets_a_deadline_and_the_settings_on_its_page(registry, office, client):
    page = client.get(reverse("followup:deadlines"), {"year": "111"})
    assert page.status_code == 200 and "112/12/31" in page.content.decode()  # E1's two-year window
    client.post(reverse("followup:deadlines"), {"year": "111", "rule": "measures.items", "due": "111/11/30"})
    client.post(
        reverse("followup:deadlines"),
        {"year": "111", "what": "settings", "due_soon_days": "21", "reminder_days": "3, 14"},
    )
    from mainstream.followup.models import Deadline
    from mainstream.followup.selectors import followup_settings

    assert Deadline.objects.get().due == date(2022, 11, 30)
    assert (followup_settings().due_soon_days, followup_settings().reminder_days) == (21, [14, 3])
    bad = client.post(
        reverse("followup:deadlines"), {"year": "111", "rule": "measures.items", "due": "100/01/01"}, follow=True
    )
    assert "期限須在 111 年初" in bad.content.decode()
    client.post(reverse("followup:deadlines"), {"year": "111", "rule": "measures.items", "due": ""})
    assert not Deadline.objects.exists()
