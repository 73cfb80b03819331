"""Nothing of the plan in code (issue 10, item 3 and Done-when): the plan's group codes, staff categories, quotas,
periods and years live in the plan file; Python and templates compose their messages from the plan's values.

The patterns are built from the bundled plan file, so a successor plan with other groups or categories is checked
the same way. What is scanned: every string literal of ``mainstream/**/*.py`` (docstrings left out: they cite the
plan for the reader) and every template (``{# #}`` and ``{% comment %}`` left out). What is not scanned, and why:

- ``tests/``: cases quote the plan on purpose;
- ``migrations/``: history (a migration records the labels of its day);
- ``plan/loader.py``, ``plan/model.py``: the plan loader's schema;
- ``*/demo.py``: the demo's sample records (titles such as 「110 年就業博覽會」 are data a unit would enter, not rules
  or messages).

Anything else that matches is either fixed or listed in ``ALLOWED`` with the reason it is not the plan's value.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mainstream.plan.loader import bundled_plan

ROOT = Path(__file__).resolve().parents[1]  # the mainstream package
SKIPPED_DIRS = {"tests", "migrations"}
SKIPPED_FILES = {"plan/loader.py", "plan/model.py"}

# (file, the text matched) → why it is not a value of the plan
ALLOWED: dict[tuple[str, str], str] = {
    # import headers are contracts (issue 10: keep import headers and JSON fields exactly as they are); the model field
    # and the export list carry the header's words
    ("analysis/imports.py", "12區公所"): "import header 「資料來源為12區公所」 (a contract)",
    ("analysis/models.py", "12區公所"): "the field behind the import header 「資料來源為12區公所」",
    ("analysis/views.py", "12區公所"): "the export's header list, the same as the import header",
    ("impact/models.py", "12區公所"): "the field behind the import header 「12區公所共同法案或計畫及資料」",
    # a stored choice's label in another app's model: changing it needs that app's migration; pages and imports
    # compose the late-notice hours from mechanism.taskforce.meetings' late_notice_hours
    ("mechanism/models.py", "24小時"): "Attendance.Status label kept for the stored code; pages compose from the plan",
    ("mechanism/models.py", "B1組"): "TaskForce.code's help_text in another app's model (its migration); the codes "
    "themselves come from the plan (taskforce_sync)",
    ("plan/management/commands/plan.py", "109-112"): "the command's help shows how plan ids are written as arguments",
    ("settings.py", "109-112"): "the bundled plan file's name (the plan itself)",
    ("training/importer/checker.py", "200 小時"): "a plausibility check of one export row, not a value of the plan",
}


def _patterns() -> dict[str, re.Pattern[str]]:
    plan = bundled_plan()
    codes = sorted(plan.groups, key=len, reverse=True)
    names = {*plan.staff_categories.values(), *(c.name for c in plan.staff_classes)}
    years = "|".join(str(y) for y in plan.years())
    return {
        "group code": re.compile(r"(?<![A-Za-z0-9_])(?:" + "|".join(map(re.escape, codes)) + r")\s*[群組]"),
        "staff category": re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))),
        "district offices": re.compile(r"\d+\s*區公所"),
        "quota": re.compile(r"\d+\s*年(?:應達|總計)|每\s*\d+\s*年|任期\s*\d+\s*年|\d+\s*小時"),
        "plan year": re.compile(rf"(?<!\d)(?:{years})\s*(?:年|[-–~至、]\s*(?:{years}))"),
    }


def _python_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def _template_lines(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")

    def blank(match: re.Match[str]) -> str:  # keep line numbers
        return "\n" * match.group(0).count("\n")

    text = re.sub(r"\{#.*?#\}", blank, text, flags=re.S)
    text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", blank, text, flags=re.S)
    return list(enumerate(text.splitlines(), start=1))


def _scanned() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT).as_posix()
        if SKIPPED_DIRS & set(path.relative_to(ROOT).parts) or rel in SKIPPED_FILES or path.name == "demo.py":
            continue
        if path.suffix == ".py" or (path.suffix == ".html" and "templates" in path.parts):
            out.append((rel, path))
    return out


def plan_values_in_code() -> list[str]:
    """'file:line: [kind] 'text' in …' for every value of the plan found in code and not allowed."""
    patterns = _patterns()
    hits = []
    for rel, path in _scanned():
        items = _python_strings(path) if path.suffix == ".py" else _template_lines(path)
        for line, text in items:
            for kind, pattern in patterns.items():
                for match in pattern.finditer(text):
                    if (rel, match.group(0)) not in ALLOWED:
                        hits.append(f"{rel}:{line}: [{kind}] {match.group(0)!r} in {text.strip()[:80]!r}")
    return hits


def test_no_value_of_the_plan_in_python_or_templates():
    hits = plan_values_in_code()
    assert not hits, "the plan's values belong in the plan file:\n" + "\n".join(hits)


def test_every_allowance_is_still_needed():
    """An allowance nobody needs any more is removed (the list stays small and true)."""
    patterns = _patterns()
    found = set()
    for rel, path in _scanned():
        items = _python_strings(path) if path.suffix == ".py" else _template_lines(path)
        for _, text in items:
            for pattern in patterns.values():
                found.update((rel, m.group(0)) for m in pattern.finditer(text))
    assert set(ALLOWED) <= found, sorted(set(ALLOWED) - found)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("D 群、D1 組不適用", "group code"),
        ("4 年應達 4000 人", "quota"),
        ("每 2 年應達", "quota"),
        ("任期 2 年（109–110、111–112）", "plan year"),
        ("12 區公所", "district offices"),
        ("新聞聯絡人", "staff category"),
        ("每人每年 3 小時", "quota"),
    ],
)
def test_the_patterns_find_what_the_issue_names(text, kind):
    """The words issue 10 quotes as plan values in code are each found (the test can fail)."""
    assert _patterns()[kind].search(text)


def test_a_message_composed_from_the_plans_values_passes_and_a_written_number_does_not(tmp_path):
    source = tmp_path / "rule.py"
    source.write_text(
        '"""A docstring may quote 「4 年總計 4000 人」."""\n'
        'composed = f"{period_years} 年總計 {per_period:,} 人"\n'
        'written = "4 年總計 4000 人"\n',
        encoding="utf-8",
    )
    patterns = _patterns()
    found = [(line, text) for line, text in _python_strings(source) if any(p.search(text) for p in patterns.values())]
    assert found == [(3, "4 年總計 4000 人")]
