"""Where an import's seconds go, phase by phase (``TrainingImportResult.phases``; ``make bench`` prints them).

``timing(phases)`` starts the clock for one import in this thread's context; ``mark(name)`` adds the seconds since
the previous mark to ``phases[name]``. Outside ``timing`` a mark does nothing, so the write code can mark its
phases whoever calls it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_clock: ContextVar[tuple[dict[str, float], list[float]] | None] = ContextVar("training_import_phases", default=None)


@contextmanager
def timing(phases: dict[str, float]) -> Iterator[None]:
    token = _clock.set((phases, [time.perf_counter()]))
    try:
        yield
    finally:
        _clock.reset(token)


def mark(name: str) -> None:
    """The seconds since the previous mark (or the start) belong to ``name``."""
    found = _clock.get()
    if found is None:
        return
    phases, last = found
    now = time.perf_counter()
    phases[name] = phases.get(name, 0.0) + now - last[0]
    last[0] = now


def add(name: str, seconds: float) -> None:
    """Seconds measured elsewhere (another thread) added to ``name`` (the clock is not moved)."""
    found = _clock.get()
    if found is not None:
        found[0][name] = found[0].get(name, 0.0) + seconds
