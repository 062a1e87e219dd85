"""The agenda builder page (/moeder/{id}/dagsorden) and the material downloads, in the simulated browser: the
coordinator builds, reorders and deletes; members see the programme on Min side; files are served as attachments to
anyone logged in and to no visitor."""
from __future__ import annotations

import asyncio
import datetime as dt

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from flnet_ui import i18n
from flnet_ui.services import agenda, agenda_materials, meetings, networks
from models import AgendaItem, AgendaKind, AgendaMaterial, Meeting
from tests import factories as f
from tests.login import coordinator_login, member_login

PDF = b'%PDF-1.4 slides'


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def a_meeting(title: str = 'Forårets temadag', days: int = 30) -> Meeting:
    network = await networks.default_network()
    return await meetings.plan_meeting(network_id=network.id, title=title, date=i18n.today(now())
                                       + dt.timedelta(days=days), starts_at=dt.time(10), ends_at=dt.time(11),
                                       by=f.COORDINATOR, now=now())


async def item(meeting: Meeting, title: str, minutes: int = 30, **more: object) -> AgendaItem:
    return await agenda.add_item(meeting_id=meeting.id, kind=more.pop('kind', AgendaKind.TALK), title=title,
                                 duration_minutes=minutes, by=f.COORDINATOR, now=now(), **more)  # type: ignore[arg-type]


async def order(meeting: Meeting) -> list[str]:
    return list(await AgendaItem.filter(meeting_id=meeting.id).order_by('position').values_list('title', flat=True))


async def open_dialog(user: User, button: str) -> None:
    """Click and wait until the dialog is open and filled (the handler awaits the presenters first)."""
    dialog = next(iter(user.find(marker='item-dialog').elements)).parent_slot.parent  # the card's dialog
    user.find(marker=button).click()
    for _attempt in range(50):
        if dialog.value:
            return
        await asyncio.sleep(0.02)
    raise AssertionError('the item dialog did not open')


async def test_the_coordinator_builds_reorders_and_deletes(user: User) -> None:
    meeting = await a_meeting()
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting.id}')
    user.find(marker='to-agenda').click()
    await user.should_see('Dagsorden: Forårets temadag')
    await user.should_see(marker='empty')

    for title, minutes, times in (('Velkomst og præsentation', '15', '10.00–10.15'),
                                  ('Fjernlån i tal', '50', '10.15–11.05')):
        await open_dialog(user, 'add-item')
        await user.should_see(marker='item-heading', content='Tilføj punkt')
        user.find(marker='item-title').type(title)
        user.find(marker='item-duration').clear().type(minutes)
        user.find(marker='item-save').click()
        await user.should_see(times)  # the saved item's times in the programme (the title is also in the input)
    first, second = await AgendaItem.filter(meeting_id=meeting.id).order_by('position')
    await user.should_see('Programmet slutter 5 min. efter mødets sluttidspunkt.')

    user.find(marker=f'down-{first.id}').click()
    await user.should_see(marker=f'time-{second.id}', content='10.00–10.50')
    assert await order(meeting) == ['Fjernlån i tal', 'Velkomst og præsentation']
    up = user.find(marker=f'up-{first.id}').elements.pop()
    assert up.props['aria-label'] == 'Flyt op'
    assert user.find(marker=f'down-{first.id}').elements.pop().props['aria-label'] == 'Flyt ned'

    user.find(marker=f'item-{second.id}').trigger('dragstart')   # the mouse: drag the second onto the first
    user.find(marker=f'item-{first.id}').trigger('drop')
    await user.should_see(marker=f'time-{first.id}', content='10.00–10.15')
    assert await order(meeting) == ['Velkomst og præsentation', 'Fjernlån i tal']
    user.find(marker=f'item-{first.id}').trigger('dragstart')
    user.find(marker=f'item-{second.id}').trigger('drop')
    await user.should_see(marker=f'time-{second.id}', content='10.00–10.50')
    assert await order(meeting) == ['Fjernlån i tal', 'Velkomst og præsentation']

    user.find(marker=f'delete-{second.id}').click()
    await user.should_see('Punktet Fjernlån i tal slettes med sine materialer.')
    user.find(marker='delete-confirm').click()
    await user.should_see('Punktet er slettet.')
    assert await order(meeting) == ['Velkomst og præsentation']
    await user.should_not_see('Programmet slutter 5 min.')


async def test_validation_is_shown_at_the_field(user: User) -> None:
    meeting = await a_meeting()
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting.id}/dagsorden')
    await open_dialog(user, 'add-item')
    user.find(marker='item-duration').clear().type('600')
    user.find(marker='item-title').type('For langt')
    user.find(marker='item-save').click()
    await user.should_see('Varigheden skal være fra 1 til 480 minutter.')
    assert not await AgendaItem.exists()


async def test_copy_an_earlier_agenda_into_an_empty_one(user: User) -> None:
    earlier = await a_meeting('Efterårets temadag', days=-100)
    await item(earlier, 'Nyt fra leverandører', 20, kind=AgendaKind.SUPPLIER_NEWS)
    meeting = await a_meeting()
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting.id}/dagsorden')
    user.find(marker='copy-from').elements.pop().value = earlier.id
    user.find(marker='copy').click()
    await user.should_see('1 punkt er kopieret.')
    assert await order(meeting) == ['Nyt fra leverandører']
    await user.should_not_see(marker='copy-section')


async def test_a_member_is_refused_the_builder_and_a_visitor_is_sent_to_log_in(user: User) -> None:
    meeting = await a_meeting()
    await user.open(f'/moeder/{meeting.id}/dagsorden')
    await user.should_see(marker='password')
    await member_login(user)
    await user.open(f'/moeder/{meeting.id}/dagsorden')
    await user.should_see(marker='no-access')
    await user.should_not_see('Tilføj punkt')


async def test_upload_a_file_and_it_downloads_as_an_attachment(user: User) -> None:
    meeting = await a_meeting()
    talk = await item(meeting, 'Oplæg om statistik')
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting.id}/dagsorden')
    user.find(marker=f'materials-{talk.id}').click()
    await user.should_see('Materialer til Oplæg om statistik')
    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([SmallFileUpload('Slides <b>æøå «».pdf', 'application/pdf', PDF)])
    await user.should_see('Filen Slides <b>æøå «».pdf er uploadet.')
    material = await AgendaMaterial.get(item_id=talk.id)
    await user.should_see(marker=f'material-{material.id}')

    response = await user.http_client.get(f'/materialer/{material.id}')
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers['content-type'] == 'application/pdf'
    assert response.headers['content-disposition'].startswith('attachment;')
    assert 'Slides' in response.headers['content-disposition']
    assert response.headers['x-content-type-options'] == 'nosniff'

    await upload.handle_uploads([SmallFileUpload('side.html', 'text/html', b'<script>alert(1)</script>')])
    await user.should_see('Kun PDF, PowerPoint (pptx), Word (docx), Excel (xlsx), PNG, JPG og tekstfiler kan uploades.')
    assert await AgendaMaterial.filter(item_id=talk.id).count() == 1


async def test_add_and_delete_a_link(user: User) -> None:
    meeting = await a_meeting()
    talk = await item(meeting, 'Oplæg')
    await coordinator_login(user)
    await user.open(f'/moeder/{meeting.id}/dagsorden')
    user.find(marker=f'materials-{talk.id}').click()
    user.find(marker='link-url').type('javascript:alert(1)')
    user.find(marker='add-link').click()
    await user.should_see('Skriv en webadresse, der begynder med https:// eller http://.')
    user.find(marker='link-url').clear().type('https://slks.dk/fjernlaan')
    user.find(marker='link-title').type('SLKS om fjernlån')
    user.find(marker='add-link').click()
    await user.should_see('Linket er tilføjet.')
    material = await AgendaMaterial.get(item_id=talk.id)
    user.find(marker='material-close').click()
    user.find(marker=f'delete-material-{material.id}').click()
    user.find(marker='delete-confirm').click()
    await user.should_see('Materialet er slettet.')
    assert not await AgendaMaterial.exists()


async def test_a_member_sees_the_programme_on_my_page_and_may_download_the_files(user: User) -> None:
    meeting = await a_meeting()
    network = await networks.default_network()
    anne = await f.member(network, name='Anne Holm', now=now())
    talk = await item(meeting, 'Lånestatistik', 45, presenter_id=anne.id, description='Se **tallene** her')
    await item(meeting, 'Ekstern gæst', 15, kind=AgendaKind.EXTERNAL_TALK, presenter_name='Ole Hansen',
               presenter_org='DBC Digital')
    material = await agenda_materials.add_file(item_id=talk.id, title='Slides', filename='slides.pdf',
                                               content_type='application/pdf', data=PDF, by=f.COORDINATOR,
                                               now=now())
    await member_login(user)
    await user.open('/min-side')
    await user.should_see(marker=f'programme-{meeting.id}')
    await user.should_see('10.00–10.45 · Oplæg')
    await user.should_see('Lånestatistik')
    await user.should_see('Ved Anne Holm')
    await user.should_see('Ved Ole Hansen (DBC Digital)')
    await user.should_see('10.45–11.00 · Eksternt indlæg')
    await user.should_see(marker=f'material-{material.id}')
    response = await user.http_client.get(f'/materialer/{material.id}')
    assert response.status_code == 200 and response.content == PDF


async def test_a_visitor_may_not_download_a_material(user: User) -> None:
    meeting = await a_meeting()
    talk = await item(meeting, 'Oplæg')
    material = await agenda_materials.add_file(item_id=talk.id, title='', filename='noter.txt',
                                               content_type='text/plain', data=b'hemmelige noter', by=f.COORDINATOR,
                                               now=now())
    response = await user.http_client.get(f'/materialer/{material.id}', follow_redirects=False)
    assert response.status_code == 403
    assert b'hemmelige' not in response.content
    assert (await user.http_client.get('/materialer/999999')).status_code == 403
