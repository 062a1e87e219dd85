"""Materials of an agenda item: links (http/https only) and uploaded files.

Files are checked three ways (extension, the browser's content type, the first bytes), limited to 20 MB, and stored
under a random name in `<data dir>/materials/`: the uploaded name is kept only for the download, never used as a
path. They are served as attachments with the content type from our own table (never inline HTML).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import urlsplit

from flnet_ui import config, events
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _
from models import AgendaItem, AgendaMaterial, MaterialKind, MeetingStatus

from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text, has_unstorable

MAX_BYTES = 20 * 1024 * 1024
# extension → (the type we serve, the types a browser may send for it, how the file starts)
TYPES: dict[str, tuple[str, set[str], tuple[bytes, ...]]] = {
    '.pdf': ('application/pdf', {'application/pdf'}, (b'%PDF',)),
    '.pptx': ('application/vnd.openxmlformats-officedocument.presentationml.presentation',
              {'application/vnd.openxmlformats-officedocument.presentationml.presentation'}, (b'PK\x03\x04',)),
    '.docx': ('application/vnd.openxmlformats-officedocument.wordprocessingml.document',
              {'application/vnd.openxmlformats-officedocument.wordprocessingml.document'}, (b'PK\x03\x04',)),
    '.xlsx': ('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              {'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}, (b'PK\x03\x04',)),
    '.png': ('image/png', {'image/png'}, (b'\x89PNG\r\n\x1a\n',)),
    '.jpg': ('image/jpeg', {'image/jpeg', 'image/pjpeg'}, (b'\xff\xd8\xff',)),
    '.jpeg': ('image/jpeg', {'image/jpeg', 'image/pjpeg'}, (b'\xff\xd8\xff',)),
    '.txt': ('text/plain; charset=utf-8', {'text/plain'}, ()),
}
ACCEPT = ','.join(TYPES)  # for the upload element's accept attribute


@dataclass(frozen=True)
class MaterialView:
    material_id: int
    kind: MaterialKind
    title: str
    url: str  # the link, or the download route for a file
    size: int


@dataclass(frozen=True)
class StoredFile:
    path: Path
    filename: str
    content_type: str


def materials_dir() -> Path:
    return config.load().data_dir / 'materials'


async def material_views(item_ids: list[int]) -> dict[int, list[MaterialView]]:
    found: dict[int, list[MaterialView]] = {}
    if not item_ids:
        return found   # no query: Tortoise would send one with an empty IN
    for m in await AgendaMaterial.filter(item_id__in=item_ids).order_by('created_at', 'id'):
        url = m.url if m.kind == MaterialKind.LINK else f'/materialer/{m.id}'
        found.setdefault(m.item_id, []).append(MaterialView(m.id, MaterialKind(m.kind), m.title, url, m.size))
    return found


async def add_link(*, item_id: int, title: str, url: str, by: Actor, now: dt.datetime) -> AgendaMaterial:
    url = (url or '').strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed address ('http://[::1')
        parts = urlsplit('')
    if parts.scheme not in ('http', 'https') or not parts.netloc or len(url) > 1000 or has_unstorable(url):
        raise DomainError(_('Write a web address that starts with https:// or http://.'), field='url')
    title = _title(title, fallback=parts.netloc)
    item = await _item(item_id)
    async with seat_lock(item.meeting.network_id):
        await _editable(item)
        material = await AgendaMaterial.create(item_id=item.id, kind=MaterialKind.LINK, title=title, url=url,
                                               created_at=now)
        await log(by=by, now=now, subject='agenda', subject_id=item.id, network_id=item.meeting.network_id,
                  action='add_link', to_value=url[:200])
    events.board.emit(item.meeting.network_id)
    return material


async def add_file(*, item_id: int, title: str, filename: str, content_type: str, data: bytes, by: Actor,
                   now: dt.datetime) -> AgendaMaterial:
    served_type = check_file(filename=filename, content_type=content_type, data=data)
    original = PurePath(filename.replace('\\', '/')).name[:255]
    title = _title(title, fallback=original)
    item = await _item(item_id)
    folder = materials_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    path = folder / stored_name
    await asyncio.to_thread(path.write_bytes, data)  # before the transaction: nothing slow under the lock
    try:
        async with seat_lock(item.meeting.network_id):
            await _editable(item)
            material = await AgendaMaterial.create(item_id=item.id, kind=MaterialKind.FILE, title=title,
                                                   stored_name=stored_name, original_name=original,
                                                   content_type=served_type, size=len(data), created_at=now)
            await log(by=by, now=now, subject='agenda', subject_id=item.id, network_id=item.meeting.network_id,
                      action='add_file', to_value=original)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    events.board.emit(item.meeting.network_id)
    return material


def check_file(*, filename: str, content_type: str, data: bytes) -> str:
    """The content type to serve the file with, or a DomainError saying what is wrong with it."""
    if len(data) > MAX_BYTES:
        raise DomainError(_('The file is too large: at most 20 MB.'), field='file')
    if not data:
        raise DomainError(_('The file is empty.'), field='file')
    extension = PurePath((filename or '').lower()).suffix
    known = TYPES.get(extension)
    declared = (content_type or '').split(';', 1)[0].strip().lower()
    refused = DomainError(_('Only PDF, PowerPoint (pptx), Word (docx), Excel (xlsx), PNG, JPG and text files can be '
                            'uploaded.'), field='file')
    if known is None or declared not in known[1]:
        raise refused
    served, _declared, signatures = known
    if signatures and not data.startswith(signatures):
        raise refused
    if not signatures and (b'\x00' in data or not _is_utf8(data)):
        raise refused
    return served


async def delete_material(*, material_id: int, by: Actor, now: dt.datetime) -> None:
    material = await AgendaMaterial.get_or_none(id=material_id).select_related('item__meeting')
    if material is None:
        raise DomainError(_('The material does not exist any more.'))
    item = material.item
    async with seat_lock(item.meeting.network_id):
        await _editable(item)
        await material.delete()
        await log(by=by, now=now, subject='agenda', subject_id=item.id, network_id=item.meeting.network_id,
                  action='delete_material', from_value=material.original_name or material.url)
    remove_files([material.stored_name] if material.stored_name else [])
    events.board.emit(item.meeting.network_id)


async def stored_file(material_id: int) -> StoredFile | None:
    """The file behind a download link, or None (no such file material, or the file is gone)."""
    material = await AgendaMaterial.get_or_none(id=material_id, kind=MaterialKind.FILE)
    if material is None or not material.stored_name:
        return None
    path = materials_dir() / material.stored_name
    if not path.is_file():
        return None
    return StoredFile(path, material.original_name or 'materiale', material.content_type or 'application/octet-stream')


def remove_files(stored_names: list[str]) -> None:
    folder = materials_dir()
    for name in stored_names:
        if name and name.isalnum():  # our own random hex names only: never a path
            (folder / name).unlink(missing_ok=True)


def _title(title: str, *, fallback: str) -> str:
    title = ' '.join(clean_text(title).split()) or fallback[:200]  # no title written: never refused for its length
    if len(title) > 200:
        raise DomainError(_('The title can be at most 200 characters.'), field='material_title')
    return title


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode('utf-8')
    except UnicodeDecodeError:
        return False
    return True


async def _item(item_id: int) -> AgendaItem:
    item = await AgendaItem.get_or_none(id=item_id).select_related('meeting')
    if item is None:
        raise DomainError(_('The agenda item does not exist any more.'))
    return item


async def _editable(item: AgendaItem) -> None:
    await item.meeting.refresh_from_db(fields=['status'])
    if item.meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.RUNNING):
        raise DomainError(_('The agenda of a held or cancelled meeting cannot be changed.'))
    if not await AgendaItem.exists(id=item.id):
        raise DomainError(_('The agenda item does not exist any more.'))
