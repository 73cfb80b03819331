"""Reading time of the neural model for 5,000 characters on this CPU.

Run: cd $CHARNET_WORK && $TORCH_PYTHON reading_time.py model_cnn_fold4.pt [threads]
Text: the first units of the export (already normalised: the project's normalisation is shared with the LR reader
and not timed here), cut to 5,000 characters, split into sentences as the export did; the whole text is read as one
batch (sorted by length, batches of 64) and also one sentence at a time. Median of 20 runs after 3 warm-ups.
"""

import json
import statistics
import sys
import time

import torch
from train_nn import CNN, Transformer, batchify, make_item, with_context

ckpt = torch.load(sys.argv[1], weights_only=False)
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
args, vocab = ckpt["args"], ckpt["vocab"]
Model = CNN if args["arch"] == "cnn" else Transformer
model = Model(len(vocab) + 3, context=args["context"])
model.load_state_dict(ckpt["state"])
model.eval()
d = json.load(open("data.json", encoding="utf-8"))
units = d["units"]
n, total = 0, 0
while total < 5000:
    total += len(units[n]["norm"])
    n += 1
texts = [with_context(units, i, "norm") for i in range(n)]


def read_batched():
    items = [make_item(p, vocab, args["context"]) for p in texts]
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    with torch.no_grad():
        for s in range(0, len(order), 64):
            x, seg = batchify([items[i] for i in order[s : s + 64]])
            torch.sigmoid(model(x, seg))


def read_single():
    with torch.no_grad():
        for p in texts:
            x, seg = batchify([make_item(p, vocab, args["context"])])
            torch.sigmoid(model(x, seg))


for name, fn in [("batched", read_batched), ("one sentence at a time", read_single)]:
    for _ in range(3):
        fn()
    times = []
    for _ in range(20):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    print(
        f"{sys.argv[1]}: {total} chars, {n} sentences, {threads} threads, {name}: median {statistics.median(times) * 1000:.1f} ms"
        f" (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
    )
print("params", sum(p.numel() for p in model.parameters()))
