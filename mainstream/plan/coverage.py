"""What covers each obligation of the plan (issue 11): a rule of the engine, a record without a verdict, part of
both, or nothing software can check — read from ``plan/data/obligations-<plan>.yaml``.

The obligations file quotes the plan's own words (``plan/data/<plan>.md``, the plan text as published) and names
the rules by id; the tests hold both to the plan text and to the engine's registry, so a new rule without an
obligation, or a quote that is not the plan's, fails.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "interpretations.md"
KINDS = ("rule", "partial", "record", "cannot")
KIND_LABELS = {"rule": "規則判定", "partial": "部分判定", "record": "僅有紀錄", "cannot": "系統無法判定"}
CHAPTERS = ("參", "肆", "伍", "陸", "柒", "捌", "玖", "拾")


class CoverageError(ValueError):
    """The obligations file is missing or malformed."""


@dataclass(frozen=True)
class Obligation:
    id: str
    clause: str
    quote: str
    bound: tuple[str, ...]
    kind: str
    rules: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    note: str = ""
    interpretation: str = ""

    @property
    def chapter(self) -> str:
        return self.clause[0]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("bound", "rules", "records"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class Coverage:
    plan: str
    version: int
    source: str
    obligations: tuple[Obligation, ...] = field(default_factory=tuple)

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for o in self.obligations if o.kind == kind) for kind in KINDS}

    def rule_ids(self) -> set[str]:
        return {r for o in self.obligations for r in o.rules}


def normalise(text: str) -> str:
    """Whitespace collapsed to one space (the only normalisation a quote is allowed)."""
    return re.sub(r"\s+", " ", text).strip()


def coverage_path(plan_id: str) -> Path:
    return DATA / f"obligations-{plan_id}.yaml"


def bundled_plan_id() -> str:
    """The id of the plan file shipped with the code: the coverage read when no plan is named."""
    from .loader import bundled_plan

    return bundled_plan().id


def plan_text_path(plan_id: str) -> Path:
    return DATA / f"plan-{plan_id}.md"


def coverage_load(plan_id: str | None = None) -> Coverage:
    """Read and check the obligations file of ``plan_id`` (ids unique, kinds known, what a kind needs present); without
    one, the bundled plan's."""
    plan_id = plan_id or bundled_plan_id()
    path = coverage_path(plan_id)
    if not re.fullmatch(r"[0-9A-Za-z-]+", plan_id) or not path.is_file():
        raise CoverageError(f"查無計畫「{plan_id}」之應辦義務對照檔")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if str(data.get("plan")) != plan_id:
        raise CoverageError(f"{path.name}：plan 應為 {plan_id}")
    seen: set[str] = set()
    items = []
    for raw in data.get("obligations") or ():
        oid = str(raw.get("id", ""))
        if not oid or oid in seen:
            raise CoverageError(f"{path.name}：義務代碼「{oid}」空白或重複")
        seen.add(oid)
        kind = raw.get("kind")
        if kind not in KINDS:
            raise CoverageError(f"{path.name}：{oid} 之 kind「{kind}」不是 {'、'.join(KINDS)} 之一")
        ob = Obligation(
            id=oid,
            clause=str(raw["clause"]),
            quote=str(raw["quote"]),
            bound=tuple(raw.get("bound") or ()),
            kind=kind,
            rules=tuple(raw.get("rules") or ()),
            records=tuple(raw.get("records") or ()),
            note=str(raw.get("note") or ""),
            interpretation=str(raw.get("interpretation") or ""),
        )
        if kind in ("rule", "partial") and not ob.rules:
            raise CoverageError(f"{path.name}：{oid} 為 {kind}，須列出規則")
        if kind == "record" and not ob.records:
            raise CoverageError(f"{path.name}：{oid} 為 record，須列出紀錄")
        if kind in ("partial", "cannot") and not ob.note:
            raise CoverageError(f"{path.name}：{oid} 為 {kind}，須說明（note）")
        items.append(ob)
    return Coverage(plan_id, int(data.get("version", 1)), str(data.get("source", "")), tuple(items))


@dataclass(frozen=True)
class Interpretation:
    anchor: str
    clause: str
    subject: str
    question: str
    choice: str
    where: str


def interpretations_load(path: Path = DOCS) -> list[Interpretation]:
    """The rows of docs/interpretations.md's table, each with its ``<a id>`` anchor."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r'\|\s*<a id="([^"]+)"></a>\s*(.*)\|\s*$', line)
        if not m:
            continue
        cells = [c.strip() for c in m.group(2).split(" | ")]
        cells += [""] * (5 - len(cells))
        rows.append(Interpretation(m.group(1), *cells[:5]))
    return rows


@lru_cache(maxsize=4)
def interpretations_by_rule(plan_id: str | None = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """Rule id → the interpretations (anchor, the obligation's clause) that its obligations cite, for linking a finding to them."""
    plan_id = plan_id or bundled_plan_id()
    out: dict[str, list[tuple[str, str]]] = {}
    for o in coverage_load(plan_id).obligations:
        if o.interpretation:
            for r in o.rules:
                if all(anchor != o.interpretation for anchor, _ in out.setdefault(r, [])):
                    out[r].append((o.interpretation, o.clause))
    return {r: tuple(v) for r, v in out.items()}
