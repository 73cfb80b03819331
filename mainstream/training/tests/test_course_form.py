"""The course form: a liaison adds its unit's course with its 對象類別 (伍、二、(三)、1) in the plan's words; another
unit's course is refused; choices come from the plan in force."""

from __future__ import annotations

from mainstream.training.models import Course
from mainstream.units.models import Unit


def test_a_liaison_adds_and_edits_its_units_course(registry, make_user, client):
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get("/training/courses/new/?year=111").content.decode()
    assert "對象類別" in page and "新聞聯絡人（第 5 類）" in page and "社群小編（第 5 類）" in page
    assert '<option value="physical"' in page and "實體" in page and "小旅行或實地踏查" in page
    labor = Unit.objects.get(short_name="勞動局")
    form = {
        "organiser": labor.id,
        "year": 111,
        "title": "職場性別平等實務",
        "hours": "3",
        "level": "basic",
        "mode": "physical",
        "form": "工作坊",
        "categories": ["general", "worker"],
        "date": "111/5/20",
    }
    response = client.post("/training/courses/new/", form)
    course = Course.objects.get(title="職場性別平等實務")
    assert response.status_code == 302 and response["Location"] == f"/training/courses/{course.pk}/"
    assert (course.categories, course.form, course.date.isoformat()) == (["general", "worker"], "工作坊", "2022-05-20")
    detail = client.get(f"/training/courses/{course.pk}/").content.decode()
    assert "一般公務人員、職工" in detail
    client.post(f"/training/courses/{course.pk}/edit/", {**form, "categories": ["supervisor"]})
    course.refresh_from_db()
    assert course.categories == ["supervisor"]


def test_another_units_course_and_a_taken_title_are_refused(registry, make_user, client):
    client.force_login(make_user("liaison", "勞動局"))
    social = Unit.objects.get(short_name="社會局")
    base = {"year": 111, "hours": "3", "level": "basic", "mode": "physical", "form": "講授"}
    page = client.post("/training/courses/new/", {**base, "organiser": social.id, "title": "他機關課程"})
    assert (
        page.status_code == 200 and not Course.objects.filter(title="他機關課程").exists()
    )  # not a choice for a liaison
    labor = Unit.objects.get(short_name="勞動局")
    for title in ("甲課程", "乙課程"):
        client.post("/training/courses/new/", {**base, "organiser": labor.id, "title": title})
    second = Course.objects.get(title="乙課程")
    response = client.post(f"/training/courses/{second.pk}/edit/", {**base, "organiser": labor.id, "title": "甲課程"})
    assert response.status_code == 200 and "已有同名課程" in response.content.decode()
