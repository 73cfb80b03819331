"""Error pages in the site's layout, in Traditional Chinese, with the reason and a way back.

Django's defaults are bare English pages ("403 Forbidden") that drop the reason our code gives
(``PermissionDenied("您沒有此機關資料的權限")``). These handlers keep that reason when it is written for users
(Chinese) and fall back to a plain Chinese sentence when it is not (Django's own English messages).
"""

from __future__ import annotations

import logging
import re

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger("mainstream.errors")

_CJK = re.compile(r"[\u3400-\u9fff]")

PAGES = {
    400: ("無法處理這個要求", "送出的資料格式不正確，請回上一頁重新操作。"),
    403: ("沒有權限", "您沒有檢視或修改此頁資料的權限。"),
    404: ("找不到此頁", "找不到此頁或此筆資料：網址可能有誤，或資料已刪除。"),
    500: ("系統發生錯誤", "系統處理時發生錯誤，已記錄並通知系統管理者。請稍後再試。"),
}


def reason_for_users(exception: BaseException | None, status: int) -> str:
    """The exception's message if it was written for users (it has Chinese in it), else the page's default."""
    message = ""
    if exception is not None and exception.args:
        first = exception.args[0]
        message = first if isinstance(first, str) else ""
    return message if _CJK.search(message) else PAGES[status][1]


def _back_url(request: HttpRequest) -> str | None:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None


def _page(request: HttpRequest, status: int, exception: BaseException | None, *, with_request: bool = True):
    title, _ = PAGES[status]
    context = {"status": status, "title": title, "reason": reason_for_users(exception, status)}
    template = loader.get_template(f"errors/{status}.html")
    if with_request:
        context["back_url"] = _back_url(request)
        return HttpResponse(template.render(context, request), status=status)
    # 500: the request context (menus, notices) may be what failed; render without it.
    return HttpResponse(template.render(context), status=status)


def bad_request(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return _page(request, 400, exception)


def permission_denied(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return _page(request, 403, exception)


def page_not_found(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return _page(request, 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, 500, None, with_request=False)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid token (usually a page left open too long)."""
    exception = PermissionError("表單已逾時或來源不明，請重新整理頁面後再送出一次。")
    return _page(request, 403, exception)
