"""Per-fold character models trained from scratch; out-of-fold probabilities per unit per kind.

Run: cd $CHARNET_WORK && nice -n 10 $TORCH_PYTHON train_nn.py --arch cnn [--seeds 0 1 2] [--context]
Reads data.json (export.py); writes oof_<name>.json and log_<name>.json.
Folds are the exported ones (grouped_folds(groups, 5, 0)); in each fold the model learns from that fold's training
units and all sentences written here (extras), early-stopped on an inner split of the fold's training pages
(10% of pages held out; only real training units of those pages are left out of training).
"""

import argparse
import json
import random
import time
from collections import Counter

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)  # training: one thread (the machine is shared; 2 threads were 8x slower under load)
MAXLEN = 160
PAD, UNK, SEP = 0, 1, 2


def build_vocab(texts, min_count=2):
    c = Counter(ch for t in texts for ch in t)
    chars = sorted(ch for ch, n in c.items() if n >= min_count)
    return {ch: i + 3 for i, ch in enumerate(chars)}


def encode(text, vocab, maxlen=MAXLEN):
    ids = [vocab.get(ch, UNK) for ch in text[:maxlen]]
    return ids or [UNK]


def with_context(units, i, key):
    """prev | sentence | next (same row only); the sentence is kept whole, neighbours cut to 40 chars."""
    u = units[i]
    prev = units[i - 1][key][-40:] if i > 0 and units[i - 1]["row"] == u["row"] else ""
    nxt = units[i + 1][key][:40] if i + 1 < len(units) and units[i + 1]["row"] == u["row"] else ""
    return prev, u[key], nxt


class CNN(nn.Module):
    def __init__(self, nvocab, emb=96, filters=128, kernels=(2, 3, 4), dropout=0.5, nout=4, context=False):
        super().__init__()
        self.emb = nn.Embedding(nvocab, emb, padding_idx=PAD)
        self.seg = nn.Embedding(3, emb) if context else None
        self.convs = nn.ModuleList(nn.Conv1d(emb, filters, k, padding=k // 2) for k in kernels)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(filters * len(kernels), nout)

    def forward(self, x, seg=None):
        mask = (x != PAD).unsqueeze(1)  # B,1,T
        h = self.emb(x)
        if self.seg is not None and seg is not None:
            h = h + self.seg(seg)
        h = self.drop(h).transpose(1, 2)  # B,E,T
        pooled = []
        for conv in self.convs:
            c = F.relu(conv(h))[:, :, : x.shape[1]]
            if self.seg is not None and seg is not None:  # pool over the sentence itself only
                m = (seg == 1).unsqueeze(1)
            else:
                m = mask
            c = c.masked_fill(~m, -1e4)
            pooled.append(c.max(dim=2).values)
        return self.out(self.drop(torch.cat(pooled, 1)))


class Transformer(nn.Module):
    def __init__(self, nvocab, d=128, layers=2, heads=4, ff=256, dropout=0.2, nout=4, context=False):
        super().__init__()
        self.emb = nn.Embedding(nvocab, d, padding_idx=PAD)
        self.pos = nn.Embedding(MAXLEN + 90, d)
        self.seg = nn.Embedding(3, d) if context else None
        layer = nn.TransformerEncoderLayer(d, heads, ff, dropout, batch_first=True, norm_first=True)
        self.enc = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * d, nout)

    def forward(self, x, seg=None):
        pad = x == PAD
        pos = torch.arange(x.shape[1]).unsqueeze(0)
        h = self.emb(x) + self.pos(pos)
        if self.seg is not None and seg is not None:
            h = h + self.seg(seg)
        h = self.norm(self.enc(self.drop(h), src_key_padding_mask=pad))
        keep = ~pad if seg is None or self.seg is None else (seg == 1)
        k = keep.unsqueeze(2).float()
        mean = (h * k).sum(1) / k.sum(1).clamp(min=1)
        mx = h.masked_fill(~keep.unsqueeze(2), -1e4).max(1).values
        return self.out(self.drop(torch.cat([mean, mx], 1)))


def batchify(items):
    """items: list of (ids, seg or None). Returns padded LongTensors."""
    T = max(len(ids) for ids, _ in items)
    x = torch.zeros(len(items), T, dtype=torch.long)
    s = torch.zeros(len(items), T, dtype=torch.long) if items[0][1] is not None else None
    for i, (ids, seg) in enumerate(items):
        x[i, : len(ids)] = torch.tensor(ids)
        if s is not None:
            s[i, : len(seg)] = torch.tensor(seg)
    return x, s


def make_item(parts, vocab, context):
    if not context:
        return encode(parts[1], vocab), None
    prev, cur, nxt = parts
    a = [vocab.get(ch, UNK) for ch in prev]
    b = encode(cur, vocab)
    c = [vocab.get(ch, UNK) for ch in nxt]
    ids = a + [SEP] + b + [SEP] + c
    seg = [0] * (len(a) + 1) + [1] * len(b) + [2] * (len(c) + 1)
    return ids, seg


def predict(model, items, bs=256):
    model.eval()
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    res = [None] * len(items)
    with torch.no_grad():
        for s in range(0, len(order), bs):
            idx = order[s : s + bs]
            x, seg = batchify([items[i] for i in idx])
            p = torch.sigmoid(model(x, seg)).numpy()
            for i, row in zip(idx, p, strict=False):
                res[i] = row
    return np.array(res)


def avg_precision(y, p):
    order = np.argsort(-p)
    y = y[order]
    if y.sum() == 0:
        return 0.0
    hits = np.cumsum(y)
    return float((hits / np.arange(1, len(y) + 1))[y == 1].mean())


def train_one(train_items, train_y, val_items, val_y, nvocab, args, seed):
    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    Model = CNN if args.arch == "cnn" else Transformer
    model = Model(nvocab, context=args.context)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.wd)
    y = np.array(train_y, dtype=np.float32)
    pos = y.sum(0)
    pos_weight = torch.tensor(np.sqrt((len(y) - pos) / np.maximum(pos, 1)), dtype=torch.float32)
    best, best_state, best_epoch, bad = -1.0, None, 0, 0
    rng = random.Random(seed)
    history = []
    # length-bucketed batches: shuffle, then sort within chunks of 50 batches
    for epoch in range(args.epochs):
        model.train()
        idx = list(range(len(train_items)))
        rng.shuffle(idx)
        chunks = [idx[i : i + args.bs * 50] for i in range(0, len(idx), args.bs * 50)]
        batches = []
        for ch in chunks:
            ch.sort(key=lambda i: len(train_items[i][0]))
            batches += [ch[i : i + args.bs] for i in range(0, len(ch), args.bs)]
        rng.shuffle(batches)
        total = 0.0
        for b in batches:
            x, seg = batchify([train_items[i] for i in b])
            logits = model(x, seg)
            loss = F.binary_cross_entropy_with_logits(logits, torch.tensor(y[b]), pos_weight=pos_weight)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += float(loss.detach()) * len(b)
        pv = predict(model, val_items)
        vy = np.array(val_y)
        ap = float(np.mean([avg_precision(vy[:, k], pv[:, k]) for k in range(vy.shape[1])]))
        history.append({"epoch": epoch + 1, "loss": total / len(train_items), "val_map": ap})
        print(f"  epoch {epoch + 1} loss {total / len(train_items):.4f} val mAP {ap:.3f}", flush=True)
        if ap > best:
            best, best_epoch, bad = ap, epoch + 1, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            bad += 1
            if bad >= args.patience:
                break
    model.load_state_dict(best_state)
    return model, best_epoch, best, history


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", default="cnn", choices=["cnn", "transformer"])
    ap.add_argument("--context", action="store_true")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--patience", type=int, default=3)
    ap.add_argument("--bs", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--wd", type=float, default=1e-2)
    ap.add_argument("--folds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--name", default=None)
    args = ap.parse_args()
    name = args.name or f"{args.arch}{'_ctx' if args.context else ''}_s{len(args.seeds)}"
    d = json.load(open("data.json", encoding="utf-8"))
    kinds = d["kinds"]
    units, extras = d["units"], d["extras"]
    Y = [[int(k in u["kinds"]) for k in kinds] for u in units]
    EY = [[int(k in e["kinds"]) for k in kinds] for e in extras]
    parts = [with_context(units, i, "norm") for i in range(len(units))]
    extra_parts = [("", e["norm"], "") for e in extras]
    oof = [None] * len(units)
    log = {"args": vars(args), "folds": []}
    t_start = time.time()
    for f in args.folds:
        t0 = time.time()
        train_ids = [i for i, u in enumerate(units) if u["fold"] != f]
        test_ids = [i for i, u in enumerate(units) if u["fold"] == f]
        pages = sorted({units[i]["group"] for i in train_ids})
        random.Random(1000 + f).shuffle(pages)
        val_pages = set(pages[: len(pages) // 10])
        inner = [i for i in train_ids if units[i]["group"] not in val_pages]
        val = [i for i in train_ids if units[i]["group"] in val_pages and not units[i]["written_here"]]
        vocab = build_vocab([units[i]["norm"] for i in train_ids] + [e["norm"] for e in extras])
        nv = len(vocab) + 3
        tr_items = [make_item(parts[i], vocab, args.context) for i in inner] + [
            make_item(p, vocab, args.context) for p in extra_parts
        ]
        tr_y = [Y[i] for i in inner] + EY
        va_items = [make_item(parts[i], vocab, args.context) for i in val]
        te_items = [make_item(parts[i], vocab, args.context) for i in test_ids]
        probs = np.zeros((len(test_ids), len(kinds)))
        fold_log = {"fold": f, "train": len(tr_items), "val": len(va_items), "test": len(test_ids), "seeds": []}
        for seed in args.seeds:
            model, be, bm, hist = train_one(tr_items, tr_y, va_items, [Y[i] for i in val], nv, args, seed)
            probs += predict(model, te_items) / len(args.seeds)
            fold_log["seeds"].append({"seed": seed, "best_epoch": be, "val_map": bm, "history": hist})
            print(f"fold {f} seed {seed}: best epoch {be} val mAP {bm:.3f}  ({time.time() - t0:.0f}s)", flush=True)
        for i, p in zip(test_ids, probs, strict=False):
            oof[i] = {k: float(v) for k, v in zip(kinds, p, strict=False)}
        fold_log["seconds"] = time.time() - t0
        log["folds"].append(fold_log)
        if f == args.folds[-1] and len(args.folds) == 5:
            torch.save({"state": model.state_dict(), "vocab": vocab, "args": vars(args)}, f"model_{name}_fold{f}.pt")
    log["seconds"] = time.time() - t_start
    log["params"] = sum(p.numel() for p in model.parameters())
    print(f"total {log['seconds']:.0f}s, params {log['params']}")
    if len(args.folds) == 5:
        json.dump(oof, open(f"oof_{name}.json", "w"))
    json.dump(log, open(f"log_{name}.json", "w"), indent=1)


if __name__ == "__main__":
    main()
