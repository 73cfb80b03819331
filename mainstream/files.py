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
