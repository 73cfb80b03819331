"""The gender statistics database: PX in, JSON-stat and PX out (伍、三、(二)、1、C), on real PX files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from mainstream.statistics.jsonstat import jsonstat_dump, jsonstat_load
from mainstream.statistics.models import StatRevision, StatTable
from mainstream.statistics.px import PxError, px_read, px_write

HERE = Path(__file__).parent / "px"
SEX_YEAR = HERE / "sex_year_big5.px"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_a_big5_px_with_sex_by_year_reads_with_its_english_labels_and_missing_marker():
    cube = px_read(SEX_YEAR.read_bytes())
    assert cube.code == "G0101"
    assert [d.code for d in cube.dimensions] == ["性別", "年別"]
    assert [d.role for d in cube.dimensions] == ["sex", "time"]
    assert [c.label_en for c in cube.dimensions[0].categories] == ["Male", "Female"]
    assert cube.values == [66.1, 65.8, 66.3, 51.2, None, 52.9]
    assert cube.status == {4: "..."}
    assert cube.notes == "資料來源為人力資源調查；112 年為初步統計。"  # a quoted string continued on the next line


def test_px_web_s_own_example_file_reads_with_every_missing_marker():
    cube = px_read((HERE / "BE0101F1nolang.px").read_bytes())
    assert cube.size == [4, 3, 1, 2, 2]
    assert sorted(cube.status.values()) == sorted([".", "..", "...", "....", ".....", "......", "-"])
    assert cube.values[0] == 456 and cube.values[-1] == 35


@pytest.mark.django_db
def test_an_outside_px_from_spain_s_ine_imports_in_iso_8859_15_and_round_trips():
    """Outside data (see SOURCES.md): INE's file as pyaxis keeps it — ISO-8859-15, a quoted ".." as first value."""
    from mainstream.statistics.services import stat_table_import
    from mainstream.statistics.tables import stat_table_cube

    raw = (HERE / "ine_01001_iso8859-15.px").read_bytes()
    assert "ñ".encode("iso-8859-15") in raw  # really a single-byte file, not UTF-8
    table, revision = stat_table_import(cube=px_read(raw), filename="01001.px", by=None)
    assert (table.code, revision.number) == ("01001", 1)
    assert table.source == "Instituto Nacional de Estadística"
    cube = stat_table_cube(table)
    assert cube.size == [7, 3]
    assert cube.dimensions[0].categories[0].label == "Número de Centros"
    assert cube.values[0] is None and cube.status == {0: ".."}
    assert cube.values[1:4] == [6477, 144, 2478366] and cube.values[-1] == 16203
    back = px_read(px_write(jsonstat_load(json.loads(json.dumps(jsonstat_dump(cube))))))
    assert back.values == cube.values and back.status == cube.status


@pytest.mark.django_db
def test_px_web_s_two_language_file_with_a_sex_dimension_imports_and_gives_sex_ratio_and_gap(client):
    """Outside data (see SOURCES.md): Statistics Sweden's PxWeb example in ISO-8859-1, LANGUAGE en with [sv]
    variants, sex as "men"/"women" coded 1/2, PX-Web's own missing markers."""
    from mainstream.statistics.services import stat_table_import

    raw = (HERE / "BE0101F1langensvolikacelln.px").read_bytes()
    assert "Väsby".encode("iso-8859-1") in raw
    cube = px_read(raw)
    assert [d.role for d in cube.dimensions] == ["area", "", "time", "", "sex"]
    assert cube.size == [4, 3, 1, 2, 2] and cube.status == {1: ".", 5: ".."}
    stat_table_import(cube=cube, filename="BE0101F1.px", by=None)
    # 00 Sweden, age 20, 2003, outmigrated: men 223, women 327 → ratio 223 / 327 × 100 = 68.2, gap +104
    page = client.get("/zone/statistics/BE0101F1/?region=00&age=20&type=BE0101F2").content.decode()
    assert "<td>68.2</td>" in page and "<td>+104.0</td>" in page
    data = client.get("/zone/statistics/api/tables/BE0101F1/?region=00&age=20").json()
    assert data["extension"]["derived"]["sex_ratio"]["value"] == [None, 68.2]  # inmigrated women "." → none
    assert "0114 Upplands Väsby" in client.get("/zone/statistics/compare/").content.decode()


def test_px_web_s_own_example_file_round_trips_through_json_stat():
    cube = px_read((HERE / "BE0101F1nolang.px").read_bytes())
    back = px_read(px_write(jsonstat_load(json.loads(json.dumps(jsonstat_dump(cube))))))
    assert back.values == cube.values and back.status == cube.status


def test_round_trip_px_to_json_stat_to_px_keeps_numbers_categories_and_markers():
    cube = px_read(SEX_YEAR.read_bytes())
    back = px_read(px_write(jsonstat_load(json.loads(json.dumps(jsonstat_dump(cube))))))
    assert back.values == cube.values
    assert back.status == cube.status
    assert [[c.code for c in d.categories] for d in back.dimensions] == [
        [c.code for c in d.categories] for d in cube.dimensions
    ]
    assert back.title_en == cube.title_en


@pytest.mark.parametrize(
    ("broken", "line", "words"),
    [
        ("", 28, "DATA 有 5"),  # one value fewer than 2 × 3: the DATA keyword's line
        ("51.2 abc 52.9;", 30, "不是數字"),  # the value's own line
        ("", 22, None),  # UNITS=="%" x;
    ],
)
def test_a_bad_px_is_refused_with_its_line(broken, line, words):
    text = SEX_YEAR.read_bytes().decode("cp950")
    if words == "DATA 有 5":
        text = text.replace('51.2 "..." 52.9;', "51.2 52.9;")
    elif words == "不是數字":
        text = text.replace('51.2 "..." 52.9;', broken)
    else:
        text = text.replace('UNITS="%";', 'UNITS=="%" x;')
        words = "語法無法辨識"
    with pytest.raises(PxError) as caught:
        px_read(text.encode("cp950"))
    assert caught.value.line == line
    assert words in str(caught.value)


@pytest.mark.django_db
def test_import_then_cli_and_api_give_the_same_json_stat(client):
    code, out, err = run("import_file", "stat-table", str(SEX_YEAR))
    assert code == 0, err
    table = StatTable.objects.get(code="G0101")
    assert table.title_en.startswith("Labour force")
    code, out, _ = run("stats", "export", "G0101", "--format", "jsonstat", "--filter", "年別=2022,2023")
    cli = json.loads(out)
    api = client.get("/zone/statistics/api/tables/G0101/?年別=2022&年別=2023").json()
    assert cli["value"] == api["value"] == [65.8, 66.3, None, 52.9]
    assert cli["dimension"] == api["dimension"]
    assert cli["status"] == api["status"] == {"2": "..."}
    assert client.get("/zone/statistics/api/tables/").json()["tables"][0]["code"] == "G0101"
    assert client.get("/zone/statistics/api/openapi.json").json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_importing_again_replaces_values_and_keeps_the_revision():
    assert run("import_file", "stat-table", str(SEX_YEAR))[0] == 0
    assert run("import_file", "stat-table", str(SEX_YEAR))[0] == 0
    assert list(StatRevision.objects.values_list("number", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_a_bad_file_writes_nothing_and_names_the_line(tmp_path):
    bad = tmp_path / "bad.px"
    bad.write_bytes(SEX_YEAR.read_bytes().replace(b"66.3", b"6x.3"))
    code, _out, err = run("import_file", "stat-table", str(bad))
    assert code == 1
    assert "第 29 行" in err
    assert not StatTable.objects.exists()


@pytest.mark.django_db
def test_the_query_page_shows_table_chart_text_and_downloads(client):
    run("import_file", "stat-table", str(SEX_YEAR))
    page = client.get("/zone/statistics/G0101/?年別=2021&年別=2023&cols=年別")
    html = page.content.decode()
    assert page.status_code == 200
    assert "66.1" in html and "<svg" in html and "<desc" in html
    en = client.get("/zone/statistics/G0101/?lang=en").content.decode()
    assert "Female" in en
    csv = client.get("/zone/statistics/G0101/data.csv?性別=F").content
    assert csv.startswith(b"\xef\xbb\xbf")
    assert "51.2" in csv.decode("utf-8-sig")
    px = client.get("/zone/statistics/G0101/data.px?性別=F").content
    assert px_read(px).values == [51.2, None, 52.9]


@pytest.mark.django_db
def test_the_demo_tables_show_on_the_query_page_and_the_six_city_comparison(client, registry):
    from mainstream.statistics.demo import demo_load

    demo_load()
    page = client.get("/zone/statistics/G0201/?區域=C0&區域=C1&年別=2023").content.decode()
    assert "臺北市" in page and "新北市" in page and "52.9" in page
    assert client.get("/zone/statistics/G0101/").status_code == 200


@pytest.mark.django_db
def test_a_unit_s_public_page_lists_its_indicators_with_their_tables(client, registry):
    from mainstream.statistics.demo import demo_load

    demo_load()
    page = client.get("/zone/主計處/").content.decode()
    assert "臺北市性別平等指標" in page and "/zone/statistics/G0101/" in page


LONG = [
    ["表號", "表名", "年度", "性別", "區域", "數值", "單位"],
    ["G0301", "各區就業者人數", "111", "男", "中正區", "1200", "人"],
    ["G0301", "各區就業者人數", "111", "女", "中正區", "1300", "人"],
    ["G0301", "各區就業者人數", "112", "男", "中正區", "..", "人"],
    ["G0301", "各區就業者人數", "112", "女", "中正區", "1350", "人"],
]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_the_long_format_imports_from_csv_xlsx_and_ods(tmp_path, fmt, client):
    from mainstream.imports.template_files import ods_build, xlsx_build

    path = tmp_path / f"long.{fmt}"
    if fmt == "csv":
        path.write_bytes("\n".join(",".join(r) for r in LONG).encode("cp950"))
    else:
        path.write_bytes((xlsx_build if fmt == "xlsx" else ods_build)([("表", LONG)]))
    code, _out, err = run("import_file", "stat-table", str(path))
    assert code == 0, err
    data = client.get("/zone/statistics/api/tables/G0301/?性別=女").json()
    assert data["value"] == [1300, 1350]
    assert data["role"]["time"] == ["年度"]
    assert client.get("/zone/statistics/G0301/data.ods").status_code == 200
    assert client.get("/zone/statistics/G0301/data.xlsx").status_code == 200


@pytest.mark.django_db
def test_a_bad_long_format_file_is_refused_with_every_row_s_reason(tmp_path):
    rows = [*LONG, ["G0301", "各區就業者人數", "112", "女", "中正區", "很多", "人"], LONG[1]]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    code, _out, err = run("import_file", "stat-table", str(path))
    assert code == 1
    assert "第 6 列（數值）：「很多」不是數字" in err
    assert "第 7 列：與第 2 列重複" in err
    assert not StatTable.objects.exists()


@pytest.mark.django_db
def test_the_chart_book_is_an_odt_with_both_languages_and_the_chart(tmp_path, registry):
    import zipfile

    from mainstream.statistics.demo import demo_load

    demo_load()
    code, out, err = run(
        "stats",
        "chartbook",
        "--year",
        "112",
        "--table",
        "G0101",
        "--table",
        "G0201",
        "--out",
        str(tmp_path / "book.odt"),
        "--no-pdf",
    )
    assert code == 0, err
    content = zipfile.ZipFile(tmp_path / "book.odt").read("content.xml").decode()
    assert "臺北市勞動力參與率按性別及年別分" in content and "Labour force participation rate" in content
    assert "六都女性勞動力參與率" in content and "新北市" in content


@pytest.mark.django_db
def test_the_comparison_page_sets_taipei_beside_the_other_five_cities(client, registry):
    from mainstream.statistics.demo import demo_load

    demo_load()
    page = client.get("/zone/statistics/compare/").content.decode()
    assert "六都女性勞動力參與率" in page and "高雄市" in page
    assert "-1.8" in page  # 新北市 against 臺北市 in 112


@pytest.mark.django_db
def test_the_upload_page_imports_for_the_statistics_office_and_refuses_a_liaison(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("liaison", "勞動局"))
    assert client.get("/statistics/tables/upload/").status_code == 403
    client.force_login(make_user("oversight", "主計處", tools=["statistics"]))
    bad = SimpleUploadedFile("bad.px", SEX_YEAR.read_bytes().replace(b"66.3", b"6x.3"))
    page = client.post("/statistics/tables/upload/", {"file": bad})
    assert page.status_code == 400 and "第 29 行" in page.content.decode()
    good = SimpleUploadedFile("G0101.px", SEX_YEAR.read_bytes())
    page = client.post("/statistics/tables/upload/", {"file": good})
    assert page.status_code == 200 and "第 1 版" in page.content.decode()
    assert client.get("/imports/stat-table/").url == "/statistics/tables/upload/"


@pytest.mark.django_db
def test_the_api_table_list_names_a_table_s_responsible_unit(client, registry):
    """A table with a 權責機關 was a server error in the list (Unit has full_name, no name); found by the CSP walk."""
    code, _, err = run("import_file", "stat-table", str(SEX_YEAR))
    assert code == 0, err
    StatTable.objects.filter(code="G0101").update(unit=registry["勞動局"])
    response = client.get("/zone/statistics/api/tables/")
    assert response.status_code == 200
    assert response.json()["tables"][0]["unit"] == registry["勞動局"].full_name


@pytest.mark.django_db
def test_the_query_page_draws_lines_by_sex_over_years_and_bars_on_request(client):
    run("import_file", "stat-table", str(SEX_YEAR))
    html = client.get("/zone/statistics/G0101/?cols=年別").content.decode()
    assert 'data-kind="line"' in html
    # 男 one line over three years; 女 has 2022 missing ("..."): two points, no line drawn across the gap
    assert html.count("<polyline") == 1 and html.count('<rect x="') == 2  # 女's two square points
    assert 'stroke-dasharray="6 4"' in html  # the second sex is told apart by more than colour
    assert "男 66.1、女 51.2" in html  # the text alternative holds every number
    bars = client.get("/zone/statistics/G0101/?cols=年別&chart=bar").content.decode()
    assert 'data-kind="bar"' in bars and "<polyline" not in bars
    by_sex = client.get("/zone/statistics/G0101/?cols=性別").content.decode()
    assert 'data-kind="bar"' in by_sex  # columns are not time: bars by default
    en = client.get("/zone/statistics/G0101/?cols=年別&lang=en").content.decode()
    assert "(lines by sex)</title>" in en and "Year: 2021 Male 66.1, Female 51.2; 2022 Male 65.8, Female ..." in en


@pytest.mark.django_db
def test_sex_ratio_and_gap_are_on_the_page_and_in_every_download(client):
    """女=100: 2021 men 66.1, women 51.2 → 129.1; gap 51.2 − 66.1 = −14.9 percentage points; 2022 women missing."""
    import openpyxl

    run("import_file", "stat-table", str(SEX_YEAR))
    html = client.get("/zone/statistics/G0101/").content.decode()
    assert "性比例（女=100" in html and "<td>129.1</td>" in html and "<td>-14.9</td>" in html and "百分點" in html
    assert "<td>125.3</td>" in html and "<td>—</td>" in html
    assert "<td>...</td><td>65.8</td>" in html  # 2022's women: the file's own marker, as in the main table
    csv = client.get("/zone/statistics/G0101/data.csv").content.decode("utf-8-sig")
    assert "G0101,臺北市勞動力參與率按性別及年別分,性比例（女=100）,110,129.1,女=100" in csv.replace("\r", "")
    assert ",差距（女−男）,110,-14.9,百分點" in csv
    xlsx = openpyxl.load_workbook(io.BytesIO(client.get("/zone/statistics/G0101/data.xlsx").content))
    rows = [list(r) for r in xlsx.active.iter_rows(values_only=True)]
    assert any(r[2] == "性比例（女=100）" and r[3] == "112" and r[4] == 125.3 for r in rows), rows
    ods = client.get("/zone/statistics/G0101/data.ods").content
    assert ods[:2] == b"PK"
    data = client.get("/zone/statistics/G0101/data.json").json()
    derived = data["extension"]["derived"]
    assert derived["id"] == ["年別"] and derived["sex_dimension"] == "性別"
    assert derived["sex_ratio"]["value"] == [129.1, None, 125.3]
    assert derived["gap"]["value"] == [-14.9, None, -13.4] and derived["gap"]["unit"] == "百分點"
    en = client.get("/zone/statistics/G0101/data.csv?lang=en").content.decode("utf-8-sig")
    assert "Sex ratio (female = 100)" in en and "percentage points" in en


@pytest.mark.django_db
def test_the_language_switch_keeps_the_selection_in_the_link(client):
    run("import_file", "stat-table", str(SEX_YEAR))
    html = client.get("/zone/statistics/G0101/?性別=F&年別=2023&cols=年別").content.decode()
    assert 'hreflang="en"' in html
    import re

    href = re.search(r'<a href="\?([^"]+)" lang="en"', html).group(1)
    from urllib.parse import parse_qs, unquote

    q = parse_qs(unquote(href.replace("&amp;", "&")))
    assert q == {"性別": ["F"], "年別": ["2023"], "cols": ["年別"], "lang": ["en"]}
    en = client.get("/zone/statistics/G0101/?" + href.replace("&amp;", "&")).content.decode()
    assert 'name="lang" value="en"' in en and "Female" in en and 'aria-current="page">English' in en


@pytest.mark.django_db
def test_the_chart_book_page_gives_odt_and_pdf_to_the_statistics_office_only(client, make_user, registry):
    import zipfile

    from mainstream.statistics.demo import demo_load

    demo_load()
    client.force_login(make_user("liaison", "勞動局"))
    assert client.get("/statistics/chartbook/").status_code == 403
    assert client.post("/statistics/chartbook/", {"year": 112, "table": ["G0101"]}).status_code == 403
    client.force_login(make_user("oversight", "主計處", tools=["statistics"]))
    page = client.get("/statistics/chartbook/").content.decode()
    assert 'value="G0101"' in page and 'value="G0201"' in page
    assert "/statistics/chartbook/" in client.get("/statistics/").content.decode()
    refused = client.post("/statistics/chartbook/", {"year": 112, "format": "odt"})
    assert refused.status_code == 400 and "請至少選一張統計表" in refused.content.decode()
    odt = client.post("/statistics/chartbook/", {"year": 112, "table": ["G0201", "G0101"], "format": "odt"})
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert "112" in odt["Content-Disposition"] and ".odt" in odt["Content-Disposition"]
    content = zipfile.ZipFile(io.BytesIO(odt.content)).read("content.xml").decode()
    assert "Labour force participation rate" in content and "新北市" in content
    # the same service as the command: the page's ODT holds what `stats chartbook` writes
    # the PDF (LibreOffice, seconds) is made by the worker; the page follows it and downloads it when ready
    from mainstream.reports.jobs import document_job_run
    from mainstream.reports.models import DocumentJob

    asked = client.post("/statistics/chartbook/", {"year": 112, "table": ["G0101"], "format": "pdf"})
    job = DocumentJob.objects.get()
    assert asked.status_code == 302 and asked.url == f"/reports/documents/{job.pk}/"
    assert "排隊中" in client.get(asked.url).content.decode()
    document_job_run(job_id=job.pk)  # what `mainstream worker` does with it
    pdf = client.get(f"/reports/documents/{job.pk}/file")
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "112" in pdf["Content-Disposition"]


@pytest.mark.django_db
def test_the_comparison_page_ranks_taipei_picks_a_period_and_sets_the_sexes_side_by_side(client, registry):
    from mainstream.statistics.demo import demo_load
    from mainstream.statistics.px import Category, Cube, Dimension
    from mainstream.statistics.services import stat_table_import

    demo_load()
    page = client.get("/zone/statistics/compare/?period=110").content.decode()
    # 110: 臺北市 51.2, 新北市 49.4 (−1.8), 桃園市 50.3, 臺中市 50.8, 臺南市 48.6, 高雄市 49.7 → Taipei first of six
    assert "臺北市排名第 1（共 6 個地區" in page and "<td>-1.8</td>" in page and "51.2" in page
    assert 'role="img"' in page and "新北市 49.4（與臺北市差 -1.8）" in page
    areas = Dimension(
        "地區", "地區", [Category("TW", "臺北市"), Category("JP", "日本"), Category("KR", "南韓")], role="area"
    )
    sexes = Dimension("性別", "性別", [Category("F", "女"), Category("M", "男")], role="sex")
    cube = Cube("I0101", "國際女性國會議員比率", [areas, sexes], [40.0, 60.0, 10.0, 90.0, 20.0, 80.0], units="%")
    stat_table_import(cube=cube, filename="t", by=None)
    page = client.get("/zone/statistics/compare/").content.decode()
    assert "國際女性國會議員比率" in page and "性比例（女=100）" in page
    assert "<td>-20.0</td><td>150.0</td>" in page  # 臺北市: gap 40 − 60, ratio 60 / 40 × 100
    assert "<td>-30.0</td>" in page  # 日本's women against Taipei's: 10 − 40


def test_the_line_chart_s_axis_ends_on_a_round_number_above_the_highest_value():
    from mainstream.statistics.public import _chart, _nice_step

    assert [_nice_step(x) for x in (66.3 / 4, 0.3, 1234 / 4, 1, 7)] == [20, 0.5, 500, 1, 10]
    chart = _chart(px_read(SEX_YEAR.read_bytes()), False, "line")
    assert [t["text"] for t in chart["ticks"]] == ["0", "20", "40", "60", "80"]  # highest value 66.3


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_a_downloaded_table_imports_back_unchanged(tmp_path, fmt, client):
    """What the query page gives out (its time column 年別, the sex ratio and gap rows added) is a file the
    office can correct and import again: the values come back the same and the derived rows are recomputed,
    not taken for a third sex."""
    run("import_file", "stat-table", str(SEX_YEAR))
    before = client.get("/zone/statistics/api/tables/G0101/").json()
    path = tmp_path / f"G0101.{fmt}"
    path.write_bytes(client.get(f"/zone/statistics/G0101/data.{fmt}").content)
    code, _out, err = run("import_file", "stat-table", str(path))
    assert code == 0, err
    after = client.get("/zone/statistics/api/tables/G0101/").json()
    assert after["value"] == before["value"]
    assert after["extension"]["derived"]["sex_ratio"]["value"] == before["extension"]["derived"]["sex_ratio"]["value"]
    assert len(after["dimension"]["性別"]["category"]["index"]) == 2  # 女, 男: no third "sex" from the ratio rows
