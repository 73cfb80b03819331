"""Export the training part (units, groups, folds, extras) and the LR out-of-fold probabilities.

Run: cd /work/main && DJANGO_SETTINGS_MODULE=mainstream.settings nice -n 10 .venv/bin/python docs/experiments/2026-12-06-char-networks/export.py
Reads only real_read("train") through data_load(); writes docs/experiments/2026-12-06-char-networks/data.json.
"""

import json
import os
import time

import django

django.setup()

from mainstream.publicity.model import Features  # noqa: E402
from mainstream.publicity.model_train import (  # noqa: E402
    data_load,
    featurise,
    fit,
    grouped_folds,
    out_of_fold,
)
from mainstream.publicity.model_train.settings import CHOSEN, FOLDS, SEED  # noqa: E402
from mainstream.publicity.model_train.vocabulary import model_classes  # noqa: E402
from mainstream.publicity.reader import KINDS  # noqa: E402

t0 = time.time()
data = data_load()
classes = model_classes(CHOSEN.stance, CHOSEN.more_classes, CHOSEN.frames)
features = Features(classes, CHOSEN.features)
featurise(data, features, CHOSEN.context)
print("loaded+featurised", len(data.units), "units", len(data.extra_texts), "extras", round(time.time() - t0, 1), "s")

folds = grouped_folds(data.groups, FOLDS, SEED)
fold_of = [-1] * len(data.units)
for f, (_tr, te) in enumerate(folds):
    for i in te:
        fold_of[i] = f
assert min(fold_of) >= 0

# LR OOF computed explicitly on the exported folds
lr = [None] * len(data.units)
for tr, te in folds:
    fitted = fit(data, tr, CHOSEN)
    for i, p in zip(te, fitted.probabilities([data.feats[i] for i in te]), strict=True):
        lr[i] = p
# cross-check against out_of_fold (same folds: same groups, same seed)
ref = out_of_fold(data, list(range(len(data.units))), FOLDS, CHOSEN)
diff = max(abs(a[k] - b[k]) for a, b in zip(lr, ref, strict=True) for k in KINDS)
print("max |explicit - out_of_fold| =", diff)

out = {
    "kinds": list(KINDS),
    "units": [
        {
            "row": ri,
            "start": s,
            "end": e,
            "kinds": sorted(k),
            "group": g,
            "text": t,
            "norm": features.norm(t)[0],
            "written_here": data.rows[ri].provenance == "written-here",
            "fold": fold_of[i],
        }
        for i, ((ri, s, e, k), g, t) in enumerate(zip(data.units, data.groups, data.texts, strict=True))
    ],
    "extras": [
        {"text": t, "norm": features.norm(t)[0], "kinds": sorted(k)}
        for t, k in zip(data.extra_texts, data.extra_kinds, strict=True)
    ],
    "lr_oof": lr,
}
with open(os.environ.get("CHARNET_WORK", "/tmp/charnet") + "/data.json", "w", encoding="utf-8") as fh:
    json.dump(out, fh, ensure_ascii=False)
print("done", round(time.time() - t0, 1), "s")
