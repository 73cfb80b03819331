"""The alternatives the reader's model was chosen among, and their grouped-CV figures (ADR 0014).

``python -m mainstream.publicity.model_train --search [names…]`` (``--by-batch``: whole corpus batches held out) prints
each one's figures on the real outside text of the training part, the measure every choice was made on. Split out of
``model_train`` (the training itself) to keep each module readable.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace

from . import model_train
from .model import Features
from .model_train import (
    Counts,
    cross_validate,
    data_load,
    featurise,
    lines,
    model_classes,
    score,
)
from .model_train.settings import BEFORE, CHOSEN, FIFTH, FOURTH, GATED, SEVENTH, SIXTH, Settings
from .reader import KINDS

CLASSES_ONLY = (("abs", (2, 3)), ("near", 4), ("quote", True))
CHARS_3 = (("char", (1, 3)), ("abs", (2, 3)), ("near", 4), ("quote", True))
FIRST = Settings(
    config=CHARS_3, context=False, stance=False, nb=False, c=0.3
)  # the first landing of this model (2026-12-05)
SECOND = replace(FIRST, context=True, stance=True, config=FOURTH.config, min_df=2)  # the second landing
THIRD = replace(FOURTH, min_df=2)  # the third landing
CLAUSES = (*FOURTH.config, ("clause", True), ("neg", True))
NO_NB = {"context": False, "stance": False, "nb": False, "c": 0.3, "min_df": 2}
QUESTION, SCOPE = ("question", True), ("scope", True)
STANCE = replace(GATED, frames=True)
TRIALS: list[tuple[str, Settings]] = [
    ("the earlier model (characters 1-3, C 2, threshold 0.6, one kind a sentence)", BEFORE),
    ("characters 1-3 only, thresholds per kind", Settings(config=(("char", (1, 3)),), **NO_NB)),
    ("word classes only, no characters", Settings(config=CLASSES_ONLY, **NO_NB)),
    ("characters 1-3 + class n-grams", Settings(config=CHARS_3[:2], **NO_NB)),
    ("characters 1-3 + class n-grams + near pairs + quotes (first landing)", FIRST),
    ("first landing, C 1", replace(FIRST, c=1.0)),
    ("first landing, C 0.1", replace(FIRST, c=0.1)),
    ("first landing, no class weights", replace(FIRST, class_weight=None)),
    ("first landing, thresholds tuned on all training sentences", replace(FIRST, tune_on="all")),
    ("first landing, without the sentences written here", replace(FIRST, written_here=False)),
    ("first landing, one kind a sentence", replace(FIRST, top1=True)),
    ("first landing, class features x2", replace(FIRST, class_scale=2.0)),
    ("first landing, class features x3", replace(FIRST, class_scale=3.0)),
    ("first landing + the neighbouring sentences' classes", replace(FIRST, context=True)),
    ("first landing + negation and advocacy", replace(FIRST, stance=True)),
    ("first landing + neighbours + negation and advocacy", replace(FIRST, context=True, stance=True)),
    ("the same, two stages (an issue, then its kind)", replace(FIRST, context=True, stance=True, two_stage=True)),
    ("the same, characters 1-2 (second landing)", SECOND),
    ("second landing, C 0.1", replace(SECOND, c=0.1)),
    ("second landing, C 1", replace(SECOND, c=1.0)),
    ("second landing, features scaled by their naive-Bayes ratio", replace(SECOND, nb=True)),
    ("naive-Bayes ratio, C 1", replace(THIRD, c=1.0)),
    ("naive-Bayes ratio, C 0.1 (third landing)", THIRD),
    ("third landing, thresholds for F0.5 (precision counts more)", replace(THIRD, beta=0.5)),
    ("third landing, two stages", replace(THIRD, two_stage=True)),
    ("third landing, 12,000 weights a kind", replace(THIRD, keep=12000)),
    ("third landing, features seen once kept", replace(THIRD, min_df=1)),
    ("third landing, features seen in 5 sentences or more", replace(THIRD, min_df=5)),
    ("third landing, features seen in 3 sentences or more (fourth landing)", FOURTH),
    ("fourth landing, sentences written here count half", replace(FOURTH, written_weight=0.5)),
    ("fourth landing, sentences written here count a quarter", replace(FOURTH, written_weight=0.25)),
    # the second round (model2, 2026-12-06): on the training part of 1,501 sentences from 489 pages, three draws
    ("fourth landing, intercept less shrunk (intercept scaling 10)", replace(FOURTH, intercept_scaling=10.0)),
    ("fourth landing, intercept scaling 100", replace(FOURTH, intercept_scaling=100.0)),
    (
        "fourth landing, no class weights, intercept scaling 100",
        replace(FOURTH, intercept_scaling=100.0, class_weight=None),
    ),
    ("fourth landing + class pairs in one clause", replace(FOURTH, config=FOURTH.config + (("clause", True),))),
    ("fourth landing + negation scope", replace(FOURTH, config=FOURTH.config + (("neg", True),))),
    ("fourth landing + clause pairs + negation scope", replace(FOURTH, config=CLAUSES)),
    ("fourth landing, features seen on 2 pages or more", replace(FOURTH, min_pages=2)),
    ("fourth landing, characters 1-3", replace(FOURTH, config=(("char", (1, 3)), *FOURTH.config[1:]))),
    ("fourth landing, averaged with a linear SVM", replace(FOURTH, ensemble=("svm",))),
    ("fourth landing, averaged with a class-only regression", replace(FOURTH, ensemble=("classes",))),
    ("fourth landing, averaged with both", replace(FOURTH, ensemble=("svm", "classes"))),
    ("fourth landing, thresholds for a precision floor of 0.6", replace(FOURTH, floor=0.6)),
    ("fourth landing, thresholds for a precision floor of 0.7", replace(FOURTH, floor=0.7)),
    ("intercept scaling 10 + clause pairs + negation scope", replace(FOURTH, intercept_scaling=10.0, config=CLAUSES)),
    ("the same, features seen on 2 pages or more (fifth landing)", FIFTH),
    ("fifth landing, jieba words beside the characters", replace(FIFTH, config=(*FIFTH.config, ("words", True)))),
    ("fifth landing, characters 2 only", replace(FIFTH, config=(("char", (2, 2)), *FIFTH.config[1:]))),
    ("fifth landing, characters 1-3", replace(FIFTH, config=(("char", (1, 3)), *FIFTH.config[1:]))),
    ("fifth landing, C 0.03", replace(FIFTH, c=0.03)),
    (
        "fifth landing + eight word classes (age, refusals, orientation, disability, dress, traits, colours, body)",
        replace(FIFTH, more_classes=True),
    ),
    ("the same, C 0.01", replace(FIFTH, more_classes=True, c=0.01)),
    ("the same, C 0.03, class features x2", replace(SIXTH, class_scale=2.0)),
    ("the same, C 0.03 (sixth landing)", SIXTH),
    ("sixth landing + a report or criticism word's scope", replace(SIXTH, config=(*SIXTH.config, ("report", True)))),
    ("sixth landing, sentences written here count 0.3", replace(SIXTH, written_weight=0.3)),
    ("sixth landing, C 0.1, without the sentences written here", replace(SEVENTH, c=0.1)),
    ("sixth landing, without the sentences written here (seventh landing, taken back)", SEVENTH),
    ("sixth landing, no signal for a sentence without a class word (shipped in the second round)", GATED),
    # the third round (stance, 2026-12-06): on the training part of 2,070 sentences from 788 pages, four draws
    ("gated + questions (a class word in a sentence that asks)", replace(GATED, config=(*GATED.config, QUESTION))),
    ("gated + stance classes (tradition, others' words; the lexicon's frame cues report)", STANCE),
    ("gated + a class word in the clause a report word opens", replace(GATED, config=(*GATED.config, SCOPE))),
    ("stance classes + report clause", replace(STANCE, config=(*GATED.config, SCOPE))),
    ("stance classes + report clause + questions", replace(STANCE, config=(*GATED.config, SCOPE, QUESTION))),
    (
        "gated, words in a report word's clause only get features of their own",
        replace(GATED, config=(*GATED.config, ("mask", "clause"))),
    ),
    (
        "gated, words inside a quote only (in a sentence with a report word)",
        replace(GATED, config=(*GATED.config, ("mask", "quote"))),
    ),
    (
        "stance classes, words in a report or frame word's clause or quote get their own",
        replace(STANCE, config=(*GATED.config, ("mask", True))),
    ),
    ("gated, words in a report word's clause or quote get features of their own (chosen, third round)", CHOSEN),
]


def search(names: Sequence[str] = (), seeds: Sequence[int] = (0, 1)) -> None:
    """The grouped-CV figures of the alternatives tried (ADR 0014), on real outside text of the training part,
    summed over the fold draws ``seeds``."""
    data = data_load()
    every = list(range(len(data.rows)))
    for name, settings in TRIALS:
        if names and not any(n in name for n in names):
            continue
        featurise(
            data,
            Features(model_classes(settings.stance, settings.more_classes, settings.frames), settings.features),
            settings.context,
        )
        outside = {k: Counts() for k in KINDS}
        overall = {k: Counts() for k in KINDS}
        for seed in seeds:
            signals, _chosen = cross_validate(data, settings, seed)
            for total, counts in (
                (outside, score(data, every, signals, outside_only=True)),
                (overall, score(data, every, signals)),
            ):
                for k in KINDS:
                    total[k].tp += counts[k].tp
                    total[k].fp += counts[k].fp
                    total[k].fn += counts[k].fn
        held = "whole corpus batches" if model_train.BATCHES is not None else "pages"
        print(
            "\n".join(lines(f"{name}: model alone, outside text, {held} held out, draws {list(seeds)} summed", outside))
        )
        print("  all sentences: " + lines("", overall)[-1].strip())
        sys.stdout.flush()
