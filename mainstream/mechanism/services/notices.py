"""The liaison circle (性平聯繫圈, 伍、一、(一)、3): the office posts one-way notices; liaisons acknowledge."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mainstream.audit.services import audit_record
from mainstream.links import link_check
from mainstream.units.access import require_admin, require_writer

from ..models import Notice, NoticeReceipt


@transaction.atomic
def notice_post(*, kind: str, title: str, body: str = "", link: str = "", units=None, by=None) -> Notice:  # type: ignore[no-untyped-def]
    """The office posts a notice (news, data, international information) to every liaison, or with ``units`` to
    the liaisons of those units only (a reminder, 催辦)."""
    require_admin(by)
    if kind not in Notice.Kind.values:
        raise ValidationError("類別不正確")
    if not title.strip():
        raise ValidationError("請填寫標題")
    link = link_check((link or "").strip())
    notice = Notice.objects.create(
        kind=kind,
        title=title.strip(),
        body=body,
        link=link,
        posted_at=timezone.now(),
        posted_by=by if getattr(by, "pk", None) else None,
    )
    if units:
        notice.units.set(units)
    audit_record(by=by, action="notice.post", obj=notice, summary=f"性平聯繫圈訊息：{notice.title}")
    return notice


@transaction.atomic
def notice_acknowledge(*, notice: Notice, by) -> NoticeReceipt:  # type: ignore[no-untyped-def]
    """A liaison marks a notice as read (once; reading again keeps the first time)."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied("請先登入")
    require_writer(by)  # a receipt is a write: the auditor reads notices without leaving one
    receipt, created = NoticeReceipt.objects.get_or_create(notice=notice, user=by, defaults={"read_at": timezone.now()})
    if created:
        audit_record(by=by, action="notice.read", obj=notice, summary=f"已讀：{notice.title}")
    return receipt
