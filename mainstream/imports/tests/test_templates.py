"""Every import kind offers an ODS and an XLSX template whose header is the kind's columns."""

from python_calamine import CalamineWorkbook

from mainstream.imports.schema import discover_kinds


def test_each_kind_has_ods_and_xlsx_templates(client, make_user, tmp_path):
    client.force_login(make_user("admin"))
    kinds = discover_kinds()
    assert {"measures", "liaisons"} <= set(kinds)
    for name, kind in kinds.items():
        for fmt in ("ods", "xlsx"):
            response = client.get(f"/imports/{name}/template.{fmt}")
            assert response.status_code == 200, (name, fmt)
            path = tmp_path / f"{name}.{fmt}"
            path.write_bytes(response.content)
            header = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0]
            assert header == [c.name for c in kind.columns], (name, fmt)


def test_uploading_a_bad_file_in_the_browser_shows_the_reasons(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user("admin"))
    content = "年度,機關,類別,項目,名稱\n110,勞動局,一,2,x\n110,火星局,一,2,y\n".encode()
    response = client.post("/imports/measures/", {"file": SimpleUploadedFile("m.csv", content)})
    assert response.status_code == 400
    assert "整檔退回" in response.content.decode() and "查無機關「火星局」" in response.content.decode()


def test_a_kind_with_its_own_runner_uploads_as_a_background_job(client, make_user):
    client.force_login(make_user("admin"))
    response = client.get("/imports/training/")
    assert response.status_code == 302 and response.url == "/training/import/"
