"""The reader's statistical part (issue 12 §2, ADR 0014): word-class features, the shipped model, the training protocol.

The figures themselves are printed by test_reader_real.py (model alone; rules + model) and, for the training part's
source-grouped cross-validation, kept in data/model.json (``cv``) by ``python -m mainstream.publicity.model``.
"""

from __future__ import annotations

import json

import pytest

from mainstream.publicity.model import MODEL_FILE, Model, sentences, shipped_model


@pytest.fixture(scope="module")
def model() -> Model:
    m = shipped_model()
    assert m is not None
    return m


def test_sentences_are_cut_where_the_reader_cuts_them():
    text = "第一句。 第二句！\n第三句"
    assert [text[a:b] for a, b in sentences(text)] == ["第一句。", "第二句！", "第三句"]
    # the closing quote after the full stop belongs to the sentence: no sentence of a lone 」
    quoted = "他說：「女人就是情緒化。」記者問：「真的嗎？」』"
    assert [quoted[a:b] for a, b in sentences(quoted)] == ["他說：「女人就是情緒化。」", "記者問：「真的嗎？」』"]


def test_sentences_about_different_topics_share_word_class_features(model):
    nurses = model.features("女護士都很溫柔。")
    men = model.features("男生天生理性。")
    shared = set(nurses) & set(men)
    # no character in common but the classes: a job or a sex, a generalisation cue, a trait
    assert {"b:概", "b:性"} <= shared
    assert not {f for f in shared if f.startswith("c:") and len(f) > 3}
    beauty = model.features("美女議員質詢。")
    assert beauty["a:\ue000貌\ue000職"] == "美女議員"  # 〈外貌用語〉〈職業職稱〉, in the user's characters
    assert model.features.describe("a:\ue000貌\ue000職", "美女議員") == "「美女議員」（外貌用語＋職業職稱）"


def test_a_feature_is_explained_in_chinese_with_the_words_of_the_sentence(model):
    feats = model.features("女人就是情緒化。")
    described = [model.features.describe(f, piece) for f, piece in feats.items() if f.startswith("n:")]
    assert "「女人就是」（女性稱謂與概括語氣相鄰）" in described


def test_a_generalisation_about_a_sex_gets_a_signal_explained_by_its_words(model):
    [first, *_] = model.signals("女人就是情緒化，做事不理性。")
    assert first.kind in {"bias", "stereotype"}
    assert first.explanation.startswith("統計模型估計此句可能有")
    assert "主要依據" in first.explanation and "「" in first.explanation
    # words and classes, not lone characters, when the sentence has them
    assert first.evidence and not [e for e in first.evidence if len(e) == 3 and e[0] == "「"]
    assert any("（" in e for e in first.evidence)  # at least one named word class


def test_a_neutral_statistic_gets_no_signal(model):
    assert model.signals("本市女性勞動參與率為百分之五十一。") == []


def test_findings_span_their_sentence_and_are_advice(model):
    text = "今天天氣晴朗。女人就是情緒化，做事不理性。"
    found = model.findings(text)
    assert found and all(text[f.start : f.end] == f.text == "女人就是情緒化，做事不理性。" for f in found)
    assert {f.decision for f in found} == {"possible"}
    assert len({f.kind for f in found}) == len(found)  # one finding per kind and sentence


def test_the_shipped_model_records_its_protocol_and_grouped_cv_figures():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert set(data["kinds"]) == {"stereotype", "bias", "discrimination", "exclusion"}
    for kind in data["kinds"].values():
        assert 0.2 <= kind["threshold"] <= 0.9
        assert len(kind["weights"]) <= 4000
    cv = data["cv"]["model_alone_outside"]
    assert set(cv) == {"stereotype", "bias", "discrimination", "exclusion", "all"}
    assert 0 <= cv["all"]["precision"] <= 1 and cv["all"]["tp"] > 0


# -- the training protocol (needs scikit-learn, a dev extra)


def test_training_reads_the_training_part_only(monkeypatch):
    pytest.importorskip("sklearn")
    from mainstream.publicity import model_train

    asked = []
    real_read = model_train.real_read

    def spy(split=None):
        asked.append(split)
        return real_read(split)

    monkeypatch.setattr(model_train, "real_read", spy)
    data = model_train.data_load()
    assert asked == ["train"]
    assert {data.rows[u[0]].source for u in data.units} == set(data.groups)


def test_cross_validation_never_puts_a_page_on_both_sides():
    pytest.importorskip("sklearn")
    from mainstream.publicity import model_train

    data = model_train.data_load()
    folds = model_train.grouped_folds(data.groups, model_train.FOLDS)
    assert sorted(i for _train, test in folds for i in test) == list(range(len(data.units)))
    for train, test in folds:
        assert not {data.groups[i] for i in train} & {data.groups[i] for i in test}
        # and the inner folds that choose the thresholds stay inside the outer training pages
        for inner_train, inner_test in model_train.grouped_folds([data.groups[i] for i in train], 4):
            assert not {data.groups[train[i]] for i in inner_train} & {data.groups[train[i]] for i in inner_test}


def test_a_fitted_model_scores_as_the_quality_module_counts():
    pytest.importorskip("sklearn")
    from mainstream.publicity import model_train

    data = model_train.data_load()
    row = next(i for i, r in enumerate(data.rows) if r.spans)
    kind, start, end = data.rows[row].spans[0]
    counts = model_train.score(data, [row], {row: [(start, end, kind)]})
    assert counts[kind].tp == 1 and counts[kind].fp == 0
    missed = model_train.score(data, [row], {})
    assert missed[kind].fn == 1


def test_a_neighbouring_sentence_lends_its_classes_and_quotes_only(model):
    from mainstream.publicity.model import with_context

    neighbour = model.features("記者批評「女人就是情緒化」的說法。")
    lent = with_context(neighbour)
    assert "xb:報" in lent and all(f.startswith(("xb:", "xq:")) for f in lent)
    assert model.features.describe("xb:報", lent["xb:報"]).startswith("鄰句「")


def test_a_paragraph_break_ends_the_neighbourhood(model):
    text = "記者批評這種說法。女人就是情緒化。\n女人就是情緒化。"
    [a, b] = [f for f in sentences(text)][1:]
    found = {(f.start, f.kind) for f in model.findings(text)}
    alone = {(b[0], s.kind) for s in model.signals(text[b[0] : b[1]])}
    assert {x for x in found if x[0] == b[0]} == alone  # the last sentence reads without the one before the break
    with_neighbour = {(a[0], s.kind) for s in model.signals(text[a[0] : a[1]], ["記者批評這種說法。"])}
    assert {x for x in found if x[0] == a[0]} == with_neighbour


# -- how the page joins the model to the rules: a signal is hidden only where a rule found the same kind


@pytest.mark.django_db
def test_the_reading_page_lists_a_signal_of_another_kind_beside_a_rules_finding(client, make_user):
    from mainstream.publicity.reader import shipped_reader

    text = "女人就是情緒化，不適合當主管。"
    rules = {f.kind for f in shipped_reader().read(text)}
    signals = {s.kind for s in shipped_model().signals(text)}
    assert rules == {"bias"} and "stereotype" in signals  # the case this test is about
    client.force_login(make_user("liaison", "勞動局"))
    page = client.post("/publicity/read/", {"text": text}).content.decode()
    advice = page[page.index('id="advice-h"') :]
    assert "可能有性別刻板問題" in advice  # the model's other kind is listed as advice
    assert "可能有性別偏見問題" not in advice  # the kind the rules found is not repeated


# -- the second round (ADR 0014): clauses, negation scope, more word classes, no signal without a word


def test_class_words_in_one_clause_pair_up_and_a_negation_scopes_its_clause(model):
    feats = model.features("女人就是情緒化，男人不是。")
    assert feats["k:女負"] == "女人就是情緒化"  # a woman word and a bad trait in the same clause
    assert "k:男負" not in feats  # the man word is in another clause
    assert model.features.describe("k:女負", feats["k:女負"]) == "「女人就是情緒化」（女性稱謂與負面特質同一分句）"
    broken = model.features("打破女性就該持家的觀念。")
    assert broken["g:概"] == "打破女性就該"  # the generalisation sits in the scope of 打破
    assert model.features.describe("g:概", broken["g:概"]) == "「打破女性就該」（概括語氣在否定或倡議語之後）"
    assert not {f for f in model.features("女性就該持家。") if f.startswith("g:")}


def test_refusals_age_orientation_and_dress_are_word_classes(model):
    refused = model.features("紅十字會拒絕同性戀者捐血。")
    assert refused["k:同拒"] == "拒絕同性戀"
    assert "性傾向或性別認同" in model.features.describe("k:同拒", refused["k:同拒"])
    assert model.features("誠徵櫃台人員，年齡30歲以下。")["b:齡"] == "年齡"
    assert model.features("女生不得穿短裙。")["k:女衣"] == "女生不得穿"


def test_a_sentence_without_a_word_gets_no_signal(model):
    assert model.signals("」") == [] and model.signals("……") == []
    text = "他說：「女人就是情緒化。」"
    assert [text[a:b] for a, b in sentences(text)] == [text]
    assert {f.text for f in model.findings(text)} <= {text}


def test_cross_validation_by_batch_keeps_a_batch_and_its_pages_on_one_side(monkeypatch):
    pytest.importorskip("sklearn")
    from mainstream.publicity import model_train

    data = model_train.data_load()
    pages = sorted(set(data.groups))
    batches = {page: f"batch {i // 20}" for i, page in enumerate(pages)}  # twenty pages a batch
    monkeypatch.setattr(model_train, "BATCHES", batches)
    for train, test in model_train.grouped_folds(data.groups, model_train.FOLDS):
        assert not {batches[data.groups[i]] for i in train} & {batches[data.groups[i]] for i in test}
        assert not {data.groups[i] for i in train} & {data.groups[i] for i in test}


def test_a_sentence_without_a_word_of_any_class_gets_no_signal(model):
    # the model learnt 「氣」 leans to bias; a sentence with no gender, role, group or cue word is left alone
    assert not [f for f in model.features("今天天氣晴朗。") if f.startswith("b:")]
    assert model.signals("今天天氣晴朗。") == []
    # every signal stands on a class word of its sentence, named in the explanation's features
    for text in ("女人就是情緒化，不適合當主管。", "誠徵櫃台人員，限女性，年齡30歲以下。"):
        signals = model.signals(text)
        assert signals and all(any("（" in e for e in s.evidence) for s in signals)


def test_a_report_words_scope_is_a_feature_option():
    from mainstream.publicity import model_train
    from mainstream.publicity.model import Features

    features = Features(model_train.model_classes(), {"report": True})
    found = features("記者批評女人就是情緒化的說法。")
    assert found["r:女"].startswith("批評")
    assert features.describe("r:女", found["r:女"]).endswith("（女性稱謂在轉述或批評語之後）")
