"""Supplementary: the LR/neural mix at several weights (w = the neural share of the averaged probability).
Choosing w on these same figures would be optimistic for the mix; it is printed to see whether ANY weight helps.

Run: cd /work/main && DJANGO_SETTINGS_MODULE=mainstream.settings nice -n 10 .venv/bin/python \
         docs/experiments/2026-12-06-char-networks/sweep.py oof_cnn.json
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
assert [u["text"] for u in d["units"]] == data.texts
units, rows = list(range(len(data.units))), list(range(len(data.rows)))
lr = d["lr_oof"]
for path in sys.argv[1:]:
    nn = json.load(open(HERE + path))
    for w in (0.0, 0.1, 0.2, 0.3, 0.5):
        probs = [{k: (1 - w) * a[k] + w * b[k] for k in KINDS} for a, b in zip(lr, nn, strict=True)]
        th = choose_thresholds(data, units, probs, CHOSEN)
        c = score(data, rows, decide(data, units, probs, th, CHOSEN.top1), outside_only=True)
        t = Counts(*(sum(getattr(x, a) for x in c.values()) for a in ("tp", "fp", "fn")))
        print(
            f"{path} w={w:.1f}: tp {t.tp} fp {t.fp} fn {t.fn}  P {t.precision:.3f} R {t.recall:.3f} F1 {t.f():.3f}",
            flush=True,
        )
