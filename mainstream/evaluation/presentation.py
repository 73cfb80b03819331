"""How statuses read in Traditional Chinese, with a symbol so that colour is never the only cue."""

STATUS_LABELS = {
    "met": "達成",
    "unmet": "未達成",
    "in_progress": "進行中",
    "not_applicable": "不適用",
    "filed": "已備查",
}
STATUS_SYMBOLS = {"met": "✓", "unmet": "✗", "in_progress": "…", "not_applicable": "—", "filed": "◎"}
# worst first: a cell that aggregates several findings shows the worst
STATUS_ORDER = ("unmet", "in_progress", "filed", "met", "not_applicable")


def worst(statuses) -> str:  # type: ignore[no-untyped-def]
    statuses = set(statuses)
    return next((s for s in STATUS_ORDER if s in statuses), "not_applicable")
