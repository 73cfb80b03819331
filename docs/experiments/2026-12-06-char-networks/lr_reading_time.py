"""For comparison: the shipped LR model's reading time (shipped_model().findings) on the same 5,000 characters.

Run: cd /work/main && DJANGO_SETTINGS_MODULE=mainstream.settings .venv/bin/python docs/experiments/2026-12-06-char-networks/lr_reading_time.py
"""

import json
import os
import statistics
import time

import django

django.setup()
from mainstream.publicity.model import shipped_model  # noqa: E402

d = json.load(open(os.environ.get("CHARNET_WORK", "/tmp/charnet") + "/data.json", encoding="utf-8"))
pieces, total = [], 0
for u in d["units"]:
    if total >= 5000:
        break
    pieces.append(u["text"])
    total += len(u["norm"])
text = "".join(pieces)
m = shipped_model()
for _ in range(3):
    m.findings(text)
times = []
for _ in range(10):
    t = time.perf_counter()
    m.findings(text)
    times.append(time.perf_counter() - t)
print(
    f"shipped LR findings(): {len(text)} chars (raw), median {statistics.median(times) * 1000:.1f} ms "
    f"(min {min(times) * 1000:.1f}) — includes normalisation and feature extraction"
)
