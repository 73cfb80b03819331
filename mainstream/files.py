"""Uploaded files (minutes, analyses, assessment forms, drafts): checked, stored outside the
database under MEDIA_ROOT, and served only through a view that has already checked access.

Usage in a model: ``file = models.FileField(upload_to=upload_path("analysis"), blank=True)``;
in a service: ``upload_check(uploaded, allowed=DOCUMENTS)`` before saving;
in a view (after ``access_…`` of the owning record): ``return file_response(record.file)``.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible

DOCUMENTS = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TEXTS = {".txt": "text/plain", **DOCUMENTS}

MAGIC = {".pdf": b"%PDF", ".odt": b"PK", ".docx": b"PK"}


@deconstructible
class UploadTo:
    """A FileField upload_to that keeps the suffix and hides the user's file name (serialisable in migrations)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:  # type: ignore[no-untyped-def]
        return f"{self.folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadTo) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def upload_path(folder: str) -> UploadTo:
    return UploadTo(folder)


def upload_check(uploaded, *, allowed: dict[str, str] = DOCUMENTS) -> None:  # type: ignore[no-untyped-def]
    """Refuse a file of the wrong type or over the size limit (MAINSTREAM_UPLOAD_MAX_BYTES)."""
    suffix = PurePath(uploaded.name).suffix.lower()
    if suffix not in allowed:
        raise ValidationError(
            f"不接受「{suffix or '無副檔名'}」檔案（可用：{'、'.join(s[1:].upper() for s in allowed)}）"
        )
    limit = settings.MAINSTREAM_UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(f"檔案超過 {limit // (1024 * 1024)} MB 上限")
    magic = MAGIC.get(suffix)
    if magic:
        head = uploaded.read(len(magic))
        uploaded.seek(0)
        if head != magic:
            raise ValidationError(f"檔案內容不是 {suffix[1:].upper()} 格式")
    if suffix in ZIP_SUFFIXES:
        zip_check_upload(uploaded)


# -- ZIP-based documents (XLSX, ODS, DOCX, ODT): refused before parsing when they would inflate too much ----------
ZIP_SUFFIXES = (".xlsx", ".ods", ".docx", ".odt")
_CHUNK = 1 << 16


def _zip_limits(max_bytes: int | None, max_entries: int | None, max_ratio: int | None) -> tuple[int, int, int]:
    return (
        max_bytes if max_bytes is not None else settings.MAINSTREAM_ZIP_MAX_BYTES,
        max_entries if max_entries is not None else settings.MAINSTREAM_ZIP_MAX_ENTRIES,
        max_ratio if max_ratio is not None else settings.MAINSTREAM_ZIP_MAX_RATIO,
    )


def zip_check(  # type: ignore[no-untyped-def]
    source, *, max_bytes: int | None = None, max_entries: int | None = None, max_ratio: int | None = None
) -> int:
    """Refuse a decompression bomb before anything parses it; return the archive's real uncompressed size.

    ``source``: a path or a binary file object. Checked, in this order, without ever holding more than 64 KiB of
    inflated data: the number of entries (``MAINSTREAM_ZIP_MAX_ENTRIES``), the declared total size
    (``MAINSTREAM_ZIP_MAX_BYTES``), the declared compression ratio of the archive (``MAINSTREAM_ZIP_MAX_RATIO``,
    counted once it holds more than 1 MiB), then each entry is inflated from its raw bytes and counted, so that an
    archive whose headers understate its sizes (parsers in other languages trust the stream, not the header) is
    refused as soon as it passes the limit or its own declared size. Only stored and deflated entries, unencrypted,
    are accepted (what office suites write).
    """
    import zipfile

    max_bytes, max_entries, max_ratio = _zip_limits(max_bytes, max_entries, max_ratio)
    mb = max_bytes // (1024 * 1024)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError("檔案不是有效的 XLSX、ODS、DOCX 或 ODT（ZIP 格式損毀）") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > max_entries:
            raise ValidationError(f"檔案內含 {len(infos)} 個項目，超過 {max_entries} 個上限，不予處理")
        declared = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if declared > max_bytes:
            raise ValidationError(f"檔案解壓縮後達 {declared // (1024 * 1024)} MB，超過 {mb} MB 上限，不予處理")
        if declared > (1 << 20) and declared / packed > max_ratio:
            raise ValidationError(
                f"檔案壓縮比異常（{declared // packed} 倍，上限 {max_ratio} 倍），疑為壓縮炸彈，不予處理"
            )
        total = 0
        for info in infos:
            total += _inflated_size(archive, info, max_bytes - total)
    return total


def _inflated_size(archive, info, budget: int) -> int:  # type: ignore[no-untyped-def]
    """The entry's real size, inflated from its raw bytes in small pieces; refused past ``budget`` or its header."""
    import struct
    import zipfile
    import zlib

    too_big = ValidationError("檔案解壓縮後超過上限（或標示的大小不實），疑為壓縮炸彈，不予處理")
    if info.flag_bits & 0x1:
        raise ValidationError("不接受加密的檔案")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ValidationError("檔案使用不支援的壓縮方式")
    fp = archive.fp
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise ValidationError("檔案不是有效的 XLSX、ODS、DOCX 或 ODT（ZIP 格式損毀）")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_length + extra_length)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        if left > budget or left != info.file_size:
            raise too_big
        return left
    inflate = zlib.decompressobj(-15)
    size = 0
    limit = min(budget, info.file_size)
    try:
        while left > 0 and not inflate.eof:
            chunk = fp.read(min(_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            while chunk:
                size += len(inflate.decompress(chunk, _CHUNK))
                if size > limit:
                    raise too_big
                chunk = inflate.unconsumed_tail
        size += len(inflate.flush())
    except zlib.error:
        raise ValidationError("檔案不是有效的 XLSX、ODS、DOCX 或 ODT（壓縮資料損毀）") from None
    if size > limit:
        raise too_big
    return size


def zip_check_upload(uploaded) -> None:  # type: ignore[no-untyped-def]
    """``zip_check`` on an uploaded file (kept in memory or in a temporary file), left at its start."""
    uploaded.seek(0)
    try:
        zip_check(uploaded)
    finally:
        uploaded.seek(0)


def file_response(field, *, download_name: str | None = None) -> FileResponse:  # type: ignore[no-untyped-def]
    """Serve a stored file; the caller has checked access to the record that owns it."""
    if not field:
        raise Http404("沒有檔案")
    suffix = PurePath(field.name).suffix.lower()
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=download_name or PurePath(field.name).name,
        content_type=TEXTS.get(suffix, "application/octet-stream"),
    )


def __getattr__(name: str) -> UploadTo:
    """Migrations written before UploadTo referred to ``mainstream.files.upload_to_<folder>``."""
    if name.startswith("upload_to_"):
        return UploadTo(name.removeprefix("upload_to_"))
    raise AttributeError(name)


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than its path allows (``MAINSTREAM_REQUEST_MAX_BYTES``, longest prefix
    wins), from its Content-Length, before anything (a view, CSRF's check of the form) reads the body: a 413 page
    naming the limit. Under WSGI a body without Content-Length is read as empty, so the header is the whole story.
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        limit = request_max_bytes(request.path_info)
        if length < 0 or length > limit:
            from .errors import bad_request

            response = bad_request(
                request, ValidationError(f"上傳的資料超過此頁 {max(limit // (1024 * 1024), 1)} MB 上限，未予讀取")
            )
            response.status_code = 413
            return response
        return self.get_response(request)


def request_max_bytes(path: str) -> int:
    limits = settings.MAINSTREAM_REQUEST_MAX_BYTES
    prefix = max((p for p in limits if path.startswith(p)), key=len)
    return limits[prefix]
