"""The office uploads a plan file, sees what it changes, and confirms; nobody else may."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mainstream.audit.models import AuditEvent
from mainstream.plan.models import PlanVersion
from mainstream.plan.selectors import plan_in_force

from .test_periods import successor


def _file(text: str, name: str = "plan-113-116.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")


def test_the_office_uploads_sees_the_diff_and_confirms(client, make_user):
    admin = make_user("admin")
    client.force_login(admin)
    page = client.post(reverse("plan:upload"), {"file": _file(successor())})
    assert page.status_code == 200
    text = page.content.decode()
    assert "113-116 第 1 版" in text
    assert "training.workers.per_year" in text and "1000" in text and "1200" in text and "伍、二、(一)、4" in text
    assert PlanVersion.objects.filter(plan_id="113-116").count() == 0  # nothing stored before confirming
    sha = page.context["sha"]
    done = client.post(reverse("plan:confirm"), {"sha": sha}, follow=True)
    assert "已加入計畫 113-116 第 1 版" in done.content.decode()
    row = PlanVersion.objects.get(plan_id="113-116")
    assert row.added_by == admin and row.effective_from == 113
    assert AuditEvent.objects.filter(action="plan.add", target_id=str(row.pk), user=admin).exists()
    assert plan_in_force(113).param("training.workers", "per_year", None, 113) == 1200
    listing = client.get(reverse("plan:index")).content.decode()
    assert "113-116" in listing and "109-112" in listing


def test_a_bad_upload_names_line_and_field_and_stores_nothing(client, make_user):
    client.force_login(make_user("admin"))
    bad = successor().replace("    min_hours: 18\n", "    min_hours: 18\n   broken: [\n")
    page = client.post(reverse("plan:upload"), {"file": _file(bad, "bad.yaml")})
    assert page.status_code == 400
    assert "bad.yaml:" in page.content.decode() and "計畫檔有誤，未加入" in page.content.decode()
    assert not PlanVersion.objects.exists()


def test_only_the_office_may_upload(client, make_user):
    client.force_login(make_user("liaison", "勞動局"))
    assert client.get(reverse("plan:upload")).status_code == 403
    assert client.post(reverse("plan:upload"), {"file": _file(successor())}).status_code == 403
    assert client.post(reverse("plan:confirm"), {"sha": "x"}).status_code == 403
    client.force_login(make_user("oversight", tools=["training"]))
    assert client.get(reverse("plan:index")).status_code == 403
