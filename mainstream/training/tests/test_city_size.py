"""Pages that hold at city size (issue 16, item 3): a unit's e-learning export of 30,000 people is imported; the
unit's training page answers with one page of people (under 300 KB) and its download streams all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mainstream.imports.readers import read_rows
from mainstream.training.bench import generate_unit
from mainstream.training.importer import training_import

PEOPLE = 30_000


@pytest.mark.django_db
def test_a_unit_of_30000_people_answers_with_one_page_under_300_kb(
    registry, make_user, client, tmp_path, record_property
):
    export = tmp_path / "labor.csv"
    generate_unit(export, unit="臺北市政府勞動局", people=PEOPLE, year=111)
    result = training_import(path=export)
    assert result.ok and result.created == PEOPLE

    client.force_login(make_user("liaison", "勞動局"))
    response = client.get("/training/units/勞動局/", {"year": "111"})
    assert response.status_code == 200
    assert len(response.content) < 300_000, f"{len(response.content):,} bytes"
    record_property("summary", f"勞動局 30,000 人：培力頁 {len(response.content) / 1024:.0f} KB（上限 300 KB）")
    listing = response.context["listing"]
    assert listing.total == PEOPLE and len(listing.items) == 100
    page = response.content.decode()
    assert "第 1 / 300 頁" in page and page.count("****") >= 100

    last = client.get("/training/units/勞動局/", {"year": "111", "page": "300", "sort": "-masked"})
    assert len(last.context["listing"].items) == 100 and len(last.content) < 300_000

    download = client.get("/training/units/勞動局/", {"year": "111", "format": "ods"})
    assert download.streaming
    path = Path(tmp_path / "short.ods")
    path.write_bytes(b"".join(download.streaming_content))
    rows = list(read_rows(path))
    assert len(rows) == PEOPLE + 1
    assert all(values[0].endswith("****") for _, values in rows[1:])


@pytest.mark.django_db
def test_the_people_list_is_filtered_and_sorted_on_the_server(registry, make_user, client, tmp_path):
    export = tmp_path / "labor.csv"
    generate_unit(export, unit="臺北市政府勞動局", people=250, year=111)
    assert training_import(path=export).ok
    client.force_login(make_user("liaison", "勞動局"))
    everyone = client.get("/training/units/勞動局/", {"year": "111", "sort": "masked"}).context["listing"]
    first = everyone.items[0]
    found = client.get("/training/units/勞動局/", {"year": "111", "q": first.masked[:6]}).context["listing"]
    assert found.total >= 1 and all(s.masked.startswith(first.masked[:6]) for s in found.page.paginator.object_list)
    by_name = client.get("/training/units/勞動局/", {"year": "111", "q": first.name}).context["listing"]
    assert first.masked in {s.masked for s in by_name.page.paginator.object_list}
    descending = client.get("/training/units/勞動局/", {"year": "111", "sort": "-masked"}).context["listing"]
    assert descending.items[0].masked == max(s.masked for s in everyone.page.paginator.object_list)
    nobody = client.get("/training/units/勞動局/", {"year": "111", "category": "supervisor"}).context["listing"]
    assert nobody.total == 0
