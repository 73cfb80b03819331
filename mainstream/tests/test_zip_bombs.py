"""Decompression bombs (issue 14, item 1).

Real bombs are built here: a DOCX under 1 MB whose document.xml inflates to 640 MiB (the issue's 2.6 MB DOCX made 630 MB), an XLSX whose sheet does the
same, one whose headers understate the size (parsers in other languages trust the stream), one with 5,000 entries.
Each is refused with a clear reason before any parser inflates it — measured: the Python heap grows by less than
16 MiB while refusing a bomb. Request bodies are refused from Content-Length before they are read.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError

from mainstream.files import zip_check

MIB = 1 << 20
GIB = 1 << 30
BOMB = 640 * MIB  # what the 2.6 MB DOCX of the issue inflated to


def _bomb_entry(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """``size`` bytes of one repeated character, deflated at level 9 (ratio about 1,000:1), written in 1 MiB pieces."""
    piece = b"<w:t>" + b"A" * (MIB - 11) + b"</w:t>\n"
    with archive.open(name, "w", force_zip64=True) as f:
        for _ in range(size // len(piece)):
            f.write(piece)


def _zip(entries: dict[str, bytes], bomb: tuple[str, int] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if bomb:
            _bomb_entry(archive, *bomb)
    return out.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    """One bomb serves as DOCX, XLSX and ODS: the guard refuses it before any part is looked up by name."""
    return _zip({"[Content_Types].xml": b"<Types/>", "mimetype": b"x"}, bomb=("word/document.xml", BOMB))


@pytest.fixture(scope="module")
def xlsx_bomb(docx_bomb) -> bytes:
    return docx_bomb


def _lying(size: int = 64 * MIB, declared: int = 1000) -> bytes:
    """A deflated entry of ``size`` bytes whose local and central headers claim ``declared`` (no ZIP64)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = b"".join(packer.compress(b"\0" * MIB) for _ in range(size // MIB)) + packer.flush()
    name = b"xl/worksheets/sheet1.xml"
    crc = 0
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(raw), declared, len(name), 0) + name
    central = (
        struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(raw), declared, len(name), 0, 0, 0, 0, 0, 0
        )
        + name
    )
    offset = len(local) + len(raw)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), offset, 0)
    return local + raw + central + end


def _refused_quickly(source, **limits) -> str:
    """Refuse ``source`` and return the reason; the Python heap may not grow past 16 MiB on the way."""
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            zip_check(source, **limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MIB, peak
    return refused.value.messages[0]


def test_the_bombs_are_small_and_inflate_hugely(docx_bomb, xlsx_bomb):
    for bomb in (docx_bomb, xlsx_bomb):
        assert len(bomb) < 3 * MIB
        assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) >= BOMB - MIB


def test_a_bomb_is_refused_by_its_declared_size_and_ratio(docx_bomb):
    reason = _refused_quickly(io.BytesIO(docx_bomb))
    assert "超過 300 MB 上限" in reason
    reason = _refused_quickly(io.BytesIO(docx_bomb), max_bytes=2 * GIB)
    assert "壓縮比異常" in reason


def test_a_bomb_whose_headers_lie_is_refused_while_inflating():
    bomb = _lying()
    assert zipfile.ZipFile(io.BytesIO(bomb)).infolist()[0].file_size == 1000  # what a header-trusting check sees
    reason = _refused_quickly(io.BytesIO(bomb))
    assert "疑為壓縮炸彈" in reason


def test_too_many_entries_are_refused():
    archive = _zip({f"f{i}.xml": b"x" for i in range(1500)})
    assert "超過 1000 個上限" in _refused_quickly(io.BytesIO(archive))


def test_an_ordinary_workbook_passes(tmp_path):
    from mainstream.imports.template_files import xlsx_build

    data = xlsx_build([("表", [["a", "b"], *[[f"第 {i} 列", i] for i in range(2000)]])])
    path = tmp_path / "ok.xlsx"
    path.write_bytes(data)
    assert zip_check(path) > len(data)


def test_the_import_refuses_an_xlsx_bomb_with_a_reason(xlsx_bomb, tmp_path, registry):
    from mainstream.imports.services import import_file

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx_bomb)
    result = import_file(kind="measures", path=path)
    assert not result.ok and "300 MB 上限" in result.errors[0].reason


def test_an_ods_bomb_is_refused_too(tmp_path, registry, docx_bomb):
    from mainstream.imports.readers import FileFormatError, read_rows

    path = tmp_path / "bomb.ods"
    path.write_bytes(docx_bomb)
    with pytest.raises(FileFormatError, match="上限"):
        list(read_rows(path))


def test_the_publicity_reader_refuses_a_docx_bomb_from_the_auditor(client, make_user, docx_bomb):
    client.force_login(make_user("auditor"))
    upload = io.BytesIO(docx_bomb)
    upload.name = "draft.docx"
    response = client.post("/publicity/read/", {"file": upload})
    assert response.status_code in (200, 400)
    assert "上限" in response.content.decode()


def test_an_uploaded_odt_bomb_is_refused_by_the_upload_check(docx_bomb):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mainstream.files import upload_check

    with pytest.raises(ValidationError, match="上限"):
        upload_check(SimpleUploadedFile("minutes.odt", docx_bomb))


@pytest.mark.parametrize(
    "path, allowed",
    [("/publicity/read/", 6 * MIB), ("/measures/new/", 21 * MIB), ("/imports/measures/", 200 * MIB)],
)
def test_a_body_over_the_limit_is_refused_before_it_is_read(client, make_user, path, allowed):
    client.force_login(make_user("admin", "性平辦"))
    body = b"x" * 16
    response = client.generic("POST", path, body, content_type="text/plain", CONTENT_LENGTH=str(allowed + 1))
    assert response.status_code == 413
    assert "上限" in response.content.decode() and "未予讀取" in response.content.decode()
