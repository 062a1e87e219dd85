"""Drill: four app processes on one PostgreSQL database, and many people at once: simultaneous applications,
approvals and a close keep I1-I4 (DESIGN.md §1.1).

Four `flnet serve` processes share a new database (the demo, loaded by the first) and Redis, as README "Several
processes" sets them up. Before the drill a separate process sets the scene through the services (tests/drills.py
`prepare`; setting up is not what is tested): the capacity is raised so that the waitlist is seated and FREE_SEATS
seats are free, and yesterday's meeting is running, with a roll call that leaves the members at risk unrecorded, so
that closing it deregisters them and frees their seats.

Then, all through the servers' own pages, over each page's websocket as Chromium would send it (tests/socket_page.py):
- APPLICANTS people send the public form /ansoeg at once, spread over the four processes;
- meanwhile the coordinator (logged in by the real POST /login; the session is in the database, so it holds on every
  process) approves the applications as they come in, each on its own page (/medlemmer/{id}, "Godkend"), in rounds
  of eight, two on each process, the eight clicks sent together, the applications picked at random rather than in
  the order they came in. Rounds 0 and 1 fight over the free seats (eight approvals for the last two in round 1);
  later approvals put people on the waitlist, in order of application whatever the order of approval;
- in round CLOSE_IN_ROUND, when some twenty wait, the meeting is closed on its roll call page on the second process
  ("Afslut møde", which previews, then "Afslut mødet") at the same moment as that round's approvals: the seats it
  frees go to the heads of a waitlist that the approvals are joining at that very moment.

Afterwards, from the database: every application a page confirmed is there exactly once, with its audit entry and
its receipt e-mail, and none was lost; every approval and the close were shown as done; the close deregistered exactly
those at risk; every seat the drill freed went to its applicants; no server logged an error; and I1-I4 hold
(tests/invariants.py, continuing from the state before the drill: at no moment did anyone take a seat above the
capacity, after no change was a seat free while someone waited, the waitlist is in order of application and every
seat went to its head, every status change has its audit entry). Skipped without FLNET_TEST_POSTGRES_URL.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from flnet_ui.services import seats
from models import AuditEntry, Meeting, MeetingStatus, Membership, MembershipStatus, OutgoingMail
from tests import coordinator, drills
from tests.browser import Server
from tests.conftest import POSTGRES_URL
from tests.invariants import Tracker, check_invariants
from tests.processes import logged_errors, servers_on_postgresql

pytestmark = [pytest.mark.slow, pytest.mark.postgres,
              pytest.mark.skipif(not POSTGRES_URL, reason='needs FLNET_TEST_POSTGRES_URL')]

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 4
APPLICANTS = 120
PER_ROUND = 2 * PROCESSES  # approvals sent together, two on each process
FREE_SEATS = 10  # not a multiple of PER_ROUND: round 1 (counted from 0) has eight approvals for the last two seats
CLOSE_IN_ROUND = 3  # by then some twenty wait: the close hands its seats to their heads while approvals join them
PENDING, ACTIVE, WAITLISTED = MembershipStatus.PENDING, MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED


def test_simultaneous_applications_approvals_and_a_close_on_four_processes_keep_the_invariants(
        tmp_path: Path) -> None:
    with servers_on_postgresql(tmp_path, PROCESSES) as (url, servers):
        plan = _prepare(url)
        asyncio.run(_drill_and_check(url, servers, plan))


def _prepare(url: str) -> dict:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k not in {'PYTEST_CURRENT_TEST', 'FLNET_DATABASE_URL'}}
    done = subprocess.run([sys.executable, '-m', 'tests.drills', 'prepare', url, str(FREE_SEATS)], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True, timeout=120)
    plan = json.loads(done.stdout.splitlines()[-1])
    assert plan['deregistered'], plan  # only a close that frees seats takes part in the fight over them
    return plan


async def _drill_and_check(url: str, servers: list[Server], plan: dict) -> None:  # type: ignore[type-arg]
    network_id, bases = plan['network_id'], [server.base for server in servers]
    async with drills.opened(url):
        tracker = Tracker(network_id)
        await check_invariants(tracker, context='the demo with free seats, before the drill')
        known = set(await Membership.filter(network_id=network_id).values_list('id', flat=True))
        assert await seats.waitlisted(network_id).count() == 0 and not await Membership.exists(status=PENDING)
        cookies = await coordinator.log_in(bases[0])

        started = time.monotonic()
        forms, shown, closed, presses = await _drill(bases, cookies, plan, known)
        seconds = time.monotonic() - started

        new = await Membership.filter(network_id=network_id).exclude(id__in=known).prefetch_related('person')
        await _assert_every_confirmed_application_kept_once(forms, new)
        # Every application was approved on its page, which showed the outcome; none was refused.
        assert set(shown) == {m.id for m in new}
        assert not [answer for answer in shown.values() if answer.startswith('refused')], shown
        assert Counter(m.status for m in new).keys() <= {ACTIVE, WAITLISTED}
        # The close happened on its page, whole: exactly the members at risk were deregistered by it.
        assert closed == 'closed'
        meeting = await Meeting.get(id=plan['meeting_id'])
        assert meeting.status == MeetingStatus.CLOSED
        assert sorted(await Membership.filter(deregistered_by_meeting_id=meeting.id)
                      .values_list('id', flat=True)) == plan['deregistered']

        await check_invariants(tracker, context='after the drill')
        # The seats were fought over to the end: every free seat and every seat the close freed went to the drill's
        # applicants, the network is full, and people wait.
        seated = sum(m.status == ACTIVE for m in new)
        assert seated == FREE_SEATS + len(plan['deregistered'])
        overview = await seats.overview(network_id)
        assert overview.taken == overview.capacity and overview.waiting == len(new) - seated
    assert logged_errors(servers) == []
    # What this run did (pytest -s shows it); a press is repeated when the page redrew under the first one.
    print(f'\n{APPLICANTS} applications and approvals and a close on {PROCESSES} processes in {seconds:.1f} s: '  # noqa: T201
          f'{seated} seated, {overview.waiting} on the waitlist; {presses - len(shown)} presses repeated')


async def _drill(bases: list[str], cookies: httpx.Cookies, plan: dict,  # type: ignore[type-arg]
                 known: set[int]) -> tuple[list[drills.FormResult], dict[int, str], str, int]:
    """Every applicant starts at once (applicant n on process n % 4). Meanwhile, round after round, PER_ROUND
    applications are approved, as many on each process, the clicks sent together; the close joins round
    CLOSE_IN_ROUND. Returns the forms' answers, what each approval's page showed, what the close's page showed, and
    how many times "Godkend" was pressed."""
    forms = [asyncio.create_task(drills.apply_through_form(bases[n % PROCESSES], n, who='Samtidig'))
             for n in range(APPLICANTS)]
    pick = random.Random(20260304)
    shown: dict[int, str] = {}
    closed, presses = '', 0
    for round_number in itertools.count():
        batch = await _next_applications(plan['network_id'], known | set(shown), forms, pick)
        if not batch:
            break
        approvals = [coordinator.Approval(bases[(round_number + k) % PROCESSES], cookies, membership_id)
                     for k, membership_id in enumerate(batch)]
        closing = [coordinator.Closing(bases[1], cookies, plan['meeting_id'])] if round_number == CLOSE_IN_ROUND else []
        await asyncio.gather(*(action.open() for action in [*approvals, *closing]))
        answers = await asyncio.gather(*(action.press() for action in [*approvals, *closing]))  # clicks sent together
        shown.update(zip(batch, answers, strict=False))
        presses += sum(approval.clicks for approval in approvals)
        closed = answers[-1] if closing else closed
    return list(await asyncio.gather(*forms)), shown, closed, presses


async def _next_applications(network_id: int, taken: set[int], forms: list[asyncio.Task],  # type: ignore[type-arg]
                             pick: random.Random) -> list[int]:
    """Up to PER_ROUND applications waiting for review, picked at random (a coordinator takes them as they please,
    not in the order they came in); while applicants are still sending, wait until there are as many."""
    while True:
        finished = all(form.done() for form in forms)  # before looking: what they sent is then all there
        waiting = sorted(set(await Membership.filter(network_id=network_id, status=PENDING)
                             .values_list('id', flat=True)) - taken)
        if len(waiting) >= PER_ROUND or finished:
            return pick.sample(waiting, min(PER_ROUND, len(waiting)))
        await asyncio.sleep(0.02)


async def _assert_every_confirmed_application_kept_once(forms: list[drills.FormResult],
                                                        new: list[Membership]) -> None:
    """Each receipt a page showed stands for one whole application: its membership (one, not two), the audit entry
    of its arrival and its receipt e-mail in the outbox, all written in one transaction. None was lost or refused."""
    outcomes = Counter(form.outcome for form in forms)
    assert outcomes == {'accepted': APPLICANTS}, [form.detail for form in forms if form.outcome != 'accepted'][:3]
    kept = Counter(membership.person.email for membership in new)
    assert set(kept) == {form.email for form in forms}, 'a confirmed application is missing, or one came from nowhere'
    assert set(kept.values()) == {1}, [email for email, n in kept.items() if n > 1]
    arrivals = Counter(await AuditEntry.filter(
        subject='membership', action='status', subject_id__in=[m.id for m in new], from_value='',
        to_value=PENDING).values_list('subject_id', flat=True))
    assert arrivals == Counter(m.id for m in new), 'an application without its audit entry, or with two'
    mailed = set(await OutgoingMail.filter(to_address__in=list(kept)).values_list('to_address', flat=True))
    assert mailed == set(kept), f'applications without their receipt e-mail: {sorted(set(kept) - mailed)[:3]}'
