"""The reader on sentences adapted from real public sources (issue 12).

The corpus (``data/real``) names the page each sentence comes from; whole sources are held out (``sources.tsv``),
and the rules were written looking only at the training part's errors. Both parts' precision and recall per kind
are printed side by side at the end of every test run (pytest_terminal_summary in conftest.py); only the
training part's errors are printed, so that the held-out sentences keep out of rule writing.

Targets on the held-out part (issue 12 §5): precision ≥ 0.9 and recall ≥ 0.8 overall, recall ≥ 0.6 per kind.
The held-out sentences were written in the same sitting as the rules, most positives modelled on wording the
pages report; the ``fresh`` part (pages found and labelled after the rules were frozen, mostly verbatim) is the
sterner measure and is printed beside it. It is not asserted: it does not meet the targets (see the report).

Every sentence says whose words it is (``provenance``: verbatim, adapted, written-here), and every run also prints
each part's figures on real outside text (verbatim + adapted) beside those on sentences written here. Most of the
held-out positives are written here: its asserted figures are largely a measure on our own examples.
"""

from __future__ import annotations

import pytest

from mainstream.publicity.model import shipped_model
from mainstream.publicity.quality import (
    REAL,
    REAL_PARTS,
    corpus_read,
    evaluate_real,
    interval_line,
    real_read,
    side_by_side,
    sources_read,
)
from mainstream.publicity.reader import KINDS, Entry, Reader, lexicon_parse, shipped_reader


@pytest.fixture(scope="module")
def reader():
    return shipped_reader()


def spans(reader, text, **kw):
    return [(f.text, f.kind) for f in reader.read(text, **kw)]


def test_the_real_corpus_is_large_sourced_and_split_by_source():
    sources = sources_read()
    rows = real_read()
    used = {r.source for r in rows}
    assert len(rows) >= 600
    assert len(used) >= 30
    assert all(s.url.startswith("http") for s in sources.values())
    with_issue = sum(1 for r in rows if r.spans)
    assert 0.4 <= with_issue / len(rows) <= 0.6  # about half with an issue; most of the rest near misses
    held = {s.id for s in sources.values() if s.split == "heldout"}
    assert {r.source for r in real_read("heldout")} <= held  # whole sources, never single sentences
    assert len(real_read("heldout")) >= 150
    assert {k for r in real_read("heldout") for k in r.kinds} == set(KINDS)
    sentences = [r.sentence for r in rows]
    assert len(sentences) == len(set(sentences)), "a sentence appears twice"
    # heldout3 (data/real/heldout3/): whole new pages, verbatim, labelled before measuring, never used for rules
    third = real_read("heldout3")
    third_sources = {s.id for s in sources.values() if s.split == "heldout3"}
    assert {r.source for r in third} <= third_sources
    assert len(third) >= 200 and len({r.source for r in third}) >= 30
    assert {r.provenance for r in third} == {"verbatim"}
    # about half with an issue, the rest near misses; every kind present (issue 12: recall per kind is measured)
    assert 0.35 <= sum(1 for r in third if r.spans) / len(third) <= 0.65
    for kind in KINDS:
        assert sum(1 for r in third if kind in r.kinds) >= 15, kind
    assert not {s.url for s in sources.values() if s.split == "heldout3"} & {
        s.url for s in sources.values() if s.split != "heldout3"
    }, "a heldout3 page is already in another part"
    # heldout4 … (data/real/heldout4/ …): the same, each collected 2026-12-06 to decide one thing once
    # (ADR 0014: the review part's use; the fifth to eighth rounds' models)
    for part in REAL_PARTS[1:]:
        rows_of_part = real_read(part)
        assert {r.source for r in rows_of_part} <= {s.id for s in sources.values() if s.split == part}
        assert len(rows_of_part) >= 150 and len({r.source for r in rows_of_part}) >= 30, part
        assert {r.provenance for r in rows_of_part} == {"verbatim"}, part
        assert not {s.url for s in sources.values() if s.split == part} & {
            s.url for s in sources.values() if s.split != part
        }, f"a {part} page is already in another part"


OUTSIDE = ("verbatim", "adapted")


def held_out_parts_lines(reader, before) -> list[str]:
    """heldout3 … (``REAL_PARTS``): each part described and printed beside the one before it (``before``: the
    report of the part before the first). A part with ``first.tsv`` was labelled twice and adjudicated."""
    lines = []
    for part in REAL_PARTS:
        rows = real_read(part)
        twice = (REAL / part / "first.tsv").exists()
        how = "labelled by two annotators and adjudicated" if twice else "labelled by one annotator"
        report = evaluate_real(reader, part)
        lines += [
            f"  {part}: {len({r.source for r in rows})} new pages, {len(rows)} verbatim sentences (data/real/{part}/),"
            f" {how} before measuring; figures only, never used for rules",
            *side_by_side(before, report),
            f"  {part}, how far these figures can move:",
            interval_line(report),
        ]
        before = report
    return lines


def provenance_lines(reader, model=None):
    """Each part's figures on real outside text (verbatim or adapted from the page) beside those on sentences
    written here: only the left-hand column is a measure on text nobody here wrote."""
    lines = ["  by provenance: left, real outside text (verbatim + adapted); right, sentences written here (our own)"]
    for split in ("train", "heldout", "fresh", "heldout2", *REAL_PARTS):
        outside = evaluate_real(reader, split, provenance=OUTSIDE, model=model, label=f"{split}, outside")
        ours = evaluate_real(reader, split, provenance=("written-here",), model=model, label=f"{split}, ours")
        lines += side_by_side(outside, ours)
    return lines


def test_every_sentence_says_whose_words_it_is():
    rows = real_read()
    assert {r.provenance for r in rows} <= {"verbatim", "adapted", "written-here"}
    assert sum(r.provenance in OUTSIDE for r in rows) > sum(r.provenance == "written-here" for r in rows)


# Training batches the floor below does not hold on: the corpus helpers' batches of 2026-12-05 evening (source ids
# c…) and of 2026-12-06 (d…), each labelled by one annotator before the rules read it. On 2026-12-06 stance frames and
# some entries were written from the training part's errors, the c… batches included (ADR 0008, third round); no rule
# has read the d… batches (they waited in the split "review" until heldout4 decided to train the model on them: ADR
# 0014, fourth round). Printed beside the part the rules were built from; whoever fits the rules to them moves the
# floor onto them (drop their prefix).
UNFITTED_TRAINING_PREFIXES = ("a", "b", "c", "d", "e", "i", "j", "k", "l", "m", "n", "p", "q", "w", "x", "y", "z")


def unfitted_training_sources() -> frozenset[str]:
    if not UNFITTED_TRAINING_PREFIXES:
        return frozenset()
    return frozenset(
        s.id for s in sources_read().values() if s.split == "train" and s.id.startswith(UNFITTED_TRAINING_PREFIXES)
    )


def test_training_and_held_out_figures(reader, record_property):
    held = evaluate_real(reader, "heldout")
    unfitted = unfitted_training_sources()
    fitted = frozenset(s.id for s in sources_read().values() if s.split == "train") - unfitted
    train = evaluate_real(reader, "train", sources=fitted, label="real train, rules fitted")
    new_batches = evaluate_real(
        reader, "train", sources=unfitted, label="real train, batches a… to z… (floor not held)"
    )
    fresh = evaluate_real(reader, "fresh")
    quoted = evaluate_real(reader, "heldout", modelled=False)
    fresh_quoted = evaluate_real(reader, "fresh", modelled=False)
    lines = [
        *side_by_side(train, held),
        f"  held-out, adapted from the page's own text only: {quoted.lines()[-1].strip()}",
        "  fresh: pages found after the rules were frozen, mostly verbatim (figures only, never used for rules)",
        *side_by_side(held, fresh),
        f"  fresh, adapted from the page's own text only: {fresh_quoted.lines()[-1].strip()}",
        "  heldout2: 21 new pages, 82 verbatim sentences + 1 adapted, labelled 2026-12-05 (9 pages before that day's rule changes, 12 after);"
        " figures only, never used for rules",
        *side_by_side(fresh, second := evaluate_real(reader, "heldout2")),
    ]
    lines += held_out_parts_lines(reader, second)
    lines += [
        "  training batches a… to z… (verbatim real text, one annotator each; rules written from the c…"
        " batches' errors on 2026-12-06, none from the others; not asserted):",
        *side_by_side(train, new_batches),
    ]
    lines += provenance_lines(reader)
    errors = [*train.errors, *new_batches.errors]
    record_property("summary", "\n".join([*lines, *("  train " + e for e in errors)]))
    overall = held.overall
    assert overall.precision >= 0.9 and overall.recall >= 0.8, lines
    for kind in KINDS:
        assert held.by_kind[kind].recall >= 0.6, (kind, lines)
    assert train.overall.precision >= 0.9 and train.overall.recall >= 0.8, lines


# -- the "Done when" sentences (issue 12)


def test_a_slur_quoted_to_criticise_it_is_not_flagged(reader):
    assert spans(reader, "藝人王陽明表示「我不比娘炮（砲）的動作」，挨轟言行涉歧視。") == []
    assert spans(reader, "葉永鋕離開快20年，「娘炮」、「甲甲」等詞彙卻從未真正自校園消失。") == []
    assert spans(reader, "高雄一間咖啡店在徵人廣告上註明「限女性」，被認定性別歧視。") == []
    assert spans(reader, "他寫了一本名為《娘娘腔》的小說。") == []
    assert spans(reader, "你這個娘炮。") == [("娘炮", "bias")]  # used, not quoted


def test_a_neutral_list_with_female_officers_is_not_flagged(reader):
    assert spans(reader, "本分局員警共120人，其中男警98人、女警22人。") == []
    assert spans(reader, "截至2024年底，全國警察有六萬七千多人，女警有九千多人。") == []
    assert spans(reader, "女警竟然也能單槍匹馬攔車抓人。") == [("女警", "stereotype")]


def test_a_factual_sentence_about_womens_labour_participation_is_not_flagged(reader):
    assert spans(reader, "我國女性勞動力參與率由93年47.7%上升至103年50.6%，25至44歲女性增加約10個百分點。") == []
    assert spans(reader, "我國女性平均時薪340元，是男性405元的83.9%。") == []


def test_an_appearance_word_before_an_officials_title_is_flagged(reader):
    for text, hit in [
        ("美女議員質詢市長，全場目光都在她身上。", "美女議員"),
        ("美女市長今天視察防汛整備。", "美女市長"),
        ("全台最美檢察官偵破詐騙集團。", "全台最美檢察官"),
        ("鮮肉消防員月曆開賣。", "鮮肉消防員"),
        ("性感女議員出席記者會。", "性感女議員"),
    ]:
        assert spans(reader, text) == [(hit, "bias")], text


# -- how the reader generalises


def test_job_ad_grammar(reader):
    assert spans(reader, "誠徵倉管人員，男性尤佳。") == [("男性尤佳", "discrimination")]
    assert spans(reader, "徵女會計一名。") == [("徵女會計一名", "discrimination")]
    assert spans(reader, "國貿助理，三觀正確，五官端正。") == [("五官端正", "discrimination")]
    assert spans(reader, "就業服務法規定雇主不得以容貌、五官為由歧視求職人。") == []


def test_whole_statement_generalisations(reader):
    assert spans(reader, "女人就是情緒化，不適合當主管。")[0][1] == "bias"
    assert spans(reader, "男孩天生好動。")[0][1] == "stereotype"
    assert spans(reader, "照顧家庭不再是女性的責任。") == []


def test_pregnancy_tied_to_dismissal(reader):
    assert [k for _t, k in spans(reader, "員工一告知懷孕，公司就以懷孕為由將她資遣。")] == ["discrimination"]
    assert spans(reader, "雇主不得因受僱者懷孕而予以解僱。") == []


def test_variants_and_segmentation(reader):
    assert [t for t, _k in spans(reader, "他不比娘砲的動作。")] == ["娘砲"]  # 砲 and 炮 are one
    assert [t for t, _k in spans(reader, "女孩子唸那麼多書做什麼")] == ["女孩子唸那麼多書"]  # 唸/讀/念
    assert spans(reader, "過剩女性人口的說法缺乏根據") == []


def test_migrants_described_by_price(reader):
    found = spans(reader, "大陸新娘19萬元、越南28萬元包到好。")
    assert ("bias" in {k for _t, k in found}) and ("exclusion" in {k for _t, k in found})


def test_office_decisions_are_honoured():
    entries, meta = lexicon_parse()
    advice = Reader(entries, meta)
    assert advice.read("外籍配偶可至區公所申請輔導。") == []
    [note] = advice.read("外籍配偶可至區公所申請輔導。", advice=True)
    assert note.decision == "advice" and "法規" in note.decision_reason
    assert note.as_dict()["decision"] == "advice"
    accepted = Reader([Entry(term="外勞", kind="exclusion", item="8", explanation="x", decision="accepted")], meta)
    assert accepted.read("本市聘僱外勞", advice=True) == []


# -- the small statistical model: a separate "possible issue" signal, measured apart from the rules


def test_the_model_is_measured_apart_and_explains_every_signal(reader, record_property):
    model = shipped_model()
    assert model is not None
    lines = []
    for split in ("heldout", "fresh", "heldout2", *REAL_PARTS):
        alone = evaluate_real(None, split, model=model, label=f"model alone, {split}")
        both = evaluate_real(reader, split, model=model, label=f"rules + model, {split}")
        lines += side_by_side(alone, both)
        if split in REAL_PARTS:
            lines += [f"  rules + model, {split}, how far these figures can move:", interval_line(both)]
    lines += ["  rules + model:", *provenance_lines(reader, model)]
    record_property("summary", "\n".join(lines))
    for row in real_read("heldout")[:80]:
        for f in model.findings(row.sentence):
            assert f.decision == "possible" and "主要依據" in f.explanation and "「" in f.explanation
            assert row.sentence[f.start : f.end] == f.text


def test_the_model_was_trained_on_the_training_part_only():
    import json

    from mainstream.publicity.model import MODEL_FILE

    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    # The model may lag the training part by one batch (the corpus helper adds verbatim sentences first, the model is
    # retrained on them after): it never counts more sentences than the training part and the written corpus hold.
    assert data["sentences"] <= len(real_read("train")) + len(corpus_read("main"))


# -- classes learnt from the fifth to tenth training batches (2026-12-05); cases written here, each with a near miss


def test_praise_that_assigns_women_the_home_or_likens_them_to_flowers(reader):
    assert spans(reader, "模範母親們一生無私奉獻給家庭，足為典範。") == [("無私奉獻給家庭", "stereotype")]
    assert spans(reader, "市長祝福如花般的女性朋友永不凋謝。") == [("如花般的女性", "stereotype")]
    assert [k for _t, k in spans(reader, "本市女性不只要照顧家庭，也投入社區服務。")] == ["stereotype"]
    assert spans(reader, "打破女性就該勤儉持家的刻板印象。") == []  # talked about, not used
    assert spans(reader, "本市模範母親表揚大會今日舉行，共20位母親獲獎。") == []


def test_housework_addressed_to_housewives_and_men_who_help(reader):
    assert spans(reader, "這款洗碗機是主婦的好幫手。") == [("主婦的好幫手", "stereotype")]
    assert spans(reader, "先生下班後會幫忙做家事。") == [("幫忙做家事", "stereotype")]
    assert spans(reader, "家庭主婦人數逐年下降。") == []


def test_men_held_to_the_breadwinner_role(reader):
    assert [k for _t, k in spans(reader, "男人肩膀上就要扛起養家的責任。")] == ["stereotype"]
    assert spans(reader, "男性不必獨自扛起養家的責任。") == []


def test_marriage_or_children_said_to_lessen_a_womans_work(reader):
    assert [k for _t, k in spans(reader, "結了婚的女人心比較不在公司上。")] == ["bias"]
    assert spans(reader, "公司對已婚員工一視同仁。") == []


def test_domestic_workers_wording(reader):
    assert spans(reader, "這一代難得好菲傭。") == [("難得好", "bias"), ("菲傭", "exclusion")]
    assert spans(reader, "家事移工每月至少休假一日。") == []


def test_women_in_a_field_named_by_their_looks(reader):
    assert spans(reader, "網壇美女再奪冠。") == [("網壇美女", "bias")]
    assert spans(reader, "美女選手今天出賽。") == [("美女選手", "bias")]
    assert spans(reader, "女子選手今天出賽。") == []


def test_male_nurses_marked_only_with_a_surprise_word(reader):
    assert spans(reader, "北市「男」丁格爾好稀有！") == [("「男」丁格爾", "stereotype")]
    assert spans(reader, "本院男護理師共28位。") == []


def test_sayings_beliefs_and_questions_that_are_reported(reader):
    assert spans(reader, "他覺得「男主外、女主內」才是正常的。") == []
    assert spans(reader, "有一說，馬路三寶是女人、老人、老女人。") == []
    assert spans(reader, "記者「妳是女漢子，打算什麼時候做女孩子？」的提問引發批評。") == []  # ? inside the quote


def test_a_word_used_as_an_adjective_is_told_from_the_plain_noun(reader):
    assert spans(reader, "他做事很婆婆媽媽。") == [("婆婆媽媽", "stereotype")]
    assert spans(reader, "社區的婆婆媽媽一起來跳舞。") == []
    assert spans(reader, "在場的媽媽們個個擁有好身材。") == [("個個擁有好身材", "bias")]
    assert spans(reader, "運動有助維持好身材。") == []
    assert spans(reader, "不要以山胞稱呼原住民。") == []  # 以…稱呼: the word is talked about


def test_whole_statements_that_assign_by_sex(reader):
    assert [k for _t, k in spans(reader, "女性駕駛能否操控龐大的戰車？")] == ["stereotype"]
    assert spans(reader, "不應質疑女性能否勝任主管。") == []
    assert [k for _t, k in spans(reader, "生女兒就買粉紅色公主系列，生兒子就買藍色恐龍。")] == ["stereotype"]
    assert spans(reader, "研究發現女孩偏好粉紅、男孩偏好藍色是後天的。") == []
    assert [k for _t, k in spans(reader, "許多母親視照顧孩子的工作為人生的責任。")] == ["stereotype"]
    assert [k for _t, k in spans(reader, "她一定是整型才選上的。")] == ["bias"]


def test_men_as_the_yardstick_and_sexes_with_their_own_strengths(reader):
    assert spans(reader, "她的表現甚至比男生還出色。") == [("她的表現甚至比男生還出色", "stereotype")]
    assert spans(reader, "女性平均時薪比男性還低16%。") == []
    assert spans(reader, "男女各有所長。") == [("男女各有所長", "stereotype")]
    assert spans(reader, "男女各有所長的說法並非事實。") == []
    assert spans(reader, "他認為「女人就該顧家」。") == []  # a belief reported in quotes
    assert spans(reader, "受到男主外女主內的舊觀念影響，女性被迫回家。") == []


def test_looks_and_bodies_described_in_news(reader):
    assert spans(reader, "她的甜美長相引人注目。") == [("甜美長相", "bias")]
    assert spans(reader, "運動有助於保持苗條身材。") == []  # nobody described


def test_treatment_that_differs_by_marriage_pregnancy_or_sex_is_discrimination(reader):
    assert [k for _t, k in spans(reader, "她因告知年底將結婚，就不被錄取。")] == ["discrimination"]
    assert spans(reader, "雇主不得因受僱者結婚而不予錄取。") == []
    assert [k for _t, k in spans(reader, "她的月薪比男性同事少3000元。")] == ["discrimination"]
    assert spans(reader, "女性平均月薪比男性少16%。") == []  # a statistic, not one person's pay
    assert {k for _t, k in spans(reader, "有的雇主面試時詢問是否懷孕，明示不錄用孕婦。")} == {"discrimination"}
