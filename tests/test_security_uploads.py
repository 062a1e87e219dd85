"""Uploaded agenda materials cannot escape their folder or be served as a page (issue 7 §3.3). What
tests/test_agenda_service.py and tests/test_pages_agenda.py already show (random stored names, `../../etc/x.pdf`
kept as its base name, HTML and lying PDFs refused, attachments with nosniff) is not repeated here; this adds the
names and types they leave out, HTML inside an allowed text file, header-breaking names, and material ids on the
download route that are not plain numbers."""
from __future__ import annotations

import datetime as dt

import pytest
from nicegui.testing import User

from flnet_ui import i18n
from flnet_ui.services import agenda, agenda_materials, meetings, networks
from flnet_ui.services.errors import DomainError
from models import AgendaItem, AgendaKind, AgendaMaterial
from tests import factories as f
from tests.login import member_login

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b'<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'
PDF = b'%PDF-1.4 slides'


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def an_item() -> AgendaItem:
    network = await networks.default_network()
    meeting = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag',
                                          date=i18n.today(now()) + dt.timedelta(days=30), starts_at=dt.time(10),
                                          ends_at=dt.time(12), by=f.COORDINATOR, now=now())
    return await agenda.add_item(meeting_id=meeting.id, kind=AgendaKind.TALK, title='Oplæg', duration_minutes=30,
                                 by=f.COORDINATOR, now=now())


async def upload(item: AgendaItem, filename: str, content_type: str, data: bytes) -> AgendaMaterial:
    return await agenda_materials.add_file(item_id=item.id, title='', filename=filename, content_type=content_type,
                                           data=data, by=f.COORDINATOR, now=now())


def stored_files() -> list[str]:
    folder = agenda_materials.materials_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(('filename', 'content_type', 'data'), [
    ('../../x.html', 'text/html', HTML),
    ('../../x.html', 'application/pdf', PDF),          # a PDF's type and bytes do not make an .html name safe
    ('x.html', 'text/plain', b'plain words'),
    ('x.htm', 'text/html', HTML),
    ('x.svg', 'image/svg+xml', SVG),
    ('x.svg', 'image/png', b'\x89PNG\r\n\x1a\n' + SVG),  # PNG's first bytes in front of an SVG
    ('x.pdf', 'application/pdf', HTML),                  # a "PDF" whose bytes are HTML
    ('x.pdf', 'application/pdf', b' %PDF' + HTML),       # ...that hides the marker behind a space
    ('x.png', 'image/png', SVG),
    ('x.txt', 'text/html', HTML),                        # the browser says HTML
    ('x.pdf.html', 'application/pdf', PDF),
    ('x', 'application/pdf', PDF),                       # no extension
    ('.pdf', 'application/pdf', PDF),                    # a name that is only an extension has none
])
async def test_names_and_bytes_that_could_become_a_page_are_refused(user: User, filename: str, content_type: str,
                                                                    data: bytes) -> None:
    item = await an_item()
    with pytest.raises(DomainError) as refused:
        await upload(item, filename, content_type, data)
    assert refused.value.field == 'file'
    assert not await AgendaMaterial.exists()
    assert stored_files() == []


@pytest.mark.parametrize('filename', ['../../x.pdf', '..\\..\\x.pdf', '/etc/x.pdf', 'C:\\Windows\\x.pdf',
                                      'materials/../../x.pdf'])
async def test_a_path_in_the_name_never_reaches_the_disk(user: User, filename: str) -> None:
    item = await an_item()
    material = await upload(item, filename, 'application/pdf', PDF)
    assert material.original_name == 'x.pdf'
    assert stored_files() == [material.stored_name]
    assert material.stored_name.isalnum() and len(material.stored_name) == 32
    data_dir = agenda_materials.materials_dir().parent
    assert sorted(p.name for p in data_dir.rglob('x.pdf')) == []


async def test_html_in_an_allowed_text_file_downloads_as_plain_text_never_as_a_page(user: User) -> None:
    item = await an_item()
    material = await upload(item, 'noter.txt', 'text/plain', HTML)  # valid UTF-8 text, so it is allowed
    await member_login(user)
    response = await user.http_client.get(f'/materialer/{material.id}')
    assert response.status_code == 200 and response.content == HTML
    assert response.headers['content-type'] == 'text/plain; charset=utf-8'
    assert response.headers['content-disposition'] == 'attachment; filename="noter.txt"'
    assert response.headers['x-content-type-options'] == 'nosniff'
    assert response.headers['content-security-policy'].startswith("default-src 'none'; sandbox")


async def test_a_name_with_quotes_and_line_breaks_cannot_add_headers(user: User) -> None:
    item = await an_item()
    material = await upload(item, 'a".pdf\r\nSet-Cookie: x=1\r\n.pdf', 'application/pdf', PDF)
    await member_login(user)
    response = await user.http_client.get(f'/materialer/{material.id}')
    assert response.status_code == 200
    disposition = response.headers['content-disposition']
    assert disposition.startswith('attachment;') and '\r' not in disposition and '\n' not in disposition
    assert '"' not in disposition.removeprefix('attachment; filename="').removesuffix('"')
    assert 'x=1' not in response.headers.get('set-cookie', '')


@pytest.mark.parametrize('material_id', [
    '..%2F..%2Fetc%2Fpasswd', '%2E%2E', '1%2F..%2F..%2Fflnet.sqlite3', '-1', '0x1', '1.0', '1e3', '+1', ' 1',
    '%C2%B2',             # '²': str.isdigit() says yes, int() says no
    '%D9%A1',             # Arabic-Indic one: not a plain number
    '9' * 30,             # beyond any database integer
    '2147483648',         # beyond PostgreSQL's integer
])
async def test_a_material_id_that_is_not_a_plain_number_finds_nothing(user: User, material_id: str) -> None:
    item = await an_item()
    await upload(item, 'slides.pdf', 'application/pdf', PDF)
    (agenda_materials.materials_dir().parent / 'passwd').write_text('root:x:0:0')
    await member_login(user)
    response = await user.http_client.get(f'/materialer/{material_id}', follow_redirects=False)
    assert response.status_code == 404, response.text
    assert PDF not in response.content and b'root:x' not in response.content
