"""``mainstream check-text`` on real TXT (UTF-8, CP950), DOCX and ODT files."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out = io.StringIO()
    call_command("check_text", *args, stdout=out)
    return out.getvalue()


def docx(paragraphs):
    buf = io.BytesIO()
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return buf.getvalue()


def odt(paragraphs):
    buf = io.BytesIO()
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            f"<office:text>{body}</office:text></office:body></office:document-content>",
        )
    return buf.getvalue()


@pytest.mark.django_db
def test_json_has_the_contract_fields_and_offsets_into_the_text(tmp_path):
    path = tmp_path / "稿.txt"
    text = "本市工業區聘僱外勞。\n她是賢妻良母。\n"
    path.write_text(text, encoding="utf-8")
    findings = json.loads(run(str(path), "--format", "json"))
    assert [set(f) for f in findings] == [{"start", "end", "text", "kind", "item", "explanation", "suggestions"}] * 2
    assert [text[f["start"] : f["end"]] for f in findings] == ["外勞", "賢妻良母"]
    per_line = json.loads(run(str(path), "--per-line", "--format", "json"))
    assert [(f["line"], f["text"], f["suggestions"][0]) for f in per_line] == [
        (1, "外勞", "移工"),
        (2, "賢妻良母", "關心家人的家長"),
    ]


@pytest.mark.django_db
def test_cp950_docx_and_odt_files(tmp_path):
    (tmp_path / "a.txt").write_bytes("社區關懷外籍新娘".encode("cp950"))
    (tmp_path / "b.docx").write_bytes(docx(["第一段沒有問題。", "他很娘娘腔。"]))
    (tmp_path / "c.odt").write_bytes(odt(["女警也能破案"]))
    assert [f["text"] for f in json.loads(run(str(tmp_path / "a.txt")))] == ["外籍新娘"]
    assert [(f["line"], f["text"]) for f in json.loads(run(str(tmp_path / "b.docx"), "--per-line"))] == [(2, "娘娘腔")]
    assert "性別刻板" in run(str(tmp_path / "c.odt"), "--format", "text")


@pytest.mark.django_db
def test_a_wrong_file_is_refused(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError):
        run(str(tmp_path / "x.pdf"))
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    with pytest.raises(CommandError):
        run(str(tmp_path / "bad.docx"))


@pytest.mark.django_db
def test_advice_only_terms_are_listed_only_when_asked(tmp_path):
    path = tmp_path / "稿.txt"
    path.write_text("外籍配偶可至區公所申請輔導。\n", encoding="utf-8")
    assert json.loads(run(str(path))) == []  # the office decided: advice only
    [note] = json.loads(run(str(path), "--advice"))
    assert note["decision"] == "advice" and note["text"] == "外籍配偶" and note["decision_reason"]
    assert "僅供參考" in run(str(path), "--advice", "--format", "text")


@pytest.mark.django_db
def test_advice_adds_the_models_signals_as_the_reading_page_lists_them(tmp_path):
    from mainstream.publicity.model import shipped_model
    from mainstream.publicity.reader import shipped_reader

    line = "女生天生比較情緒化，不適合處理危機。"  # (data/corpus/main.tsv: the model learnt it, the join is what is tested)
    assert {f.kind for f in shipped_reader().read(line)} == {"bias"}
    model_kinds = {s.kind for s in shipped_model().signals(line)}
    assert {"bias", "stereotype"} <= model_kinds  # the case this test is about
    path = tmp_path / "稿.txt"
    first = "本市今天舉辦活動。"
    assert shipped_model().signals(first) == []
    path.write_text(first + "\n" + line + "\n", encoding="utf-8")
    plain = json.loads(run(str(path)))
    assert {f["kind"] for f in plain} == {"bias"}  # without --advice: the rules' findings only, as before
    found = json.loads(run(str(path), "--advice"))
    signals = [f for f in found if f.get("decision") == "possible"]
    assert [f for f in found if "decision" not in f] == plain  # the rules' findings unchanged
    assert {f["kind"] for f in signals} == model_kinds - {"bias"}  # the rules' own kind is not repeated
    [signal] = [f for f in signals if f["kind"] == "stereotype"]
    assert path.read_text(encoding="utf-8")[signal["start"] : signal["end"]] == line == signal["text"]
    assert signal["explanation"].startswith("統計模型估計此句可能有性別刻板問題") and signal["decision_reason"]
    assert set(signal) == {
        "start",
        "end",
        "text",
        "kind",
        "item",
        "explanation",
        "suggestions",
        "decision",
        "decision_reason",
    }
    [per_line] = [f for f in json.loads(run(str(path), "--advice", "--per-line")) if f.get("kind") == "stereotype"]
    assert (per_line["line"], per_line["start"], per_line["end"]) == (2, 0, len(line))
    assert "統計模型的提醒" in run(str(path), "--advice", "--format", "text")
