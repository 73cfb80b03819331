"""Stance frames: a rule's match that the sentence reports, quotes, denies or describes as the past is advice only
(issue 12, third round; ``stance`` in ``data/lexicon.yaml``, ADR 0008).

Every sentence here is quoted from the training part of the real corpus (``data/real``, split ``train``; the source id
is given), so none of the held-out parts is read to write these frames."""

from __future__ import annotations

import pytest

from mainstream.publicity.reader import Entry, Frame, Meta, Reader, shipped_reader


@pytest.fixture(scope="module")
def reader():
    return shipped_reader()


def spans(reader, text, **kw):
    return [(f.text, f.kind) for f in reader.read(text, **kw)]


def frames(reader, text):
    return [f.decision_reason.partition("：")[0] for f in reader.read(text, advice=True) if f.decision == "advice"]


def test_a_tradition_or_the_past_described_is_advice_only(reader):
    c461 = "傳統的觀念中,除了獨身以外,男大當婚和女大當嫁是很自然的。"
    assert spans(reader, c461) == []
    assert frames(reader, c461) == ["描述傳統或過去"]
    c011 = "傳統上,祭祀公業強調男系單傳,原則上僅限男性後嗣繼承派下權。"  # the start of c011's sentence
    assert spans(reader, c011) == []
    assert spans(reader, "早期臺鐵招考司機一般限制男性。") == []  # u04


def test_a_turn_after_the_frame_gives_the_author_back_the_word(reader):
    # r48: the tradition is reported, then 不過 … the author's own claim about male nurses (labelled stereotype)
    r48 = (
        "高靖秋表示,「男醫師、女護理師」是傳統社會的性別刻板印象,醫護工作應不分性別,不過男護理師具生理上的體能優勢,"
        "若待在急診室、開刀房、加護病房及精神科病房等較吃重單位,就能充分發揮功能。"
    )
    assert ("男護理師", "stereotype") in spans(reader, r48)


def test_a_label_someone_else_gave_is_reported(reader):
    c534 = "卻在感情路上被冠上「剩女」、「敗犬」,甚至是「公害」。"  # part of c534's sentence
    assert spans(reader, c534) == []
    assert frames(reader, "25歲的相親女子:「我們同事喊我剩女。」") == ["轉述他人的稱呼、言論或看法"]  # c278
    assert spans(reader, "而其中一個就是所謂的「男兒有淚不輕彈」") == []  # c555
    assert spans(reader, "實不相瞞,現在社會環境中,還有許多人都會認為,女性天生學不好數理化。") == []  # r19
    assert spans(reader, "你這個剩女。") == [("剩女", "bias")]  # used, not reported


def test_a_word_discussed_as_derogatory_is_not_used(reader):
    c501 = "很多人早已把“三十岁大龄”、“四十岁晚婚”、“剩女”、“老姑娘”等贬义词抛诸脑后。"
    assert spans(reader, c501) == []
    c464 = "娘娘腔,或稱娘砲、娘氣,粵語叫乸型,是一種對男性使用的歧視語,具有性別刻板印象意涵且含有歧視意味。"
    assert spans(reader, c464) == []
    c065 = "我看到「殘障」這兩個字實在是太驚訝了,沒想到台灣最大的醫院,還會犯下這種錯。"
    assert spans(reader, c065) == []


def test_a_denial_or_a_protest_is_not_a_claim(reader):
    assert spans(reader, "這個「易感期」並非單純的「公主病」或情緒不穩定。") == []  # c150
    assert spans(reader, "為什麼男人做什麼都可以、女人做什麼都有錯?") == []  # c527
    assert spans(reader, "她就是有公主病。") == [("公主病", "bias")]


def test_generalisations_the_author_states(reader):
    assert spans(reader, "女人应该是感性的,太理性是件可怕的事。") == [("女人应该是", "stereotype")]  # c212
    assert [k for _t, k in spans(reader, "虽然女生普遍较细心,但体力远远比不上男生。")] == ["stereotype"]  # c402
    assert [k for _t, k in spans(reader, "王宇还补充说,女性天生富有同情心,乐于帮助人。")] == ["stereotype"]  # c348
    assert [k for _t, k in spans(reader, "男人都是坚强而可以依赖的。")] == ["stereotype"]  # c377
    assert [k for _t, k in spans(reader, "女人就是情緒化。")] == ["bias"]  # a bad trait: the longer pattern, bias
    assert spans(reader, "統計顯示女生普遍較晚婚。") == []  # a statistic, not a generalisation


def test_frames_are_data_with_an_explanation():
    meta = Meta(frames=(Frame(name="轉述", reason="只是轉述。", before=("網友說",), window=6),), turns=("但",))
    reader = Reader([Entry(term="剩女", kind="bias", item="4", explanation="x")], meta)
    assert reader.read("網友說她是剩女。") == []
    [note] = reader.read("網友說她是剩女。", advice=True)
    assert note.decision == "advice" and note.decision_reason == "轉述：只是轉述。"
    assert note.as_dict()["decision_reason"] == "轉述：只是轉述。"
    assert [f.text for f in reader.read("網友說了很多很多話，她是剩女。")] == ["剩女"]  # beyond the window
    assert [f.text for f in reader.read("網友說但她是剩女。")] == ["剩女"]  # a turn ends the frame


def test_rules_that_treat_people_differently_by_sex_or_age(reader):
    # dress and grooming rules by sex, hiring by sex, age limits (the training part labels them discrimination)
    c565 = "四、女员工上班要化淡妆,但不得浓妆艳抹。"
    assert [k for _t, k in spans(reader, c565)] == ["discrimination"]
    c566 = "第四条女职员上班不得穿牛仔服、运动服、超短裙、低胸衫或其他有碍观瞻的奇装异服,并一律穿肉色丝袜。"
    [(hit, kind)] = spans(reader, c566)
    assert kind == "discrimination" and hit.endswith("并一律穿肉色丝袜")  # the rule is the whole clause list
    assert [k for _t, k in spans(reader, "我之所以停在这里,因为我听到死鱼眼说:“我们不招男的。”")] == ["discrimination"]
    assert [k for _t, k in spans(reader, "(三)年龄在40周岁以下(1975年11月3日以后出生);")] == ["discrimination"]
    assert spans(reader, "服裝儀容規定不分性別，員工一律穿著制服。") == []


def test_comparisons_by_sex_and_people_as_scenery(reader):
    assert [k for _t, k in spans(reader, "第一、女人比男人更有忍耐力。")] == ["stereotype"]  # c211
    assert [k for _t, k in spans(reader, "女人是浪漫的,男人是实际的。")] == ["stereotype", "stereotype"]  # c212
    assert spans(reader, "台灣沒結婚的男生比女生多。") == []  # a count, not a trait
    assert spans(reader, "有人說,男人是社會的動物,女人是自然的動物。") == []  # c510, reported (有人說)
    assert [k for _t, k in spans(reader, "沒想到女店員們已經成為外國人眼中的美麗風景啦")] == ["bias"]  # c033
    assert spans(reader, "阿里山最美的風景是日出。") == []


def test_the_model_reads_words_in_a_reported_clause_apart():
    from mainstream.publicity.model import shipped_model

    model = shipped_model()
    assert model is not None and model.features.mask
    reported = model.features("她在感情路上被冠上「剩女」的標籤。")  # after c534
    assert "mc:剩女" in reported and "c:剩女" not in reported  # the term reported weighs apart from the term used
    assert model.features.describe("mc:剩女", reported["mc:剩女"]) == "轉述中的「剩女」"
    used = model.features("她是剩女。")
    assert "c:剩女" in used and not [f for f in used if f.startswith("m")]
    assert "b:女" in model.features("記者批評女人就是情緒化的說法。")  # the classes present stay for the gate
