"""A separate OS process for tests/test_concurrency.py: `python -m tests.concurrency_worker COMMAND URL ...`.

  setup URL CAPACITY              open the database and apply the migrations (as the app does), make a network;
                                  prints {"network_id", "migrations"}
  apply URL NETWORK_ID COUNT TAG  open the database, print "ready", wait for a line on stdin, then make COUNT
                                  simultaneous applications (approve=True); prints {"done", "errors", "seconds"}
  report URL NETWORK_ID           prints the statuses, the waitlist in order with seats.position, the audit counts

The last line of stdout is the JSON result. Every application uses the same moment, so the waitlist order between
them is decided by id alone, that is by the order in which they got the seat lock.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import time

from flnet_ui.db import close_database, open_database
from flnet_ui.services import membership, seats
from flnet_ui.services.audit import Actor
from flnet_ui.services.errors import DomainError
from models import AuditEntry, Membership, Network

NOW = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)
BY = Actor(None, 'koordinator@test.dk')


async def setup(url: str, capacity: str) -> dict[str, object]:
    migrations = await open_database(url)
    network = await Network.create(name='FL-netværket (flere processer)', capacity=int(capacity))
    return {'network_id': network.id, 'migrations': migrations}


async def apply(url: str, network_id: str, count: str, tag: str) -> dict[str, object]:
    await open_database(url, migrate=False)
    await Network.get(id=int(network_id))  # connect before the start signal
    _say('ready')
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    started = time.perf_counter()

    async def one(i: int) -> None:
        await membership.apply(network_id=int(network_id), name=f'Proces {tag} nr. {i}', email=f'p{tag}-{i}@bib.dk',
                               approve=True, by=BY, now=NOW)

    results = await asyncio.gather(*(one(i) for i in range(int(count))), return_exceptions=True)
    errors = [f'{type(r).__name__}: {r}' for r in results if isinstance(r, BaseException)]
    return {'done': len(results) - len(errors), 'errors': errors, 'seconds': time.perf_counter() - started}


async def report(url: str, network_id: str) -> dict[str, object]:
    await open_database(url, migrate=False)
    rows = await Membership.filter(network_id=int(network_id)).order_by('id').values_list('id', 'status')
    waiting = await seats.waitlisted(int(network_id))
    audit = await AuditEntry.filter(network_id=int(network_id), subject='membership', action='status') \
        .values_list('subject_id', 'from_value', 'to_value')
    return {'statuses': {str(i): str(s) for i, s in rows},
            'waitlist': [m.id for m in waiting],
            'positions': [await seats.position(m) for m in waiting],
            'capacity': (await Network.get(id=int(network_id))).capacity,
            'audit': [list(entry) for entry in audit]}


def _say(line: str) -> None:
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


async def main(command: str, *args: str) -> None:
    try:
        result = await {'setup': setup, 'apply': apply, 'report': report}[command](*args)
    except DomainError as error:
        result = {'error': error.message}
    finally:
        await close_database()
    _say(json.dumps(result))


if __name__ == '__main__':
    asyncio.run(main(*sys.argv[1:]))
