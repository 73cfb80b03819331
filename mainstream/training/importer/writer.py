"""The writer thread both overlapped paths share (``pipeline._Writer`` on SQLite, ``pgcopy._CopyWriter`` on
PostgreSQL): it writes what the reader hands it, in the order handed, on the reader's connection and inside its
transaction, while the reader goes on reading. It is the only one to touch that connection until it is joined, so
all or nothing still holds.

An item is either a list of people rows to stage (``SPILL`` at a time: memory does not grow with distinct
people) or the arguments of one ``_chunk``. The first error stops the writing; ``finish`` raises it in the reader's
thread, and ``stop`` ends the thread before a rollback."""

from __future__ import annotations

import queue
import threading

from .checker import RowChecker


class WriterThread(threading.Thread):
    def __init__(self, *, name: str, raw, checker: RowChecker) -> None:  # type: ignore[no-untyped-def]
        super().__init__(name=name, daemon=True)
        self.raw, self.checker = raw, checker
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.created = 0
        self.people_staged = self.people_done = self.days_done = 0  # local numbers staged; resolved; days staged
        checker.people_spill = self.put_people  # people judged good go to the staging table as they come

    def put_people(self, rows: list[tuple]) -> None:
        """People rows, staged before the chunks that follow them in the queue."""
        self.queue.put(rows)

    def finish(self) -> int:
        """Waits until everything handed over is written; rows added (or the writer's error, raised here)."""
        self.queue.put(None)
        self.join()
        if self.error is not None:
            raise self.error
        return self.created

    def stop(self, error: BaseException | None = None) -> None:
        """Ends the thread without writing what is still queued (before a rollback: it shares the connection)."""
        self.error = self.error or error or RuntimeError("stopped")
        self.queue.put(None)
        self.join()

    def run(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is None:
                try:
                    if isinstance(item, list):
                        self._people(item)
                    else:
                        self._chunk(*item)
                except BaseException as exc:  # handed to the reader's thread by finish()
                    self.error = exc

    def _people(self, rows: list[tuple]) -> None:
        raise NotImplementedError

    def _chunk(self, *item) -> None:  # type: ignore[no-untyped-def]
        raise NotImplementedError
