"""A busy database answers "try again", never a 500 (issue 13, no lock-ups).

On SQLite a write waits up to the busy timeout for a long write (an import) to finish; if it still cannot get the
lock, the request gets a 503 page that says the save did not happen and to send it again in a moment, with
``Retry-After``. The transaction of the request was rolled back, so nothing was half written.
"""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

BUSY_WORDS = ("database is locked", "database table is locked", "database is busy", "lock timeout", "deadlock detected")
RETRY_AFTER_SECONDS = 10


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says the database was busy (a lock), rather than broken."""
    return isinstance(exc, OperationalError) and any(w in str(exc).lower() for w in BUSY_WORDS)


def busy_response(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "系統忙碌中，請稍後再試",
        "reason": "另一項作業（例如大量匯入）正在寫入資料，這次的動作沒有完成，也沒有寫入任何資料。"
        f"請約 {RETRY_AFTER_SECONDS} 秒後再送出一次。",
        "status": 503,
    }
    try:
        body = render_to_string("errors/base_error.html", context, request=request)
    except Exception:  # the page itself needs the database (a session, the user): answer plainly
        body = f"<!doctype html><html lang='zh-Hant-TW'><title>{context['title']}</title><h1>{context['title']}</h1>"
        body += f"<p>{context['reason']}</p></html>"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except OperationalError as exc:  # raised outside the view (a session save, a middleware)
            if not is_busy(exc):
                raise
            log.warning("database busy on %s %s: %s", request.method, request.path, exc)
            return busy_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_busy(exc):
            return None
        log.warning("database busy on %s %s: %s", request.method, request.path, exc)
        return busy_response(request)
