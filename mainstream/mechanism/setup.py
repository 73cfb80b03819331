"""Called by ``mainstream setup``: the task forces derived from the plan (safe to run again)."""

from __future__ import annotations


def setup_load() -> str:
    from mainstream.plan.selectors import plans_stored

    from .services import taskforce_sync

    for plan in plans_stored():  # earliest first: the task forces of the latest plan
        counts = taskforce_sync(plan=plan)
    return f"性平小組：新增 {counts['created']} 個、更新 {counts['updated']} 個"
