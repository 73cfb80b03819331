"""Text out of an uploaded draft: TXT (UTF-8 or CP950), DOCX, ODT. Paragraphs become lines."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath
from xml.etree import ElementTree

from django.core.exceptions import ValidationError

from mainstream.files import zip_check

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
SUFFIXES = (".txt", ".docx", ".odt")
MAX_BYTES = 5 * 1024 * 1024
MAX_INFLATED = 20 * 1024 * 1024  # a draft's text: a DOCX/ODT inflating past this is refused before parsing


def text_extract(name: str, data: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(f"不接受「{suffix or '無副檔名'}」檔案（可用：TXT、DOCX、ODT）")
    if len(data) > MAX_BYTES:
        raise ValidationError("檔案超過 5 MB 上限")
    if suffix == ".txt":
        for encoding in ("utf-8-sig", "cp950"):
            try:
                return data.decode(encoding).replace("\r\n", "\n")
            except UnicodeDecodeError:
                continue
        raise ValidationError("無法辨識文字檔編碼（請存成 UTF-8）")
    zip_check(BytesIO(data), max_bytes=MAX_INFLATED)  # a decompression bomb is refused before parsing (issue 14)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            xml = archive.read("word/document.xml" if suffix == ".docx" else "content.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ValidationError(f"檔案內容不是 {suffix[1:].upper()} 格式") from exc
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ValidationError(f"檔案內容不是 {suffix[1:].upper()} 格式") from exc
    if suffix == ".docx":
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]
    else:
        paragraphs = ["".join(p.itertext()) for p in root.iter() if p.tag in (f"{TEXT_NS}p", f"{TEXT_NS}h")]
    return "\n".join(paragraphs)
