"""Called by ``mainstream setup``: the task forces derived from the plan (safe to run again)."""

from __future__ import annotations


def setup_load() -> str:
    from mainstream.plan.loader import current_plan

    from .services import taskforce_sync

    counts = taskforce_sync(plan=current_plan())
    return f"性平小組：新增 {counts['created']} 個、更新 {counts['updated']} 個"
