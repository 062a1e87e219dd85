"""The agenda builder's rules (DESIGN.md §1.3, issue 5 §1): items in order without gaps, times from the meeting's start,
overrun with by how much, copying, validation at the field, only while the meeting is planned or running, an audit
entry for every change, materials checked and stored under random names, and markdown that cannot carry a script."""
import datetime as dt

import pytest

from flnet_ui import events
from flnet_ui.markdown import render_markdown
from flnet_ui.services import agenda, agenda_materials, attendance, meetings
from flnet_ui.services.errors import DomainError
from models import AgendaItem, AgendaKind, AgendaMaterial, AuditEntry, MaterialKind, Meeting
from tests import factories as f
from tests.conftest import NOW

PDF = b'%PDF-1.4 a small test file'
PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation'


async def a_meeting(net, *, start=dt.time(10), end=dt.time(12), day=dt.date(2026, 6, 10), title='Sommertemadag'):
    return await meetings.plan_meeting(network_id=net.id, title=title, date=day, starts_at=start, ends_at=end,
                                       by=f.COORDINATOR, now=NOW)


async def add(meeting, title, minutes=30, kind=AgendaKind.TALK, **more):
    return await agenda.add_item(meeting_id=meeting.id, kind=kind, title=title, duration_minutes=minutes,
                                 by=f.COORDINATOR, now=NOW, **more)


async def titles(meeting):
    return [line.title for line in (await agenda.programme(meeting.id)).lines]


async def test_items_get_times_from_the_meeting_start_in_danish_time_and_overrun_says_by_how_much(db):
    net = await f.network()
    meeting = await a_meeting(net)  # 10.00–12.00 Danish summer time (08.00–10.00 UTC)
    await add(meeting, 'Velkomst', 15, AgendaKind.WELCOME)
    await add(meeting, 'Fjernlån i tal', 45)
    await add(meeting, 'Frokost', 60, AgendaKind.BREAK)

    result = await agenda.programme(meeting.id)

    assert [(line.starts.strftime('%H:%M'), line.ends.strftime('%H:%M')) for line in result.lines] == \
        [('10:00', '10:15'), ('10:15', '11:00'), ('11:00', '12:00')]
    assert [line.position for line in result.lines] == [1, 2, 3]
    assert result.overrun_minutes == 0
    await add(meeting, 'Gruppearbejde', 25, AgendaKind.GROUP_WORK)
    result = await agenda.programme(meeting.id)
    assert result.programme_ends.strftime('%H:%M') == '12:25'
    assert result.overrun_minutes == 25


async def test_the_programmes_of_several_meetings_take_three_queries_and_each_equals_its_own(db):
    """Min side shows a programme under each upcoming meeting: no query per meeting or per item."""
    net = await f.network()
    spring, summer, autumn = [await a_meeting(net, day=day, title=title) for day, title in (
        (dt.date(2026, 4, 15), 'Forår'), (dt.date(2026, 6, 10), 'Sommer'), (dt.date(2026, 10, 7), 'Efterår'))]
    for meeting in (spring, autumn):
        await add(meeting, 'Velkomst', 15, AgendaKind.WELCOME)
        await add(meeting, f'Oplæg om **{meeting.title}**', 45, description='- fjernlån\n- levering')
    with f.counting_queries() as queries:   # the meetings as Min side reads them, then their programmes
        read = await Meeting.filter(id__in=[autumn.id, spring.id, summer.id, 999_999])
        together = await agenda.programmes_of(read)
    assert len(queries) == 3, queries
    assert set(together) == {spring.id, summer.id, autumn.id}  # one that does not exist is left out
    for meeting in (spring, summer, autumn):
        assert together[meeting.id] == await agenda.programme(meeting.id)
    assert [line.title for line in together[autumn.id].lines] == ['Velkomst', 'Oplæg om **Efterår**']
    assert together[summer.id].lines == []
    assert '<li>fjernlån</li>' in together[spring.id].lines[1].description_html
    assert await agenda.programmes_of([]) == {}


async def test_move_keeps_positions_one_to_n_and_delete_closes_the_gap(db):
    net = await f.network()
    meeting = await a_meeting(net)
    items = [await add(meeting, name, 10) for name in ('A', 'B', 'C', 'D')]

    await agenda.move_item(item_id=items[3].id, to_position=1, by=f.COORDINATOR, now=NOW)
    assert await titles(meeting) == ['D', 'A', 'B', 'C']
    await agenda.move_item(item_id=items[3].id, to_position=99, by=f.COORDINATOR, now=NOW)
    assert await titles(meeting) == ['A', 'B', 'C', 'D']
    await agenda.move_item(item_id=items[0].id, to_position=2, by=f.COORDINATOR, now=NOW)
    assert await titles(meeting) == ['B', 'A', 'C', 'D']

    await agenda.delete_item(item_id=items[0].id, by=f.COORDINATOR, now=NOW)
    assert await titles(meeting) == ['B', 'C', 'D']
    positions = await AgendaItem.filter(meeting_id=meeting.id).order_by('position').values_list('position', flat=True)
    assert positions == [1, 2, 3]
    actions = await AuditEntry.filter(subject='agenda').order_by('id').values_list('action', flat=True)
    assert actions == ['add'] * 4 + ['move'] * 3 + ['delete']


async def test_update_changes_the_item_and_is_audited_with_before_and_after(db):
    net = await f.network()
    meeting = await a_meeting(net)
    item = await add(meeting, 'Oplæg', 30)
    await agenda.update_item(item_id=item.id, kind=AgendaKind.EXTERNAL_TALK, title='Nyt fra DBC', duration_minutes=40,
                             presenter_name='Ole Hansen', presenter_org='DBC Digital', description='**Vigtigt**',
                             by=f.COORDINATOR, now=NOW)
    [line] = (await agenda.programme(meeting.id)).lines
    assert (line.kind, line.title, line.duration_minutes, line.presenter) == \
        (AgendaKind.EXTERNAL_TALK, 'Nyt fra DBC', 40, 'Ole Hansen (DBC Digital)')
    assert line.description_html == '<p><strong>Vigtigt</strong></p>'
    entry = await AuditEntry.get(subject='agenda', action='update')
    assert (entry.subject_id, entry.from_value, entry.to_value, entry.actor_name) == \
        (item.id, 'Oplæg', 'Nyt fra DBC', f.COORDINATOR.name)


async def test_a_member_presenter_must_be_an_active_member_of_the_network(db):
    net, other = await f.network(), await f.network()
    meeting = await a_meeting(net)
    anne = await f.member(net, name='Anne Holm', now=NOW)
    stranger = await f.member(other, name='Sigurd Fremmed', now=NOW)
    item = await add(meeting, 'Erfaringer', 20, presenter_id=anne.id, presenter_name='ignored')
    [line] = (await agenda.programme(meeting.id)).lines
    assert (line.presenter, line.presenter_name) == ('Anne Holm', '')
    with pytest.raises(DomainError) as refused:
        await add(meeting, 'Andet', 20, presenter_id=stranger.id)
    assert refused.value.field == 'presenter'
    assert await agenda.presenter_choices(net.id) == {anne.id: 'Anne Holm'}
    assert item.presenter_id == anne.id


@pytest.mark.parametrize(('values', 'field', 'message'), [
    ({'title': '  '}, 'title', 'Skriv en titel.'),
    ({'title': 'x' * 201}, 'title', 'Titlen kan højst være på 200 tegn.'),
    ({'duration_minutes': 0}, 'duration', 'Varigheden skal være fra 1 til 480 minutter.'),
    ({'duration_minutes': 481}, 'duration', 'Varigheden skal være fra 1 til 480 minutter.'),
    ({'description': 'x' * 10_001}, 'description', 'Beskrivelsen kan højst være på 10.000 tegn.'),
    ({'presenter_org': 'DBC'}, 'presenter_name', 'Skriv oplægsholderens navn, eller lad organisationen være tom.'),
    ({'kind': 'karaoke'}, 'kind', 'Vælg en type på listen.'),
])
async def test_validation_names_the_field(db, values, field, message):
    net = await f.network()
    meeting = await a_meeting(net)
    form = {'kind': AgendaKind.TALK, 'title': 'Oplæg', 'duration_minutes': 30, **values}
    with pytest.raises(DomainError) as refused:
        await agenda.add_item(meeting_id=meeting.id, **form, by=f.COORDINATOR, now=NOW)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not await AgendaItem.exists()
    # the limits themselves are allowed
    await agenda.add_item(meeting_id=meeting.id, kind=AgendaKind.TALK, title='x' * 200, duration_minutes=480,
                          description='x' * 10_000, by=f.COORDINATOR, now=NOW)


@pytest.mark.parametrize('how', ['cancelled', 'closed'])
async def test_a_cancelled_or_held_meeting_keeps_its_agenda(db, how):
    net = await f.network()
    meeting = await a_meeting(net, day=dt.date(2026, 3, 4), start=dt.time(0), end=dt.time(1))
    item = await add(meeting, 'Oplæg')
    if how == 'cancelled':
        await meetings.cancel_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=NOW)
    else:
        await attendance.close_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=NOW)
    attempts = [
        add(meeting, 'Nyt'),
        agenda.update_item(item_id=item.id, kind='talk', title='Ændret', duration_minutes=5, by=f.COORDINATOR,
                           now=NOW),
        agenda.delete_item(item_id=item.id, by=f.COORDINATOR, now=NOW),
        agenda.move_item(item_id=item.id, to_position=1, by=f.COORDINATOR, now=NOW),
        agenda_materials.add_link(item_id=item.id, title='', url='https://slks.dk', by=f.COORDINATOR, now=NOW),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError, match='afholdt eller aflyst'):
            await attempt
    assert await titles(meeting) == ['Oplæg']
    assert not await AgendaMaterial.exists()


async def test_copy_into_an_empty_agenda_only_and_without_materials(db):
    net = await f.network()
    earlier = await a_meeting(net, day=dt.date(2025, 10, 1), title='Efterår')
    later = await a_meeting(net, day=dt.date(2026, 10, 1), title='Næste efterår')
    first = await add(earlier, 'Velkomst', 10, AgendaKind.WELCOME)
    await add(earlier, 'Nyt fra leverandører', 50, AgendaKind.SUPPLIER_NEWS, presenter_name='Ole',
              presenter_org='DBC', description='- punkt')
    await agenda_materials.add_link(item_id=first.id, title='Slides', url='https://example.dk/s', by=f.COORDINATOR,
                                    now=NOW)

    assert await agenda.copy_sources(later.id) == [(earlier.id, 'Efterår', dt.date(2025, 10, 1))]
    copied = await agenda.copy_agenda(from_meeting_id=earlier.id, to_meeting_id=later.id, by=f.COORDINATOR, now=NOW)

    assert copied == 2
    lines = (await agenda.programme(later.id)).lines
    assert [(line.title, line.kind, line.duration_minutes, line.presenter, line.description) for line in lines] == [
        ('Velkomst', AgendaKind.WELCOME, 10, '', ''),
        ('Nyt fra leverandører', AgendaKind.SUPPLIER_NEWS, 50, 'Ole (DBC)', '- punkt')]
    assert all(line.materials == [] for line in lines)
    assert len(await titles(earlier)) == 2  # the source is untouched
    with pytest.raises(DomainError, match='kun kopieres til en tom') as refused:
        await agenda.copy_agenda(from_meeting_id=earlier.id, to_meeting_id=later.id, by=f.COORDINATOR, now=NOW)
    assert refused.value.field == 'copy_from'
    assert await AuditEntry.filter(subject='agenda', action='copy').count() == 1
    with pytest.raises(DomainError):
        await agenda.copy_agenda(from_meeting_id=later.id, to_meeting_id=later.id, by=f.COORDINATOR, now=NOW)


async def test_every_change_tells_the_live_pages_of_the_network(db):
    net = await f.network()
    meeting = await a_meeting(net)
    heard: list[int] = []
    events.board.subscribe(heard.append)
    item = await add(meeting, 'A')
    await agenda.move_item(item_id=item.id, to_position=1, by=f.COORDINATOR, now=NOW)
    await agenda_materials.add_link(item_id=item.id, title='', url='https://slks.dk', by=f.COORDINATOR, now=NOW)
    await agenda.delete_item(item_id=item.id, by=f.COORDINATOR, now=NOW)
    # Event.emit runs the subscribers as tasks: give them a turn
    import asyncio
    await asyncio.sleep(0.05)
    assert heard == [net.id] * 4


async def test_a_file_is_stored_under_a_random_name_and_removed_with_its_item(db):
    net = await f.network()
    meeting = await a_meeting(net)
    item = await add(meeting, 'Oplæg')
    material = await agenda_materials.add_file(item_id=item.id, title='', filename='../../etc/Slides æøå.pdf',
                                               content_type='application/pdf', data=PDF, by=f.COORDINATOR, now=NOW)
    assert material.original_name == 'Slides æøå.pdf' and material.title == 'Slides æøå.pdf'
    assert len(material.stored_name) == 32 and int(material.stored_name, 16) >= 0
    found = await agenda_materials.stored_file(material.id)
    assert found is not None and found.path.read_bytes() == PDF and found.content_type == 'application/pdf'
    assert found.path.parent == agenda_materials.materials_dir()
    [view] = (await agenda.programme(meeting.id)).lines[0].materials
    assert (view.kind, view.url) == (MaterialKind.FILE, f'/materialer/{material.id}')

    await agenda.delete_item(item_id=item.id, by=f.COORDINATOR, now=NOW)
    assert not found.path.exists()
    assert await agenda_materials.stored_file(material.id) is None


async def test_deleting_a_material_removes_its_file(db):
    net = await f.network()
    meeting = await a_meeting(net)
    item = await add(meeting, 'Oplæg')
    material = await agenda_materials.add_file(item_id=item.id, title='Program', filename='program.txt',
                                               content_type='text/plain', data=b'Dagens program',
                                               by=f.COORDINATOR, now=NOW)
    path = agenda_materials.materials_dir() / material.stored_name
    assert path.exists()
    await agenda_materials.delete_material(material_id=material.id, by=f.COORDINATOR, now=NOW)
    assert not path.exists() and not await AgendaMaterial.exists()
    assert await AuditEntry.filter(subject='agenda', action__in=['add_file', 'delete_material']).count() == 2


@pytest.mark.parametrize(('filename', 'content_type', 'data'), [
    ('side.html', 'text/html', b'<script>alert(1)</script>'),       # not an allowed type
    ('slides.pdf', 'text/html', PDF),                               # the browser says something else
    ('slides.pdf', 'application/pdf', b'<html>not a pdf</html>'),   # the content is not what the name says
    ('slides.pptx', PPTX, PDF),
    ('noter.txt', 'text/plain', b'\x00\x01binary'),
    ('billede.png', 'image/png', b''),                              # empty
    ('stor.pdf', 'application/pdf', b'%PDF' + b'0' * (20 * 1024 * 1024)),  # over 20 MB
])
async def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(db, filename, content_type, data):
    net = await f.network()
    meeting = await a_meeting(net)
    item = await add(meeting, 'Oplæg')
    with pytest.raises(DomainError) as refused:
        await agenda_materials.add_file(item_id=item.id, title='', filename=filename, content_type=content_type,
                                        data=data, by=f.COORDINATOR, now=NOW)
    assert refused.value.field == 'file'
    assert not await AgendaMaterial.exists()
    folder = agenda_materials.materials_dir()
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize('url', ['javascript:alert(1)', 'ftp://example.dk/x', 'example.dk', 'data:text/html,x'])
async def test_only_http_links(db, url):
    net = await f.network()
    meeting = await a_meeting(net)
    item = await add(meeting, 'Oplæg')
    with pytest.raises(DomainError) as refused:
        await agenda_materials.add_link(item_id=item.id, title='x', url=url, by=f.COORDINATOR, now=NOW)
    assert refused.value.field == 'url'


def test_markdown_keeps_lists_bold_and_links_and_drops_scripts_handlers_and_javascript_links():
    text = ('Dagens **emner**:\n\n- fjernlån\n- [SLKS](https://slks.dk)\n\n'
            '<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n'
            '[klik](javascript:alert(2)) <a href="javascript:alert(3)">her</a> <b style="color:red">fed</b>')
    html = render_markdown(text)
    assert '<strong>emner</strong>' in html
    assert '<li>fjernlån</li>' in html
    assert '<a href="https://slks.dk" rel="noopener noreferrer">SLKS</a>' in html
    lowered = html.lower()
    for bad in ('<script', 'alert', 'onerror', 'javascript:', '<img', 'style='):
        assert bad not in lowered, bad
    assert render_markdown('') == ''


def test_markdown_pictures_become_links_to_them_and_are_never_loaded():
    """A picture from another site would tell it who opened the programme (and the page's policy refuses it): it is a
    link to the picture instead, named by its alt text, so the coordinator's picture does not vanish without a word."""
    html = render_markdown('Kort: ![Lokale 2](https://kort.example.dk/l2.png)\n\n'
                           '<img src="http://foto.example.dk/a.jpg">\n\n'
                           '[![Logo](https://kort.example.dk/logo.png)](https://slks.dk) '
                           '<img src="lokalt.png" alt="uden adresse"> <img src="javascript:alert(1)" alt="skidt">')
    assert '<img' not in html
    assert '<a href="https://kort.example.dk/l2.png" rel="noopener noreferrer">Lokale 2</a>' in html
    assert '<a href="http://foto.example.dk/a.jpg" rel="noopener noreferrer">http://foto.example.dk/a.jpg</a>' in html
    assert '<a href="https://slks.dk" rel="noopener noreferrer">Logo</a>' in html   # links do not nest
    assert 'uden adresse' in html and 'lokalt.png' not in html
    assert 'skidt' in html and 'javascript' not in html


async def test_two_coordinators_adding_and_moving_at_once_keep_positions_one_to_n(db):
    """Simultaneous adds and moves take turns under the network's lock, on SQLite and PostgreSQL: no position is given
    twice, none is skipped, nothing fails."""
    import asyncio
    net = await f.network()
    meeting = await a_meeting(net)
    await asyncio.gather(*(add(meeting, f'Punkt {n}') for n in range(6)))
    items = await AgendaItem.filter(meeting_id=meeting.id).order_by('position')
    assert [item.position for item in items] == [1, 2, 3, 4, 5, 6]
    await asyncio.gather(*(agenda.move_item(item_id=item.id, to_position=1, by=f.COORDINATOR, now=NOW)
                           for item in items))
    assert sorted(await AgendaItem.filter(meeting_id=meeting.id).values_list('position', flat=True)) == [1, 2, 3, 4,
                                                                                                        5, 6]


async def test_a_single_item_of_its_kind_is_added_once_even_from_two_tabs_at_once(db):
    """The "Opfølgning" button adds with `single=True`: two clicks at the same moment give one item and one Danish
    refusal at the kind field; an ordinary add of the same kind is still allowed."""
    import asyncio
    net = await f.network()
    meeting = await a_meeting(net)
    results = await asyncio.gather(*(add(meeting, 'Opfølgning', kind=AgendaKind.FOLLOW_UP, single=True)
                                     for _ in range(3)), return_exceptions=True)
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 2 and len(results) - len(refused) == 1
    assert (refused[0].field, refused[0].message) == (
        'kind', 'Dagsordenen har allerede et punkt af typen «opfølgning».')
    assert await titles(meeting) == ['Opfølgning']
    await add(meeting, 'Opfølgning på DBC-projektet', kind=AgendaKind.FOLLOW_UP)   # by hand, not `single`
    assert len(await titles(meeting)) == 2
