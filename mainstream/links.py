"""Links users type or import (a notice's link, an agenda item's record, a measure's web page) and where a form may
send the browser back to (issue 14, item 7).

A link is kept only when it is an http(s) address with a host, or a path on this site (``/measures/1/``). Anything
else — ``javascript:``, ``data:``, ``vbscript:``, ``file:``, a scheme-relative ``//evil.example``, ``/\\evil.example``
(browsers read the backslash as a slash), control characters — is refused where it is written (services and imports
call :func:`link_check`) and, for rows stored before the check, never rendered as a live link (the ``safe_href``
template filter gives "" for them). Redirects go only to this site (:func:`redirect_target`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

SCHEMES = ("http", "https")


def _site_path(value: str) -> bool:
    return value.startswith("/") and not value.startswith(("//", "/\\"))


def link_is_safe(value: str, *, site_only: bool = False) -> bool:
    """True for "" (no link), a path on this site, or (unless ``site_only``) an http(s) address with a host."""
    if not value:
        return True
    if value != value.strip() or any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in value):
        return False
    if _site_path(value):
        return True
    if site_only:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in SCHEMES and bool(parts.hostname) and value.lower().startswith(("http://", "https://"))
    )


def link_check(value: str, *, site_only: bool = False, label: str = "連結") -> str:
    """The link itself if it is safe; else a ValidationError naming what is allowed."""
    value = value or ""
    if not link_is_safe(value, site_only=site_only):
        allowed = (
            "本系統內的頁面（以 / 開頭）"
            if site_only
            else "http:// 或 https:// 開頭的網址，或本系統內的頁面（以 / 開頭）"
        )
        raise ValidationError(f"{label}只接受{allowed}")
    return value


def redirect_target(request, url: str | None, fallback: str) -> str:  # type: ignore[no-untyped-def]
    """``url`` when it points to this site (same host, same scheme family), else ``fallback``."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback
