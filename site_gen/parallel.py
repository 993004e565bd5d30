"""Per-entry work spread over the cores by forked workers.

Fork (not spawn) so that workers inherit the loaded site, the Jinja environment and the task's
closure as they are: nothing is pickled on the way in, only each chunk's small result comes back.
Small sites stay in one process, where a pool would cost more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TypeVar, cast

T = TypeVar("T")
MIN_ITEMS_PER_WORKER = 150
CHUNKS_PER_WORKER = 16  # many chunks each, so the last one to finish leaves the other cores idle briefly

_task: Callable[[int, int], object] | None = None


def worker_count(items: int, jobs: int | None = None) -> int:
    jobs = jobs if jobs is not None else int(os.environ.get("SITE_GEN_JOBS", 0)) or (os.cpu_count() or 1)
    return max(1, min(jobs, items // MIN_ITEMS_PER_WORKER))


def map_chunks(task: Callable[[int, int], T], items: int, workers: int) -> list[T]:
    """task(start, end) over [0, items) in contiguous chunks; results in chunk order (deterministic)."""
    if workers <= 1 or items == 0:
        return [task(0, items)]
    global _task
    size = max(1, -(-items // (workers * CHUNKS_PER_WORKER)))
    bounds = [(start, min(start + size, items)) for start in range(0, items, size)]
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return cast("list[T]", pool.map(_run, bounds, chunksize=1))  # (each chunk's result is task's: a T)
    finally:
        _task = None


def _run(bounds: tuple[int, int]) -> object:
    assert _task is not None
    return _task(*bounds)
