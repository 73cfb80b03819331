"""Pages and the JSON endpoint: what each role sees, and that another unit's liaison sees nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mainstream.publicity import services
from mainstream.publicity.models import LexiconEntry, Publication, WordClass
from mainstream.publicity.services import PublicationData


@pytest.fixture
def people(make_user):
    return {
        "labor": make_user("liaison", "勞動局"),
        "boss": make_user("liaison", "勞動局"),
        "social": make_user("liaison", "社會局"),
        "office": make_user("admin"),
        "auditor": make_user("auditor"),
    }


@pytest.fixture
def pub(people, registry):
    return services.publication_create(
        data=PublicationData(
            unit=registry["勞動局"], type="press_release", title="移工權益說明會", text="本局聘僱外勞。"
        ),
        by=people["labor"],
    )


def login(client, user):
    client.force_login(user)
    return client


def test_the_reader_page_highlights_in_place_and_lists_as_text(client, people):
    login(client, people["labor"])
    page = client.post("/publicity/read/", {"text": "她是一位女強人，也是賢妻良母。"}).content.decode()
    assert '<mark class="finding finding-stereotype" id="mark-1">女強人' in page
    assert 'id="finding-2"' in page and "建議用語" in page
    upload = SimpleUploadedFile("稿.txt", "社區關懷外籍新娘".encode("cp950"))
    page = client.post("/publicity/read/", {"text": "", "file": upload}).content.decode()
    assert "外籍新娘" in page and "新住民" in page


def test_json_endpoint(client, people):
    login(client, people["social"])
    r = client.post(
        "/publicity/api/check/",
        json.dumps({"text": "第一行\n僱用外勞", "per_line": True}),
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json() == [  # per line, start and end count from the start of the line (issue 12 §4)
        {
            "start": 2,
            "end": 4,
            "text": "外勞",
            "kind": "exclusion",
            "item": "8",
            "explanation": LexiconEntry.objects.get(term="外勞").explanation,
            "suggestions": ["移工"],
            "line": 2,
        }
    ]
    assert client.post("/publicity/api/check/", "剩女", content_type="text/plain").json()[0]["kind"] == "bias"
    client.logout()
    assert client.post("/publicity/api/check/", {"text": "剩女"}).status_code == 302  # sign in first


def test_the_json_endpoint_reads_every_form_body_and_refuses_the_rest_with_400(client, people):
    """A multipart POST carrying only a file used to fall through to request.body after the form parse and end in
    a 500 (RawPostDataException); forms are now read from request.POST / request.FILES only."""
    api = "/publicity/api/check/"
    login(client, people["social"])
    upload = SimpleUploadedFile("稿.txt", "社區關懷外籍新娘".encode("cp950"))
    r = client.post(api, {"file": upload})  # multipart, no text field
    assert r.status_code == 200 and [f["text"] for f in r.json()] == ["外籍新娘"]
    r = client.post(api, {"text": "第一行\n剩女", "per_line": "1"})  # multipart with a text field
    assert r.status_code == 200 and r.json()[0]["line"] == 2 and r.json()[0]["start"] == 0
    r = client.post(api, "text=%E5%89%A9%E5%A5%B3", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 200 and r.json()[0]["text"] == "剩女"
    r = client.post(api, {"other": "剩女"})  # multipart without text or file
    assert r.status_code == 400 and "text" in r.json()["error"]
    r = client.post(api, {"file": SimpleUploadedFile("稿.exe", b"MZ")})
    assert r.status_code == 400 and "不接受" in r.json()["error"]
    r = client.post(api, b"<text>x</text>", content_type="application/xml")
    assert r.status_code == 400 and "application/json" in r.json()["error"]
    r = client.post(api, "[1, 2]", content_type="application/json")
    assert r.status_code == 400


def test_another_units_liaison_sees_and_changes_nothing(client, people, pub):
    login(client, people["social"])
    assert "移工權益說明會" not in client.get("/publicity/").content.decode()
    assert client.get(f"/publicity/{pub.pk}/").status_code == 403
    assert client.get(f"/publicity/{pub.pk}/file/").status_code == 403
    assert client.post(f"/publicity/{pub.pk}/revise/", {"text": "x"}).status_code == 403
    pub.refresh_from_db()
    assert pub.text == "本局聘僱外勞。"
    page = client.get("/publicity/new/").content.decode()
    assert "勞動局" not in page and "社會局" in page


def test_own_unit_and_readers_see_it(client, people, pub):
    for who in ("labor", "office", "auditor"):
        login(client, people[who])
        assert "移工權益說明會" in client.get("/publicity/").content.decode()
        assert client.get(f"/publicity/{pub.pk}/").status_code == 200
    login(client, people["auditor"])
    assert client.post(f"/publicity/{pub.pk}/revise/", {"text": "x"}).status_code == 403
    pub.refresh_from_db()
    assert pub.text == "本局聘僱外勞。"  # the auditor writes nothing


def test_the_path_through_the_pages(client, people, pub):
    login(client, people["labor"])
    client.post(f"/publicity/{pub.pk}/revise/", {"text": "本局聘僱移工。"})
    answers = {f"answer-{i}": "yes" for i in range(1, 11)}
    client.post(f"/publicity/{pub.pk}/check/", {**answers, "superior": people["boss"].pk})
    client.post(f"/publicity/{pub.pk}/confirm/")  # the author cannot
    pub.refresh_from_db()
    assert pub.status == Publication.Status.CHECKED
    login(client, people["boss"])
    client.post(f"/publicity/{pub.pk}/confirm/")
    client.post(f"/publicity/{pub.pk}/release/", {"released_on": "110/03/05"})
    pub.refresh_from_db()
    assert pub.status == Publication.Status.RELEASED and str(pub.released_on) == "2021-03-05"


def test_only_the_office_edits_the_lexicon(client, people):
    login(client, people["labor"])
    client.post("/publicity/lexicon/", {"term": "查某", "kind": "bias", "item": "4", "explanation": "x"})
    assert not LexiconEntry.objects.filter(term="查某").exists()
    entry = LexiconEntry.objects.get(term="外勞")
    assert client.get(f"/publicity/lexicon/{entry.pk}/").status_code == 403
    login(client, people["office"])
    client.post(
        f"/publicity/lexicon/{entry.pk}/",
        {
            "term": "外勞",
            "kind": "exclusion",
            "item": "8",
            "explanation": entry.explanation,
            "suggestions": "移工",
            "window": "8",
            "active_present": "1",
        },
    )
    entry.refresh_from_db()
    assert entry.active is False
    r = client.post("/publicity/api/check/", {"text": "僱用外勞"})
    assert r.json() == []  # a deactivated entry is no longer used


def test_create_with_an_uploaded_docx(client, people):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main"><w:body><w:p><w:r><w:t>她是賢妻良母</w:t></w:r></w:p></w:body></w:document>',
        )
    login(client, people["labor"])
    from mainstream.units.models import Unit

    unit = Unit.objects.get(short_name="勞動局")
    r = client.post(
        "/publicity/new/",
        {"unit": unit.pk, "type": "speech", "title": "致詞稿", "file": SimpleUploadedFile("致詞.docx", buf.getvalue())},
    )
    pub = Publication.objects.get(title="致詞稿")
    assert r.status_code == 302 and pub.text == "她是賢妻良母" and pub.findings[0]["text"] == "賢妻良母"
    assert client.get(f"/publicity/{pub.pk}/file/").status_code == 200


def test_checklist_page_and_new_version(client, people):
    login(client, people["labor"])
    page = client.get("/publicity/checklist/").content.decode()
    assert "伍、一、(二)、3、C" in page and "訂定新版本" not in page
    login(client, people["office"])
    client.post(
        "/publicity/checklist/",
        {
            "version_date": "112/01/01",
            "title": "第二版",
            "code": ["1", "2"],
            "group": ["性別刻板", "性別偏見"],
            "text": ["項目一", "項目二"],
        },
    )
    from mainstream.publicity.models import ChecklistVersion

    assert ChecklistVersion.objects.get(title="第二版").items.count() == 2


def test_the_office_decides_a_disputed_term_and_the_pages_show_it(client, people):
    """An entry marked advice only: the reader leaves it out of the findings, the page lists it apart (issue 12 §3)."""
    from mainstream.publicity.selectors import lexicon_ensure

    login(client, people["office"])
    lexicon_ensure()
    entry = LexiconEntry.objects.get(term="外籍配偶")
    assert entry.decision == "advice" and "法規" in entry.decision_reason  # shipped as the office's decision
    page = client.get("/publicity/lexicon/").content.decode()
    assert "僅供參考" in page and entry.decision_reason in page
    r = client.post("/publicity/read/", {"text": "外籍配偶可至區公所申請生活適應輔導。"})
    html = r.content.decode()
    assert "未發現需注意的用語" in html and "性平辦決定：僅供參考" in html and entry.decision_reason in html
    fields = {
        "term": "外籍配偶",
        "kind": "exclusion",
        "item": "8",
        "explanation": entry.explanation,
        "suggestions": "新住民",
        "window": "8",
        "active_present": "1",
        "active": "on",
        "decision": "accepted",
        "decision_reason": "",
    }
    client.post(f"/publicity/lexicon/{entry.pk}/", fields)  # a reason is required
    entry.refresh_from_db()
    assert entry.decision == "advice"
    client.post(f"/publicity/lexicon/{entry.pk}/", {**fields, "decision_reason": "本府公文沿用法規用語"})
    entry.refresh_from_db()
    assert (entry.decision, entry.decision_reason) == ("accepted", "本府公文沿用法規用語")
    r = client.post("/publicity/read/", {"text": "外籍配偶可至區公所申請生活適應輔導。"})
    assert "性平辦決定：僅供參考" not in r.content.decode()  # accepted: not read at all


def test_the_office_extends_a_word_class_and_the_patterns_use_it(client, people):
    from mainstream.audit.models import AuditEvent

    api = "/publicity/api/check/"
    login(client, people["office"])
    assert client.post(api, {"text": "俊美議員出席記者會"}).json() == []
    words = "、".join(WordClass.objects.get(name="appearance").words)
    client.post("/publicity/lexicon/", {"word_class": "appearance", "words": words + "、俊美"})
    assert [f["text"] for f in client.post(api, {"text": "俊美議員出席記者會"}).json()] == ["俊美議員"]
    assert AuditEvent.objects.filter(action="publicity.wordclass.update").exists()
    login(client, people["labor"])
    client.post("/publicity/lexicon/", {"word_class": "appearance", "words": "美女"})
    assert "俊美" in WordClass.objects.get(name="appearance").words  # only the office edits word classes


def test_the_page_shows_the_right_confirm_buttons_per_user(client, people, pub, make_user):
    """Issue 16, item 6: a select of the unit's users; only the chosen superior gets 確認; the office gets the
    override form; the reason is shown once used."""
    colleague = make_user("liaison", "勞動局")
    login(client, people["labor"])
    page = client.get(f"/publicity/{pub.pk}/").content.decode()
    assert '<select id="superior" name="superior"' in page and f'value="{people["boss"].pk}"' in page
    assert f'value="{people["social"].pk}"' not in page and f'value="{people["labor"].pk}"' not in page
    answers = {f"answer-{i}": "yes" for i in range(1, 11)}
    client.post(f"/publicity/{pub.pk}/check/", {**answers, "superior": people["social"].pk})  # refused
    pub.refresh_from_db()
    assert pub.status == Publication.Status.DRAFT
    client.post(f"/publicity/{pub.pk}/check/", {**answers, "superior": people["boss"].pk})
    pub.refresh_from_db()
    assert pub.status == Publication.Status.CHECKED and pub.superior == people["boss"]
    for who, confirm, override in (
        (people["labor"], False, False),
        (colleague, False, False),
        (people["boss"], True, False),
        (people["office"], False, True),
    ):
        login(client, who)
        page = client.get(f"/publicity/{pub.pk}/").content.decode()
        assert ('id="confirm"' in page) is confirm, who
        assert ('id="override"' in page) is override, who
    login(client, colleague)
    client.post(f"/publicity/{pub.pk}/confirm/")
    pub.refresh_from_db()
    assert pub.status == Publication.Status.CHECKED
    login(client, people["office"])
    client.post(f"/publicity/{pub.pk}/confirm_override/", {"reason": ""})
    pub.refresh_from_db()
    assert pub.status == Publication.Status.CHECKED
    client.post(f"/publicity/{pub.pk}/confirm_override/", {"reason": "直屬長官公出"})
    pub.refresh_from_db()
    assert pub.status == Publication.Status.CONFIRMED
    assert "直屬長官公出" in client.get(f"/publicity/{pub.pk}/").content.decode()


def test_the_lexicon_page_lists_the_stance_frames_with_their_reasons(client, people):
    """The office reads on the lexicon page every frame that turns a rule's match into advice (ADR 0008), with its
    reason, its cues and the turns that end it — as the lexicon file holds them."""
    from mainstream.publicity.reader import shipped_meta

    login(client, people["labor"])
    page = client.get("/publicity/lexicon/").content.decode()
    frames = shipped_meta().frames
    assert len(frames) >= 5 and f"立場框架（{len(frames)} 個）" in page
    for frame in frames:
        assert frame.name in page and frame.reason in page
        assert all(cue in page for cue in (*frame.before, *frame.after))
    assert "但、不過、然而、可是、卻" in page
