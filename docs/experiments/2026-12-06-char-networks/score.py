"""Score LR alone, neural alone and their average on identical folds (the exported grouped_folds(groups, 5, 0)).

Run: cd /work/main && DJANGO_SETTINGS_MODULE=mainstream.settings nice -n 10 .venv/bin/python \
         docs/experiments/2026-12-06-char-networks/score.py oof_cnn.json [more oof files…]
Thresholds per kind: choose_thresholds(CHOSEN) on the OOF probabilities themselves (optimistic, alike for all rows);
also "xfold": each fold's thresholds chosen on the other four folds' OOF probabilities (less optimistic).
Counts: score(..., outside_only=True) over all training rows, as the brief asks.
"""

import json
import os
import sys

import django

django.setup()

from mainstream.publicity.model_train import Counts, choose_thresholds, data_load, decide, score  # noqa: E402
from mainstream.publicity.model_train.settings import CHOSEN  # noqa: E402
from mainstream.publicity.reader import KINDS  # noqa: E402

HERE = os.environ.get("CHARNET_WORK", "/tmp/charnet") + "/"
d = json.load(open(HERE + "data.json", encoding="utf-8"))
data = data_load()
assert [u["text"] for u in d["units"]] == data.texts, "unit order differs from the export"
every_unit = list(range(len(data.units)))
every_row = list(range(len(data.rows)))
fold = [u["fold"] for u in d["units"]]


def total(c):
    return Counts(*(sum(getattr(x, a) for x in c.values()) for a in ("tp", "fp", "fn")))


def evaluate(probs):
    th = choose_thresholds(data, every_unit, probs, CHOSEN)
    counts = score(data, every_row, decide(data, every_unit, probs, th, CHOSEN.top1), outside_only=True)
    # cross-fold thresholds: fold f decided with thresholds chosen on the other folds' OOF probabilities
    signals = {}
    xth = []
    for f in range(5):
        others = [i for i in every_unit if fold[i] != f]
        mine = [i for i in every_unit if fold[i] == f]
        t = choose_thresholds(data, others, [probs[i] for i in others], CHOSEN)
        xth.append(t)
        for ri, found in decide(data, mine, [probs[i] for i in mine], t, CHOSEN.top1).items():
            signals.setdefault(ri, []).extend(found)
    xcounts = score(data, every_row, signals, outside_only=True)
    return th, counts, xcounts, xth


def row(name, counts):
    cells = []
    for k in KINDS:
        c = counts[k]
        cells.append(f"{c.precision:.3f}/{c.recall:.3f}/{c.f():.3f}")
    t = total(counts)
    return (
        f"| {name:<22} | "
        + " | ".join(cells)
        + f" | {t.tp} | {t.fp} | {t.fn} | {t.precision:.3f} | {t.recall:.3f} | {t.f():.3f} |"
    )


lr = d["lr_oof"]
systems = {"LR (CHOSEN)": lr}
for path in sys.argv[1:]:
    nn = json.load(open(HERE + path))
    name = path.removeprefix("oof_").removesuffix(".json")
    systems[name] = nn
    systems[f"avg(LR, {name})"] = [{k: (a[k] + b[k]) / 2 for k in KINDS} for a, b in zip(lr, nn, strict=True)]

head = "| system | " + " | ".join(f"{k} P/R/F1" for k in KINDS) + " | tp | fp | fn | P | R | F1 |"
out = {}
for mode in ("oof-thresholds", "xfold-thresholds"):
    print(f"\n### thresholds: {mode}\n")
    print(head)
    print("|" + "---|" * (len(KINDS) + 7))
    for name, probs in systems.items():
        th, counts, xcounts, xth = out.setdefault(name, evaluate(probs))
        print(row(name, counts if mode == "oof-thresholds" else xcounts))
print("\nthresholds chosen (oof):")
for name, (th, *_r) in out.items():
    print(f"  {name:<22} {th}")
json.dump(
    {
        name: {
            "thresholds": th,
            "oof": {k: vars(c) for k, c in counts.items()} | {"all": vars(total(counts))},
            "xfold": {k: vars(c) for k, c in x.items()} | {"all": vars(total(x))},
        }
        for name, (th, counts, x, _xt) in out.items()
    },
    open(HERE + "scores.json", "w"),
    indent=1,
)
