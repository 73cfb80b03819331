"""docs/security.md maps each item of issue 14 and each claimed control (附表十, ASVS) to the tests that prove it;
every test it names must exist, so the table cannot silently outlive a renamed or deleted test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "security.md"
SECTION = "## Controls and the tests that prove them"
TEST_ID = re.compile(r"`(mainstream/[\w/]+\.py)::(\w+)`")


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else len(text)]


def _rows(section: str) -> list[list[str]]:
    """The body rows of every table in the section, as cells."""
    rows = []
    for line in section.splitlines():
        if not line.startswith("|") or re.match(r"^\|[-| ]+\|$", line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[-1] in ("Tests", "Test(s)"):
            continue  # a header row
        rows.append(cells)
    return rows


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            names |= {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
    return {n for n in names if n.startswith("test_")}


def test_every_test_the_table_names_exists():
    ids = TEST_ID.findall(_section())
    assert len(ids) > 50
    missing = []
    for file, name in sorted(set(ids)):
        path = ROOT / file
        if not path.is_file() or name not in _test_functions(path):
            missing.append(f"{file}::{name}")
    assert missing == []


def test_every_item_of_issue_14_and_every_claimed_control_names_a_test():
    rows = _rows(_section())
    items = {cells[0]: cells for cells in rows if cells[0].isdigit()}
    assert sorted(items, key=int) == [str(n) for n in range(1, 12)]
    without = [cells[0] for cells in rows if not TEST_ID.search(cells[-1])]
    assert without == []
    assert any(cells[0].startswith("存取控制") for cells in rows) and any(cells[0].startswith("V") for cells in rows)


def test_the_check_reads_what_is_written():
    """The parser sees a missing test: a name that is not a test function is reported."""
    assert "test_every_test_the_table_names_exists" in _test_functions(Path(__file__))
    assert "_section" not in _test_functions(Path(__file__))
