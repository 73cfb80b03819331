"""Spreadsheet downloads that stream: a list of tens of thousands of rows leaves as it is written, in seconds, and
never holds a worker (issue 16, item 3: a 20,000-row ODS export took 217 s through a document model and froze the
server).

``ods_stream`` writes the OpenDocument XML of each row straight into a ZIP written to the response (the ``mimetype``
member first and stored, as ODF 1.2, 3.3 asks); ``xlsx_stream`` uses openpyxl's write-only mode into a temporary file
that is then streamed. Both neutralise cells that a spreadsheet would run as formulas
(``imports.template_files.neutralise``).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from django.http import StreamingHttpResponse

from mainstream.imports.template_files import FORMATS, neutralise

Sheet = tuple[str, Iterable[Iterable[object]]]

MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
CONTENT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"
FLUSH = 256 * 1024


class _Sink(io.RawIOBase):
    """A write-only stream that keeps what was written until the generator hands it on."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[no-untyped-def,override]
        self.parts.append(bytes(b))
        return len(b)

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def _ods_cell(value: object) -> str:
    value = neutralise(value)
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    if isinstance(value, (date, datetime)):
        value = value.isoformat()
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods_stream(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """The bytes of an .ods file, produced as the rows are read."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        mimetype = zipfile.ZipInfo("mimetype")
        mimetype.compress_type = zipfile.ZIP_STORED
        zf.writestr(mimetype, FORMATS["ods"])
        zf.writestr("META-INF/manifest.xml", MANIFEST)
        with zf.open("content.xml", "w", force_zip64=True) as content:
            buffer = [CONTENT_HEAD]
            size = 0
            for title, rows in sheets:
                buffer.append(f"<table:table table:name={quoteattr(title[:31])}>")
                for row in rows:
                    line = "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
                    buffer.append(line)
                    size += len(line)
                    if size > FLUSH:
                        content.write("".join(buffer).encode())
                        buffer, size = [], 0
                        yield sink.take()
                buffer.append("</table:table>")
            buffer.append(CONTENT_TAIL)
            content.write("".join(buffer).encode())
    yield sink.take()


def xlsx_stream(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """The bytes of an .xlsx file: openpyxl's write-only workbook (rows are not kept) into a temporary file."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        for row in rows:
            ws.append([neutralise(v) for v in row])
    with tempfile.TemporaryFile() as tmp:
        wb.save(tmp)
        tmp.seek(0)
        while chunk := tmp.read(FLUSH):
            yield chunk


def spreadsheet_stream(sheets: Iterable[Sheet], *, fmt: str, filename: str) -> StreamingHttpResponse:
    """A download of ``sheets`` as ODS or XLSX that streams."""
    body = xlsx_stream(sheets) if fmt == "xlsx" else ods_stream(sheets)
    response = StreamingHttpResponse(body, content_type=FORMATS[fmt])
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.{fmt}\"; filename*=UTF-8''{quote(filename)}.{fmt}"
    )
    return response
