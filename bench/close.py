"""Closing a meeting, in this process: the service call on a fresh copy of the data set each time, against one
SELECT of every attendance row in the same database just before; and its query count against the small data set."""
from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from flnet_ui import db
from flnet_ui.services import attendance
from flnet_ui.services.audit import Actor
from models import AttendanceRecord

from . import querycount
from .dataset import Dataset

BY = Actor(None, 'benchmark')


@dataclass(frozen=True)
class Closing:
    close_ms: float       # the best run
    select_ms: float      # the best run
    queries: int
    statements: list[str]
    deregistered: int
    promoted: int


async def measure(dataset: Dataset, work: Path, *, repetitions: int) -> Closing:
    """The best of `repetitions` runs (the first also imports and prepares what later runs find ready, so it is never
    the best); the query count is the last run's."""
    runs = [await _once(dataset, work / f'close-{n}.sqlite3') for n in range(repetitions)]
    last = runs[-1]
    return Closing(min([run.close_ms for run in runs]), min([run.select_ms for run in runs]), last.queries,
                   last.statements, last.deregistered, last.promoted)


async def _once(dataset: Dataset, copy: Path) -> Closing:
    shutil.copy(dataset.path, copy)
    querycount.install()
    await db.open_database(f'sqlite://{copy}')
    try:
        selects = []
        for _ in range(3):
            started = time.perf_counter()
            await AttendanceRecord.all()
            selects.append(time.perf_counter() - started)
        with querycount.counting() as statements:
            started = time.perf_counter()
            result = await attendance.close_meeting(meeting_id=dataset.closing_meeting_id, by=BY,
                                                    now=dt.datetime.now(dt.UTC))
            seconds = time.perf_counter() - started
    finally:
        await db.close_database()
    if len(result.deregistered) != 2 or len(result.promoted) != 2:
        raise RuntimeError(f'closing did not do what the data set was built for: {result}')
    return Closing(seconds * 1000, min(selects) * 1000, len(statements), list(statements), len(result.deregistered),
                   len(result.promoted))
