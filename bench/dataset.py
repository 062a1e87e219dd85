"""The benchmark's data sets, built once per run into a temporary folder (an SQLite file with every migration applied).

The bulk of the history (people, memberships, held meetings, attendance, audit) is planned in dataset_plan.py and
written with bulk inserts; what a page shows from the meeting board (the upcoming meeting's programme, answers and
groups, the projector link, and today's meeting with its roll call started) is made through the services.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from flnet_ui import db, demo, demo_board
from flnet_ui.i18n import language, ngettext
from flnet_ui.services import agenda, display, groups, meeting_control, meetings, networks, responses, users
from flnet_ui.services.audit import Actor
from models import (
    Agreement,
    Answer,
    AttendanceRecord,
    AuditEntry,
    Library,
    Meeting,
    MeetingStatus,
    Membership,
    Network,
    Person,
    Role,
)
from models.reference import municipalities

from .dataset_plan import COPENHAGEN, Plan, Scale, plan

COORDINATOR = ('koordinator@bench.flnet.dk', 'bench-koordinator-2026')
MEMBER_PASSWORD = 'bench-medlem-2026'
BY = Actor(None, COORDINATOR[0])
BATCH = 500


@dataclass(frozen=True)
class Dataset:
    """Where a built data set is and what the benchmark needs to know about it."""
    path: str
    scale: Scale
    closing_meeting_id: int     # today's meeting, running, with its roll call started: the benchmark closes it
    coordinator: tuple[str, str]
    member: tuple[str, str]     # an active member's login (Min side)
    display_token: str          # the projector link
    waiting_before: int
    waiting_after_close: int    # closing today's meeting deregisters two and seats two from the waitlist

    def waitlist_text(self, waiting: int) -> str:
        """What the public page and Overblik say about the waitlist, in Danish (the text the clients wait for)."""
        with language('da'):
            return ngettext('{n} person on the waitlist', '{n} people on the waitlist', waiting).format(n=waiting)

    def save(self) -> None:
        Path(self.path).with_suffix('.json').write_text(json.dumps(dataclasses.asdict(self)))

    @classmethod
    def load(cls, path: Path) -> Dataset:
        values = json.loads(path.with_suffix('.json').read_text())
        values['scale'] = Scale(**values['scale'])
        values['coordinator'], values['member'] = tuple(values['coordinator']), tuple(values['member'])
        return cls(**values)


async def build_pair(folder: Path, scale: Scale, *, now: dt.datetime) -> tuple[Dataset, Dataset]:
    """The large data set and the one with ten times less data. Migrating an empty database takes Tortoise a second
    or two, so it is done once and copied."""
    template = folder / 'migrated.sqlite3'
    folder.mkdir(parents=True, exist_ok=True)
    await db.open_database(f'sqlite://{template}')
    await db.close_database()
    large = await build(folder / 'large' / 'flnet.sqlite3', scale, now=now, template=template)
    return large, await build(folder / 'small' / 'flnet.sqlite3', scale.tenth(), now=now, template=template)


async def build(path: Path, scale: Scale, *, now: dt.datetime, template: Path | None = None) -> Dataset:
    path.parent.mkdir(parents=True, exist_ok=True)
    if template is not None:
        shutil.copy(template, path)
    await db.open_database(f'sqlite://{path}')
    try:
        dataset = await _write(path, plan(scale, now=now), now=now)
    finally:
        await db.close_database()
    dataset.save()
    return dataset


async def _write(path: Path, history: Plan, *, now: dt.datetime) -> Dataset:
    rng = random.Random(7)
    network = await networks.ensure_default_network(now=now)
    await Network.filter(id=network.id).update(capacity=history.scale.active)
    library_ids = await _libraries()
    await _people(history, library_ids, rng)
    await _held_meetings(history, network.id, library_ids)   # before the memberships: who a meeting deregistered
    await _memberships(history, network.id)
    await _attendance(history, network.id)
    specials = history.specials
    await Agreement.create(membership_id=specials.agreed, note='Orlov; deltager igen efter aftale.',
                           valid_from=history.meetings[-3][1].date() - dt.timedelta(days=30), created_at=now)
    await users.create_user(email=COORDINATOR[0], role=Role.COORDINATOR, password=COORDINATOR[1], by=BY, now=now)
    member = await Membership.get(id=specials.member_login).select_related('person')
    await users.create_user(email=member.person.email, role=Role.MEMBER, password=MEMBER_PASSWORD,
                            person_id=member.person_id, by=BY, now=now)
    upcoming = await meetings.plan_meeting(
        network_id=network.id, title='Fjernlån og brugerne: næste skridt', date=(now + dt.timedelta(days=60)).date(),
        starts_at=dt.time(10), ends_at=dt.time(15, 30), host_library_id=library_ids[2],
        address='Rendsburggade 2, 9000 Aalborg', by=BY, now=now)
    await _upcoming_board(upcoming.id, history, now=now)
    closing = await _todays_meeting(history, network.id, library_ids[0], now=now)
    token = await display.renew_display_token(network_id=network.id, by=BY, now=now)
    waiting = history.scale.waiting
    return Dataset(str(path), history.scale, closing, COORDINATOR, (member.person.email, MEMBER_PASSWORD), token,
                   waiting, waiting - len(specials.deregistered))


async def _libraries() -> list[int]:
    """The demo's libraries, then one for every other municipality: the library filter lists them all."""
    named = [name for name, _municipality in demo.LIBRARIES]
    covered = {municipality for _name, municipality in demo.LIBRARIES}
    rows = [*demo.LIBRARIES, *((f'{m} Bibliotek', m) for m in sorted(municipalities()) if m not in covered)]
    await Library.bulk_create([Library(name=name, municipality=municipality) for name, municipality in rows])
    by_name = dict(await Library.all().values_list('name', 'id'))
    return [by_name[name] for name in named] + [by_name[name] for name, _m in rows[len(named):]]


async def _people(history: Plan, library_ids: list[int], rng: random.Random) -> None:
    await Person.bulk_create([
        Person(id=m.id, name=history.names[m.id - 1], email=f'deltager{m.id}@bench-bibliotek.dk',
               phone=f'+45 {20000000 + m.id}', job_title=rng.choice(demo.TITLES),
               library_id=rng.choice(library_ids[1:]), consent_at=m.applied_at)
        for m in history.memberships], batch_size=BATCH)


async def _memberships(history: Plan, network_id: int) -> None:
    await Membership.bulk_create([
        Membership(id=m.id, person_id=m.id, network_id=network_id, status=m.status, applied_at=m.applied_at,
                   queue_at=m.applied_at, status_changed_at=m.status_changed_at, active_since=m.active_since,
                   motivation='Vil gerne dele erfaringer om fjernlån.',
                   deregistered_by_meeting_id=None if m.deregistered_by_meeting is None
                   else m.deregistered_by_meeting + 1)
        for m in history.memberships], batch_size=BATCH)
    await AuditEntry.bulk_create([
        AuditEntry(at=at, network_id=network_id, actor_name=BY.name,
                   subject='membership', subject_id=m.id, person_id=m.id, action='status', from_value=before,
                   to_value=to)
        for m in history.memberships for at, before, to in m.audit], batch_size=BATCH)


async def _held_meetings(history: Plan, network_id: int, library_ids: list[int]) -> None:
    """Meeting i of the plan is stored with id i + 1; every held meeting is closed the afternoon it was held."""
    await Meeting.bulk_create([
        Meeting(id=index + 1, network_id=network_id, title=title, starts_at=starts,
                ends_at=starts + dt.timedelta(hours=5, minutes=30), status=MeetingStatus.CLOSED,
                host_id=library_ids[0] if index % 2 == 0 else library_ids[(index * 7) % len(library_ids)],
                closed_at=starts + dt.timedelta(hours=7), invited_at=starts - dt.timedelta(days=60),
                reminded_at=starts - dt.timedelta(days=7))
        for index, (title, starts) in enumerate(history.meetings)], batch_size=BATCH)


async def _attendance(history: Plan, network_id: int) -> None:
    await AttendanceRecord.bulk_create([
        AttendanceRecord(meeting_id=index + 1, membership_id=membership_id, status=status,
                         recorded_at=history.meetings[index][1])
        for (index, membership_id), status in history.attendance.items()], batch_size=BATCH)
    await AuditEntry.bulk_create([
        AuditEntry(at=starts + dt.timedelta(hours=7), network_id=network_id, actor_name=BY.name, subject='meeting',
                   subject_id=index + 1, action='close', from_value='running', to_value='closed')
        for index, (_title, starts) in enumerate(history.meetings)], batch_size=BATCH)


async def _upcoming_board(meeting_id: int, history: Plan, *, now: dt.datetime) -> None:
    """The demo's programme, most members' answers (not the measured member's: Min side offers the buttons) and
    groups for its group work, as the demo makes them (fewer groups in a small network)."""
    for item in demo_board.NEXT_PROGRAMME:
        await agenda.add_item(meeting_id=meeting_id, kind=item.kind, title=item.title, duration_minutes=item.minutes,
                              presenter_name=item.name, presenter_org=item.org, description=item.description, by=BY,
                              now=now)
    rng, attending = random.Random(8), 0
    for membership_id in history.active_ids:
        roll = rng.random()
        if membership_id == history.specials.member_login or roll < 0.2:
            continue
        answer = Answer.ATTENDING if roll < 0.85 else Answer.APOLOGY
        attending += answer == Answer.ATTENDING
        await responses.answer(membership_id=membership_id, meeting_id=meeting_id, answer=answer,
                               reason='Kursus samme dag' if answer == Answer.APOLOGY else '', by=BY, now=now)
    for group_item in await groups.group_items(meeting_id):
        made = await groups.make_groups(item_id=group_item.id, groups=max(1, min(5, attending // 4)),
                                        seed=demo_board.GROUP_SEED, by=BY, now=now)
        for group, question in zip(made, demo_board.GROUP_QUESTIONS * 2, strict=False):
            await groups.update_group(group_id=group.id, question=question, scribe_membership_id=None, outcome='',
                                      by=BY, now=now)


async def _todays_meeting(history: Plan, network_id: int, host_id: int, *, now: dt.datetime) -> int:
    """A meeting that started earlier today: planned weeks ago, answered, its roll call started from the answers
    and its programme on the third item. The two whose streak will reach the limit never answered, the one at risk
    and the one with an agreement sent apologies, and a quarter of the others never answered: closing it marks the
    silent ones absent, deregisters two, warns one and spares the one with an agreement."""
    local_now = now.astimezone(COPENHAGEN)
    starts = max(local_now - dt.timedelta(hours=2), local_now.replace(hour=0, minute=0, second=0, microsecond=0))
    starts = starts.replace(minute=starts.minute - starts.minute % 5, second=0, microsecond=0)
    ends = min(starts + dt.timedelta(hours=5, minutes=30), starts.replace(hour=23, minute=55))
    meeting = await meetings.plan_meeting(
        network_id=network_id, title='Temadag: fjernlån på tværs af landsdele', date=starts.date(),
        starts_at=starts.time(), ends_at=ends.time(), host_library_id=host_id,
        address='Victor Albecks Vej 1, 8000 Aarhus C', by=BY, now=now - dt.timedelta(days=40))
    for item in demo_board.NEXT_PROGRAMME:
        await agenda.add_item(meeting_id=meeting.id, kind=item.kind, title=item.title, duration_minutes=item.minutes,
                              presenter_name=item.name, presenter_org=item.org, description=item.description, by=BY,
                              now=now - dt.timedelta(days=30))
    specials, rng = history.specials, random.Random(9)
    fixed = {specials.at_risk: Answer.APOLOGY, specials.agreed: Answer.APOLOGY, specials.member_login: Answer.ATTENDING}
    answered = now - dt.timedelta(days=3)
    for membership_id in history.active_ids:
        if membership_id in specials.deregistered:
            continue
        answer = fixed.get(membership_id) or (Answer.ATTENDING if rng.random() < 0.75 else None)
        if answer is not None:
            await responses.answer(membership_id=membership_id, meeting_id=meeting.id, answer=answer, by=BY,
                                   now=answered)
    started = starts.astimezone(dt.UTC) + dt.timedelta(minutes=5)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=started)
    for _step in range(2):
        await meeting_control.next_item(meeting_id=meeting.id, by=BY, now=started + dt.timedelta(minutes=1))
    return meeting.id
