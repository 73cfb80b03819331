"""Queued evaluation work (issue 13, item 4; docs/adr/0012): recompute the stored verdicts of a year after a large
write, in ``mainstream worker``, so that the first page read after it does not pay for the recomputation."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def findings_refresh_task(year: int) -> int:
    """Bring every tool's stored findings for ``year`` (as judged today) up to date; the number of findings."""
    from .stored import findings_stored

    return len(findings_stored(year=year))
