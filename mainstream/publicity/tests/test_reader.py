"""The reader, case by case: what is pointed at, where, and what is left alone."""

from __future__ import annotations

import pytest

from mainstream.publicity.reader import Entry, Reader, shipped_reader


@pytest.fixture(scope="module")
def reader():
    return shipped_reader()


def spans(reader, text):
    return [(f.start, f.end, f.text, f.kind) for f in reader.read(text)]


def test_offsets_are_into_the_original_text(reader):
    text = "本局新任處長是一位女強人。"
    [f] = reader.read(text)
    assert text[f.start : f.end] == "女強人" == f.text
    assert f.kind == "stereotype" and f.item == "1" and "企業領導者" in f.suggestions
    assert set(f.as_dict()) == {"start", "end", "text", "kind", "item", "explanation", "suggestions"}


def test_simplified_text_reads_the_same_and_keeps_its_own_characters(reader):
    [f] = reader.read("她是一位女强人")
    assert (f.start, f.end, f.text) == (4, 7, "女强人")


def test_an_expression_inside_an_unrelated_word_is_not_matched(reader):
    assert spans(reader, "過剩女性人口的說法缺乏根據") == []
    assert spans(reader, "婆婆和媽媽一起來參加運動會") == []


def test_context_conditions(reader):
    assert spans(reader, "本局男警與女警共一百二十人") == []  # a list of officers of all sexes
    assert spans(reader, "女警也能破案") == [(0, 2, "女警", "stereotype")]  # surprise that she can
    assert spans(reader, "她把鮮花插在花瓶裡") == []
    assert [s[2] for s in spans(reader, "她只是個花瓶")] == ["花瓶"]
    assert spans(reader, "同性戀者的權益受到保障") == []
    assert [s[3] for s in spans(reader, "你這個死同性戀")] == ["bias"]  # a slur is bias, always (issue 12)


def test_a_mere_mention_is_not_a_finding(reader):
    assert spans(reader, "本局將「外勞」一詞全面改稱為移工") == []
    assert [s[2] for s in spans(reader, "本局聘僱外勞")] == ["外勞"]


def test_per_line_reading_numbers_lines_from_one_and_counts_from_the_line_start(reader):
    text = "第一行沒有問題。\r\n僱用外勞。\n賢妻良母\n"
    findings = reader.read_lines(text)
    assert [(f.line, f.start, f.end, f.text) for f in findings] == [(2, 2, 4, "外勞"), (3, 0, 4, "賢妻良母")]
    lines = text.splitlines()
    assert all(lines[f.line - 1][f.start : f.end] == f.text for f in findings)
    assert "line" in findings[0].as_dict()


def test_a_new_entry_is_used():
    reader = Reader([Entry(term="查某", kind="bias", item="4", explanation="台語貶稱", suggestions=("女性",))])
    assert [(f.text, f.suggestions) for f in reader.read("那個查某很兇")] == [("查某", ["女性"])]
