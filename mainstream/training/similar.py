"""Which course titles are 雷同 — the same or nearly the same course (伍、二、(五) 注意事項: 「各執行辦理單位派訓時應避免
受訓人員重複參訓雷同課程」). Pure functions over titles; the pages show what they find as advice, not as a duty.

Two titles are 雷同 when their reduced forms (``title_key``: spaces, brackets, 第 N 梯次/期/班, 年度 taken off) are
equal, or alike to ``SIMILARITY`` or more (difflib's ratio) and not merely two parts of one series: titles that differ
only by a part's number or mark (一／二, 1／2, 上／下, 甲／乙) or by the level (基礎／進階) are different courses — the plan
itself asks for two-stage courses (伍、二、(二)、5) and for basic and advanced ones (伍、二、(二)、2).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from .importer.columns import title_key

# how alike two reduced titles must be to be shown as 雷同: our choice (not the plan's), tried only on our own examples
SIMILARITY = 0.8
_PART = re.compile(r"^(?:[0-9０-９一二三四五六七八九十ⅰⅱⅲivx上中下甲乙丙丁]+|基礎|進階|初階|中階|高階|入門)$")


def titles_alike(a: str, b: str) -> bool:
    """Whether two course titles are 雷同 (see the module)."""
    ka, kb = title_key(a), title_key(b)
    if ka == kb:
        return True
    if not ka or not kb:
        return False
    shorter, longer = sorted((len(ka), len(kb)))
    if 2 * shorter / (shorter + longer) < SIMILARITY:  # the best ratio two lengths allow
        return False
    matcher = SequenceMatcher(None, ka, kb, autojunk=False)
    if matcher.ratio() < SIMILARITY:
        return False
    differences = [
        part
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
        for part in (ka[i1:i2], kb[j1:j2])
        if part
    ]
    return not all(_PART.match(part) for part in differences)


def similar_groups(titles: Iterable[str]) -> list[list[str]]:
    """The titles that are 雷同 with another, in groups (each sorted; a group has two titles or more)."""
    distinct = sorted(dict.fromkeys(t.strip() for t in titles if t and t.strip()))
    parent = list(range(len(distinct)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(distinct):
        for j in range(i + 1, len(distinct)):
            if root(i) != root(j) and titles_alike(a, distinct[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[str]] = {}
    for i, title in enumerate(distinct):
        groups.setdefault(root(i), []).append(title)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
