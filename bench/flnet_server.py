"""`flnet serve` with two additions that exist only in the benchmark (run: python -m bench.flnet_server --port P).

- POST /_bench/close/{meeting_id}: the coordinator's close of a meeting, called as the roll-call page calls it, so the
  live-push measurement can start its clock at the service call (the answer carries the moments the service was
  called and had emitted its events, in epoch seconds).
- Query counting: a request with the header `x-bench-count: KEY` has its statements counted at the database client
  (bench/querycount.py), including the page's own background work; GET /_bench/queries/KEY gives the count and SQL.

Everything else is the real command: flnet_ui.cli.main(['serve', ...]), migrations, lifespan, pages.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench import querycount

COUNT_HEADER = b'x-bench-count'
_counts: dict[str, list[str]] = {}


class CountingMiddleware:
    """Pure ASGI, so the request's own task (and the tasks it starts) carries the counting context."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        key = dict(scope.get('headers') or []).get(COUNT_HEADER) if scope['type'] == 'http' else None
        if key is None:
            await self.app(scope, receive, send)
            return
        _counts[key.decode()] = querycount.start_counting()
        await self.app(scope, receive, send)


async def close(meeting_id: int) -> dict[str, Any]:
    from flnet_ui.services import attendance
    from flnet_ui.services.audit import Actor
    started = time.time()
    result = await attendance.close_meeting(meeting_id=meeting_id, by=Actor(None, 'benchmark'),
                                            now=dt.datetime.now(dt.UTC))
    # The service emits its events after the commit, as its last step; the pages' redraws are tasks that start only
    # when this handler gives the event loop back. So this is the moment the push began.
    emitted = time.time()
    return {'started': started, 'emitted': emitted, 'deregistered': len(result.deregistered),
            'promoted': len(result.promoted), 'marked_absent': len(result.marked_absent)}


async def queries(key: str) -> dict[str, Any]:
    statements = _counts.pop(key, [])
    return {'count': len(statements), 'statements': statements}


def main(argv: list[str]) -> None:
    # NiceGUI reads its storage folder at import; `flnet serve` would set it the same way before importing it.
    data_dir = Path(os.environ.get('FLNET_DATA_DIR', 'data'))
    os.environ.setdefault('NICEGUI_STORAGE_PATH', str((data_dir / 'nicegui').resolve()))
    querycount.install()
    from nicegui import app
    app.add_middleware(CountingMiddleware)
    app.add_api_route('/_bench/close/{meeting_id}', close, methods=['POST'])
    app.add_api_route('/_bench/queries/{key}', queries, methods=['GET'])
    from flnet_ui import cli
    cli.main(['serve', *argv])


if __name__ == '__main__':
    main(sys.argv[1:])
