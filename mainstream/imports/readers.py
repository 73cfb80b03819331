"""Stage 1 of an import: read a file into rows of cells, streaming.

CSV in UTF-8 (with or without BOM) or CP950/Big5 (what Excel in Taiwan still writes), XLSX and ODS.
Rows are yielded one at a time with their row number in the file (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

SUFFIXES = (".csv", ".xlsx", ".ods")


class FileFormatError(ValueError):
    """The file cannot be read at all (wrong type, broken, wrong encoding)."""


def detect_encoding(head: bytes) -> str:
    """utf-8-sig when the first bytes decode as UTF-8, else cp950 (Big5 as Windows writes it)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("cp950")().decode(head, final=False)
        return "cp950"
    except UnicodeDecodeError:
        raise FileFormatError("檔案編碼無法辨識（請存成 UTF-8 或 Big5/CP950 的 CSV）") from None


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees (dates stay ISO, 3.0 → '3')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _csv_rows(stream: IO[bytes]) -> Iterator[list[str]]:
    head = stream.read(65536)
    encoding = detect_encoding(head)
    rest = io.BufferedReader(_Prefixed(head, stream))  # type: ignore[arg-type]
    text = io.TextIOWrapper(rest, encoding=encoding, newline="")
    try:
        for row in csv.reader(text):
            yield [c.strip() for c in row]
    except UnicodeDecodeError:
        raise FileFormatError(f"檔案中有不是 {encoding} 編碼的字元") from None
    except csv.Error as exc:
        raise FileFormatError(f"CSV 格式錯誤：{exc}") from None


class _Prefixed(io.RawIOBase):
    """A raw stream that first returns ``head`` then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _sheet_rows(path: Path) -> Iterator[list[str]]:
    from django.core.exceptions import ValidationError
    from python_calamine import CalamineWorkbook

    from mainstream.files import zip_check

    try:  # a decompression bomb is refused before calamine inflates anything (limits: MAINSTREAM_ZIP_*)
        zip_check(path)
    except ValidationError as exc:
        raise FileFormatError(exc.messages[0]) from None
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own error types
        raise FileFormatError(f"無法讀取試算表：{exc}") from None
    for row in sheet.iter_rows():
        yield [cell_text(c) for c in row]


def read_rows(path: str | Path, filename: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every non-empty row; the first is the header (row 1)."""
    path = Path(path)
    suffix = Path(filename or path.name).suffix.lower()
    if suffix == ".csv":
        stream = path.open("rb")
        rows: Iterator[list[str]] = _csv_rows(stream)
    elif suffix in (".xlsx", ".ods"):
        stream = None
        rows = _sheet_rows(path)
    else:
        raise FileFormatError(f"不支援的檔案類型「{suffix or '無副檔名'}」（請用 CSV、XLSX 或 ODS）")
    try:
        for number, cells in enumerate(rows, start=1):
            if any(cells):
                yield number, cells
    finally:
        if stream is not None:
            stream.close()
