"""``python -m mainstream.publicity.model_compare BEFORE AFTER PART…``: two models, one decision (ADR 0014).

Each model is a ``model.json`` file or a git revision whose ``data/model.json`` is read (``git show``). For each
held-out part named, the rules + model are counted by kind against the part's labels (as the test run counts them),
for both models, with the difference in F1 and its interval from a paired bootstrap over the part's pages
(``quality.paired_page_interval``): a difference whose interval holds 0 is one the part cannot see. The seventh and
eighth rounds' decisions were taken by scripts that did the same outside the repository; this is the tool for the
next plan to name before it measures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .model import Model
from .quality import REAL_PARTS, evaluate_real, paired_page_interval
from .reader import shipped_reader

ROOT = Path(__file__).resolve().parents[2]


def model_load(spec: str) -> Model:
    """A model file, or a git revision (its ``mainstream/publicity/data/model.json``)."""
    path = Path(spec)
    if path.is_file():
        return Model(json.loads(path.read_text(encoding="utf-8")))
    shown = subprocess.run(
        ["git", "show", f"{spec}:mainstream/publicity/data/model.json"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return Model(json.loads(shown.stdout))


def compare_lines(before: Model, after: Model, parts: Sequence[str], *, labels: tuple[str, str]) -> list[str]:
    reader = shipped_reader()
    lines = []
    for part in parts:
        reports = [
            evaluate_real(reader, part, model=m, label=f"{name}, {part}")
            for name, m in zip(labels, (before, after), strict=True)
        ]
        for report in reports:
            o, a = report.overall, report.any_kind
            lines.append(
                f"{report.portion}: rules + model by kind P {o.precision:.3f} R {o.recall:.3f}"
                f" (tp {o.tp} fp {o.fp} fn {o.fn})" + (f"; any kind P {a.precision:.3f} R {a.recall:.3f}" if a else "")
            )
        delta, (low, high) = paired_page_interval(reports[0].pages, reports[1].pages)
        seen = "holds 0: the part cannot tell them apart" if low <= 0 <= high else "excludes 0"
        lines.append(
            f"  ΔF1 {delta:+.3f}, 95% interval {low:+.3f} … {high:+.3f} ({len(reports[0].pages)} pages; {seen})"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mainstream.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser(prog="python -m mainstream.publicity.model_compare", description=__doc__)
    parser.add_argument("before", help="a model.json file or a git revision")
    parser.add_argument("after", help="a model.json file or a git revision")
    parser.add_argument("parts", nargs="+", choices=REAL_PARTS, metavar="PART", help=f"one of {', '.join(REAL_PARTS)}")
    args = parser.parse_args(argv)
    before, after = model_load(args.before), model_load(args.after)
    print("\n".join(compare_lines(before, after, args.parts, labels=(args.before, args.after))))


if __name__ == "__main__":
    main()
