"""Bad input, property-tested (issue 7 §4): planning and changing a meeting (texts, date, times), agenda items and
their links, group work, and Mødestyring. Each input is stored and read back intact, or refused with a Danish message
at a field and nothing saved (tests/bad_input.py says what that means)."""
from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any
from urllib.parse import urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from flnet_ui.i18n import TIMEZONE, today
from flnet_ui.services import agenda, agenda_materials, display, groups, meeting_control, meeting_plan
from models import (
    AgendaItem,
    AgendaKind,
    AgendaMaterial,
    Answer,
    Meeting,
    MeetingControl,
    MeetingResponse,
    WorkGroup,
    WorkGroupMember,
)
from tests import factories as f
from tests.bad_input import (
    DST_END,
    DST_START,
    PerTest,
    Spec,
    attempt,
    bad_date,
    bad_int,
    bad_text,
    bad_time,
    changes,
    expect,
    nasty_examples,
    nasty_numbers,
    one_line,
    profile,
    trimmed,
    unstorable,
    verdict,
    whole,
)
from tests.conftest import NOW

BY = f.COORDINATOR
PROFILE = profile()
AHEAD = dt.date(2026, 5, 6)
networks, meetings_ahead, talks, group_work, running = PerTest(), PerTest(), PerTest(), PerTest(), PerTest()


def wall_clock_exists(day: dt.date, time: dt.time) -> bool:
    """False for a Danish clock time skipped when the clocks go forward (02.30 on the last Sunday of March)."""
    moment = dt.datetime.combine(day, time, tzinfo=TIMEZONE)
    return moment.astimezone(dt.UTC).astimezone(TIMEZONE).replace(tzinfo=None) == moment.replace(tzinfo=None)


# --- planning and changing a meeting -------------------------------------------------------------------------------

MEETING = {'title': Spec(one_line, 200, required=True), 'address': Spec(trimmed, 300),
           'description': Spec(trimmed, 5000)}
GOOD_MEETING: dict[str, Any] = {'title': 'Forårets temadag', 'date': AHEAD, 'starts_at': dt.time(10),
                                'ends_at': dt.time(15), 'address': 'Victor Albecks Vej 1, 8000 Aarhus C',
                                'description': 'Program følger.'}


def meeting_verdicts(values: dict[str, Any]) -> dict[str, bool]:
    verdicts = {name: verdict(spec, values[name]) for name, spec in MEETING.items()}
    day, starts, ends = values['date'], values['starts_at'], values['ends_at']
    verdicts['date'] = isinstance(day, dt.date) and day >= today(NOW)
    verdicts['starts_at'] = isinstance(starts, dt.time) and (not verdicts['date'] or wall_clock_exists(day, starts))
    verdicts['ends_at'] = isinstance(ends, dt.time) and (not verdicts['date'] or wall_clock_exists(day, ends)) \
        and not (verdicts['starts_at'] and ends <= starts)
    return verdicts


@PROFILE
@nasty_examples('title', 'address', 'description')
@example(bad={'date': DST_START, 'starts_at': dt.time(2, 30)})   # skipped: the clocks go forward at 02.00
@example(bad={'date': DST_END, 'ends_at': dt.time(2, 30)})       # there twice: the clocks go back at 03.00
@example(bad={'date': dt.date.max, 'ends_at': dt.time.max})
@given(bad=changes({'title': bad_text(), 'address': bad_text(), 'description': bad_text(), 'date': bad_date(),
                    'starts_at': bad_time(), 'ends_at': bad_time()}))
async def test_planning_and_changing_a_meeting(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    net = await networks.get(db, f.network)
    values: dict[str, Any] = {**GOOD_MEETING, **bad}
    verdicts = meeting_verdicts(values)
    must = all(verdicts.values())
    allowed = [name for name, ok in verdicts.items() if not ok]
    planned = await meeting_plan.plan(network_id=net.id, **GOOD_MEETING, by=BY, now=NOW)   # to be changed

    for call in (lambda: meeting_plan.plan(network_id=net.id, **values, by=BY, now=NOW),
                 lambda: meeting_plan.update_meeting(meeting_id=planned.id, **values, by=BY, now=NOW)):
        outcome = await attempt(call, involved=[Meeting], fields=[*MEETING, 'date', 'starts_at', 'ends_at'])
        if not expect(outcome, must_store=must, allowed=allowed):
            continue
        row = await meeting_plan.meeting_row(net.id, outcome.result.id)
        assert row is not None
        shown = row.meeting
        assert (shown.title, shown.date, shown.start_time, shown.end_time, shown.address, shown.description) == (
            one_line(values['title']), values['date'], values['starts_at'], values['ends_at'],
            trimmed(values['address']), trimmed(values['description']))
        assert values['date'].year in {plan.check.year for plan in await meeting_plan.year_plans(net.id, now=NOW)}


# --- agenda items ---------------------------------------------------------------------------------------------------

ITEM = {'title': Spec(one_line, 200, required=True), 'description': Spec(trimmed, 10_000),
        'presenter_name': Spec(one_line, 200), 'presenter_org': Spec(one_line, 200)}
GOOD_ITEM: dict[str, Any] = {'title': 'Nyt fra DBC', 'duration_minutes': 45, 'presenter_name': 'Ole Hansen',
                             'presenter_org': 'DBC Digital', 'description': 'Om **bestilling**.'}


async def meeting_ahead(db: object) -> Meeting:
    net = await networks.get(db, f.network)
    return await meetings_ahead.get(db, lambda: f.held_meeting(net, AHEAD, close=False))


@PROFILE
@nasty_examples('title', 'description', 'presenter_name', 'presenter_org')
@nasty_numbers('duration_minutes')
@given(bad=changes({**{name: bad_text() for name in ITEM}, 'duration_minutes': bad_int(valid=[1, 30, 480])}))
async def test_agenda_items(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    meeting = await f.held_meeting(await networks.get(db, f.network), AHEAD, close=False)   # a short programme
    values: dict[str, Any] = {**GOOD_ITEM, **bad}
    verdicts = {name: verdict(spec, values[name]) for name, spec in ITEM.items()}
    verdicts['duration'] = whole(values['duration_minutes'], 1, 480)
    if one_line(values['presenter_org']) and not one_line(values['presenter_name']):
        verdicts['presenter_name'] = False   # an organisation needs a name
    must = all(verdicts.values())
    allowed = [name for name, ok in verdicts.items() if not ok]
    item = await agenda.add_item(meeting_id=meeting.id, kind=AgendaKind.TALK, **GOOD_ITEM, by=BY, now=NOW)

    for call in (lambda: agenda.add_item(meeting_id=meeting.id, kind=AgendaKind.TALK, **values, by=BY, now=NOW),
                 lambda: agenda.update_item(item_id=item.id, kind=AgendaKind.TALK, **values, by=BY, now=NOW)):
        outcome = await attempt(call, involved=[AgendaItem], fields=['title', 'description', 'presenter_name',
                                                                     'presenter_org', 'duration'])
        if not expect(outcome, must_store=must, allowed=allowed):
            continue
        [line] = [line for line in (await agenda.programme(meeting.id)).lines if line.item_id == outcome.result.id]
        assert (line.title, line.duration_minutes, line.description, line.presenter_name, line.presenter_org) == (
            one_line(values['title']), values['duration_minutes'], trimmed(values['description']),
            one_line(values['presenter_name']), one_line(values['presenter_org']))


def url_verdict(value: str) -> bool:
    url = value.strip()
    if any(unstorable(ch) for ch in url) or len(url) > 1000:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ('http', 'https') and bool(parts.netloc)


def urls() -> st.SearchStrategy[str]:
    return st.one_of(bad_text(), bad_text().map(lambda text: f'https://bibliotek.dk/{text}'),
                     bad_text().map(lambda text: f'https://{text}'), st.sampled_from(['http://[::1', 'https://[x]']))


@PROFILE
@nasty_examples('title', 'url')
@given(bad=changes({'title': bad_text(), 'url': urls()}))
async def test_links_of_an_agenda_item(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    meeting = await meeting_ahead(db)
    item = await talks.get(db, lambda: agenda.add_item(meeting_id=meeting.id, kind=AgendaKind.TALK, title='Oplæg',
                                                        duration_minutes=30, by=BY, now=NOW))
    values = {'title': 'Slides', 'url': 'https://bibliotek.dk/slides.pdf', **bad}
    verdicts = {'url': url_verdict(values['url']), 'material_title': verdict(Spec(one_line, 200), values['title'])}

    outcome = await attempt(lambda: agenda_materials.add_link(item_id=item.id, **values, by=BY, now=NOW),
                            involved=[AgendaMaterial], fields=['url', 'material_title'])

    if not expect(outcome, must_store=all(verdicts.values()), allowed=[k for k, ok in verdicts.items() if not ok]):
        return
    [view] = [view for view in (await agenda_materials.material_views([item.id]))[item.id]
              if view.material_id == outcome.result.id]
    url = values['url'].strip()
    assert (view.title, view.url) == (one_line(values['title']) or urlsplit(url).netloc[:200], url)


# --- group work -----------------------------------------------------------------------------------------------------

PEOPLE = 6


async def group_work_item(db: object) -> AgendaItem:
    async def make() -> AgendaItem:
        meeting = await meeting_ahead(db)
        net = await networks.get(db, f.network)
        for m in await f.members(net, PEOPLE, now=NOW):
            await MeetingResponse.create(meeting=meeting, membership=m, answer=Answer.ATTENDING, answered_at=NOW)
        return await agenda.add_item(meeting_id=meeting.id, kind=AgendaKind.GROUP_WORK, title='Grupper',
                                     duration_minutes=30, by=BY, now=NOW)
    return await group_work.get(db, make)


@PROFILE
@nasty_numbers('groups', 'size')
@given(bad=changes({'groups': bad_int(valid=[1, 2, PEOPLE, PEOPLE + 1]), 'size': bad_int(valid=[1, 2, PEOPLE])}))
async def test_dividing_into_groups(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    item = await group_work_item(db)
    groups_asked, size = bad.get('groups'), bad.get('size')
    if groups_asked is not None and size is not None:
        verdicts = {'groups': False}   # one or the other
    elif size is not None:
        verdicts = {'size': whole(size, 1)}
    else:
        verdicts = {'groups': whole(groups_asked, 1, PEOPLE)}

    outcome = await attempt(lambda: groups.make_groups(item_id=item.id, groups=groups_asked, size=size, seed=7,
                                                       by=BY, now=NOW),
                            involved=[WorkGroup, WorkGroupMember], fields=['groups', 'size'])

    if not expect(outcome, must_store=all(verdicts.values()), allowed=list(verdicts)):
        return
    made = await groups.groups_of(item.id)
    assert len(made) == (groups_asked if size is None else math.ceil(PEOPLE / size))
    assert sorted(p.membership_id for g in made for p in g.members) == sorted(
        p.membership_id for p in await groups.attendees(item.id))


@PROFILE
@nasty_examples('question', 'outcome')
@given(bad=changes({'question': bad_text(), 'outcome': bad_text()}))
async def test_a_groups_question_and_outcome(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    item = await group_work_item(db)
    made = await groups.groups_of(item.id) or await groups.make_groups(item_id=item.id, groups=2, seed=1, by=BY,
                                                                        now=NOW)
    values = {'question': 'Skal fjernlån koste gebyr?', 'outcome': 'Nej.', **bad}
    verdicts = {'question': verdict(Spec(trimmed, 1000), values['question']),
                'outcome': verdict(Spec(trimmed, 10_000), values['outcome'])}

    outcome = await attempt(lambda: groups.update_group(group_id=made[0].id, scribe_membership_id=None, **values,
                                                        by=BY, now=NOW),
                            involved=[WorkGroup], fields=['question', 'outcome'])

    if not expect(outcome, must_store=all(verdicts.values()), allowed=[k for k, ok in verdicts.items() if not ok]):
        return
    [shown] = [g for g in await groups.groups_of(item.id) if g.id == made[0].id]
    assert (shown.question, shown.outcome) == (trimmed(values['question']), trimmed(values['outcome']))


# --- Mødestyring: the projector's message, extra minutes --------------------------------------------------------

async def running_meeting(db: object) -> Meeting:
    async def start() -> Meeting:
        net = await networks.get(db, f.network)
        meeting = await f.held_meeting(net, NOW.date(), close=False)
        await agenda.add_item(meeting_id=meeting.id, kind=AgendaKind.TALK, title='Oplæg', duration_minutes=30,
                              by=BY, now=NOW)
        await meeting_control.start_meeting(meeting_id=meeting.id, by=BY, now=NOW)
        return meeting
    return await running.get(db, start)


@PROFILE
@nasty_examples('message')
@nasty_numbers('minutes')
@given(bad=changes({'message': bad_text(), 'minutes': bad_int(valid=[1, 5, 60])}))
async def test_steering_a_meeting(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    meeting = await running_meeting(db)
    for field, value in bad.items():
        before = await MeetingControl.get(meeting_id=meeting.id)
        if field == 'message':
            call = functools.partial(meeting_control.set_message, meeting_id=meeting.id, text=value, by=BY, now=NOW)
            must = verdict(Spec(one_line, 200, required=True), value)
        else:
            call = functools.partial(meeting_control.add_minutes, meeting_id=meeting.id, minutes=value, by=BY, now=NOW)
            must = whole(value, 1, 60)
        outcome = await attempt(call, involved=[MeetingControl], fields=[field])
        if not expect(outcome, must_store=must):
            continue
        board = await display.board_view(meeting.id, now=NOW)
        if field == 'message':
            assert board.message == one_line(value)
        else:
            assert board.current is not None
            assert board.current.control.extra_seconds == before.extra_seconds + value * 60
