"""The payloads of tests/test_browser_xss.py and how they get into a running demo server's database: through the
services, from a thread of the test process, on the server's own SQLite file."""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from flnet_ui import db, i18n
from flnet_ui.demo import COORDINATOR as BY
from flnet_ui.services import (
    agenda,
    agenda_materials,
    display,
    groups,
    libraries,
    meeting_control,
    minutes,
    minutes_actions,
    minutes_versions,
    networks,
    people,
    responses,
)
from flnet_ui.services import meeting_plan as plan
from models import (
    AgendaItem,
    AgendaKind,
    AgendaMaterial,
    Answer,
    Meeting,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesStatus,
    User,
    WorkGroup,
    WorkGroupMember,
)

T = TypeVar('T')

SCRIPT = '<script>window.__xss=1</script>'
IMG = '<img src=x onerror="window.__xss=1">'
SVG = '"><svg onload=window.__xss=1>'
JS_URL = 'javascript:window.__xss=1'

APPLICANT = f'Bo Ansøger {SVG}'
NEW_LIBRARY = f'{IMG} Bibliotek'
MOTIVATION = f'Motivation {SCRIPT}'
NAME = f'Åse {IMG}'                       # the demo member, who logs in to Min side
MATE = f'Gruppefælle {SVG}'               # another member in the demo member's work group
LIBRARY = f'{SCRIPT} Bibliotek'
TITLE = f'Temadag {IMG}'
DESCRIPTION = f'Beskrivelse {SVG}'
ITEM = f'Oplæg {SVG}'
GROUP_ITEM = f'Gruppearbejde {SCRIPT}'
MARKDOWN = (f'Se **fed tekst** her.\n\n{SCRIPT}\n\n{IMG}\n\n[klik]({JS_URL}) <a href="{JS_URL}">her</a> '
            f'<svg onload="window.__xss=1"></svg>')
MATERIAL = f'Slides {SVG}'
QUESTION = f'Spørgsmål {SCRIPT}'
OUTCOME = f'Resultat {IMG}'
HELD_TITLE = f'Holdt møde {SCRIPT}'
HELD_MATERIAL = f'Referatbilag {IMG}'
REFERENT = f'Referent {SVG}'
NOTES = f'Noter {SCRIPT}'
DECISION = f'Beslutning {IMG}'
ACTION = f'Handling {SVG}'
RESPONSIBLE = JS_URL                      # a free-text responsible that looks like a link
MESSAGE = f'Besked {IMG}'


def on_server_database(data_dir: Path, work: Callable[[], Awaitable[T]]) -> T:
    """Run service calls on the running server's SQLite database, from a thread of its own (sync Playwright owns
    this one). The server reads the database afresh for every page, so a reload shows the change."""
    async def main() -> T:
        await db.open_database(f'sqlite://{data_dir / "flnet.sqlite3"}', migrate=False)
        try:
            return await work()
        finally:
            await db.close_database()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


async def put_payloads() -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    network = await networks.default_network()

    member_user = await User.get(role='member')
    member = await Membership.get(person_id=member_user.person_id, network_id=network.id).select_related('person')
    library = await libraries.create_library(name=LIBRARY, municipality='Aarhus', by=BY, now=now)
    await people.update_person(person_id=member.person_id, name=NAME, email=member.person.email,
                               library_id=library.id, by=BY, now=now)

    upcoming = await Meeting.filter(network_id=network.id, status=MeetingStatus.PLANNED).order_by('starts_at').first()
    assert upcoming is not None
    await plan.update_meeting(meeting_id=upcoming.id, title=TITLE, date=upcoming.date,
                              starts_at=i18n.local(upcoming.starts_at).time(), ends_at=i18n.local(upcoming.ends_at)
                              .time(), host_library_id=upcoming.host_id, address=upcoming.address,
                              description=DESCRIPTION, by=BY, now=now)
    items = await AgendaItem.filter(meeting_id=upcoming.id).order_by('position')
    first, group_item = items[0], next(i for i in items if i.kind == AgendaKind.GROUP_WORK)
    for item, title, description in ((first, ITEM, MARKDOWN), (group_item, GROUP_ITEM, group_item.description)):
        await agenda.update_item(item_id=item.id, kind=item.kind, title=title, duration_minutes=item.duration_minutes,
                                 presenter_id=item.presenter_id, presenter_name=item.presenter_name,
                                 presenter_org=item.presenter_org, description=description, by=BY, now=now)
    await agenda_materials.add_link(item_id=first.id, title=MATERIAL, url='https://example.dk/slides', by=BY, now=now)

    # The demo member takes part and shares group 1 with MATE; group 1 gets the question and the outcome.
    await responses.answer(membership_id=member.id, meeting_id=upcoming.id, answer=Answer.ATTENDING, by=BY, now=now)
    await groups.move_person(item_id=group_item.id, membership_id=member.id, to_group=1, by=BY, now=now)
    group = await WorkGroup.get(item_id=group_item.id, number=1)
    mate = await WorkGroupMember.filter(group_id=group.id).exclude(membership_id=member.id) \
        .select_related('membership__person').first()
    assert mate is not None
    mate_person = mate.membership.person
    await people.update_person(person_id=mate_person.id, name=MATE, email=mate_person.email,
                               library_id=mate_person.library_id, by=BY, now=now)
    await groups.update_group(group_id=group.id, question=QUESTION, scribe_membership_id=None, outcome=OUTCOME,
                              by=BY, now=now)

    # The newest approved minutes: reopened, written in, approved again. A closed meeting's title and materials are
    # history the services keep as they were, so those two are written straight into the rows.
    held = await Meeting.filter(network_id=network.id, minutes__status=MinutesStatus.APPROVED) \
        .order_by('-starts_at').first()
    assert held is not None
    await Meeting.filter(id=held.id).update(title=HELD_TITLE)
    held_item = await AgendaItem.filter(meeting_id=held.id).order_by('position').first()
    assert held_item is not None
    await AgendaMaterial.create(item_id=held_item.id, kind='link', title=HELD_MATERIAL, url='https://example.dk/b',
                                created_at=now)
    await minutes_versions.reopen(meeting_id=held.id, reason='XSS-test', by=BY, now=now)
    view = await minutes.minutes_view(held.id)
    await minutes.set_referent(meeting_id=held.id, referent=REFERENT, expected_revision=view.revision, by=BY, now=now)
    item_view = next(i for i in view.items if i.agenda_item_id == held_item.id)
    await minutes.save_item(meeting_id=held.id, agenda_item_id=held_item.id, notes=NOTES, decisions=[DECISION],
                            expected_revision=item_view.revision, by=BY, now=now)
    await minutes_actions.add_action(meeting_id=held.id, agenda_item_id=held_item.id, what=ACTION,
                                     responsible_name=RESPONSIBLE, by=BY, now=now)
    await minutes_versions.approve(meeting_id=held.id, by=BY, now=now)
    assert (await Minutes.get(meeting_id=held.id)).status == MinutesStatus.APPROVED

    token = await display.renew_display_token(network_id=network.id, by=BY, now=now)
    return {'member': member.id, 'member_person': member.person_id, 'mate': mate.membership_id,
            'upcoming': upcoming.id, 'first_item': first.id, 'group_item': group_item.id, 'held': held.id,
            'token': token, 'network': network.id}


async def start_today(ids: dict[str, Any]) -> None:
    """The upcoming meeting moved to today and started, with its group work as the current item."""
    now = dt.datetime.now(dt.UTC)
    meeting = await Meeting.get(id=ids['upcoming'])
    await plan.update_meeting(meeting_id=meeting.id, title=meeting.title, date=i18n.today(now),
                              starts_at=dt.time(0, 0), ends_at=dt.time(23, 59), host_library_id=meeting.host_id,
                              address=meeting.address, description=meeting.description, by=BY, now=now)
    await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=now)
    await meeting_control.set_current_item(meeting_id=meeting.id, item_id=ids['group_item'], by=BY, now=now)
