"""Approving and reopening minutes, and the approved versions (DESIGN.md §1.4).

Approving locks the minutes and keeps the whole document as it was, as JSON: meeting, referent, attendance lists,
every item with notes, decisions, group outcomes and action items. That snapshot is the version: the archive, the
e-mail and any later download show it, never the live rows, so a version's PDF can be built again at any time.
Reopening (with a reason, logged) makes the minutes a draft again; the next approval is the next version, and the old
ones stay viewable.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flnet_ui import events, i18n
from flnet_ui.db import seat_lock
from flnet_ui.i18n import N_, _
from flnet_ui.labels import AGENDA_KIND
from flnet_ui.pdf import Action, ItemMinutes, MinutesDocument, minutes_pdf
from models import ActionStatus, AgendaKind, MeetingStatus, Minutes, MinutesStatus, MinutesVersion

from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text
from .minutes import ActionView, MinutesView, group_label, minutes_view
from .minutes_rules import meeting_or_error
from .notices_meetings import minutes_file_name

SNAPSHOT_FORMAT = 1
PDF_LANGUAGE = 'da'   # the minutes are the network's Danish record, whoever downloads them
# NOTE: the Danish words of the two statuses; the pages may show them through these too.
MINUTES_STATUS = {MinutesStatus.DRAFT: N_('draft'), MinutesStatus.APPROVED: N_('approved'),
                  MinutesStatus.DISTRIBUTED: N_('distributed')}
ACTION_STATUS = {ActionStatus.OPEN: N_('open'), ActionStatus.DONE: N_('done')}
MEETING_ACTIONS = N_('Action items for the meeting as a whole')


@dataclass(frozen=True)
class VersionView:
    number: int
    approved_at: dt.datetime
    approved_by: str


async def approve(*, meeting_id: int, by: Actor, now: dt.datetime) -> int:
    """Approve the draft: it is locked and kept as the next version. Returns the version's number."""
    network_id = (await meeting_or_error(meeting_id)).network_id
    async with seat_lock(network_id):
        meeting = await meeting_or_error(meeting_id)
        if meeting.status != MeetingStatus.CLOSED:
            raise DomainError(_('Close the meeting before approving the minutes: the attendance lists must be final.'))
        minutes = await Minutes.get_or_none(meeting_id=meeting.id)
        if minutes is not None and minutes.status != MinutesStatus.DRAFT:
            raise DomainError(_('The minutes are already approved.'))
        if minutes is None or not minutes.referent:
            raise DomainError(_('Write who took the minutes (the referent) before approving them.'), field='referent')
        minutes.version, minutes.status, minutes.updated_at = minutes.version + 1, MinutesStatus.APPROVED, now
        document = snapshot(await minutes_view(meeting.id), number=minutes.version, approved_at=now,
                            approved_by=by.name)
        await MinutesVersion.create(minutes_id=minutes.id, number=minutes.version, approved_at=now,
                                    approved_by=by.name, document=json.dumps(document, ensure_ascii=False))
        await minutes.save(update_fields=['version', 'status', 'updated_at'])
        await log(by=by, now=now, subject='minutes', subject_id=meeting.id, network_id=network_id, action='approve',
                  from_value=MinutesStatus.DRAFT, to_value=MinutesStatus.APPROVED,
                  reason=_('version {number}').format(number=minutes.version))
    events.minutes.emit(network_id)
    return minutes.version


async def reopen(*, meeting_id: int, reason: str, by: Actor, now: dt.datetime) -> None:
    """Make approved (or distributed) minutes a draft again to correct them. The kept versions stay."""
    reason = clean_text(reason).strip()
    if not reason:
        raise DomainError(_('Write why the minutes are reopened.'), field='reason')
    network_id = (await meeting_or_error(meeting_id)).network_id
    async with seat_lock(network_id):
        minutes = await Minutes.get_or_none(meeting_id=meeting_id)
        if minutes is None or minutes.status == MinutesStatus.DRAFT:
            raise DomainError(_('Only approved minutes can be reopened.'))
        before, minutes.status, minutes.updated_at = minutes.status, MinutesStatus.DRAFT, now
        await minutes.save(update_fields=['status', 'updated_at'])
        await log(by=by, now=now, subject='minutes', subject_id=meeting_id, network_id=network_id, action='reopen',
                  from_value=before, to_value=MinutesStatus.DRAFT, reason=reason)
    events.minutes.emit(network_id)


async def versions(meeting_id: int) -> list[VersionView]:
    """The approved versions of the meeting's minutes, the newest first."""
    rows = await MinutesVersion.filter(minutes__meeting_id=meeting_id).order_by('-number')
    return [VersionView(v.number, v.approved_at, v.approved_by) for v in rows]


async def version_snapshot(meeting_id: int, number: int) -> dict[str, Any]:
    row = await MinutesVersion.get_or_none(minutes__meeting_id=meeting_id, number=number)
    if row is None:
        raise DomainError(_('That version of the minutes does not exist.'))
    loaded: dict[str, Any] = json.loads(row.document)
    return loaded


async def version_document(meeting_id: int, number: int, *, now: dt.datetime | None = None) -> MinutesDocument:
    """The PDF's document of a kept version; `now` is printed as the time of generation."""
    data = await version_snapshot(meeting_id, number)
    return document_from_snapshot(data, generated_at=now or dt.datetime.now(dt.UTC))


async def draft_document(meeting_id: int, *, now: dt.datetime) -> MinutesDocument:
    """The minutes as they stand now (a draft's preview), in the same form as a version."""
    view = await minutes_view(meeting_id)
    return document_from_snapshot(snapshot(view, number=None, approved_at=None, approved_by=''), generated_at=now)


async def version_pdf(meeting_id: int, number: int, *, now: dt.datetime | None = None) -> tuple[str, bytes]:
    """The PDF of a kept version and its file name (referat-YYYY-MM-DD-<slug>.pdf), built off the event loop."""
    meeting = await meeting_or_error(meeting_id)
    document = await version_document(meeting_id, number, now=now)
    return minutes_file_name(meeting), await asyncio.to_thread(minutes_pdf, document)


def snapshot(view: MinutesView, *, number: int | None, approved_at: dt.datetime | None,
             approved_by: str) -> dict[str, Any]:
    """The whole document as plain JSON values: what the PDF and the archive need, and nothing translated."""
    def actions(found: list[ActionView]) -> list[dict[str, Any]]:
        return [{'what': a.what, 'responsible': a.responsible, 'status': a.status,
                 'deadline': a.deadline.isoformat() if a.deadline else None} for a in found]
    return {
        'format': SNAPSHOT_FORMAT, 'version': number, 'approved_at': approved_at.isoformat() if approved_at else None,
        'approved_by': approved_by, 'network': view.network, 'organisation': view.organisation,
        'meeting': {'id': view.meeting_id, 'title': view.title, 'date': view.date.isoformat(),
                    'starts': view.starts.strftime('%H:%M'), 'ends': view.ends.strftime('%H:%M'),
                    'host': view.host, 'venue': view.venue},
        'referent': view.referent,
        'attendance': {'present': view.attendance.present, 'apology': view.attendance.apology,
                       'absent': view.attendance.absent, 'excused': view.attendance.excused},
        'items': [{'position': item.position, 'title': item.title, 'kind': item.kind,
                   'starts': item.starts.strftime('%H:%M'), 'presenter': item.presenter, 'notes': item.notes,
                   'decisions': item.decisions,
                   'groups': [[number, outcome] for number, outcome in item.groups],
                   'actions': actions(item.actions)} for item in view.items],
        'actions': actions(view.actions),
    }


def document_from_snapshot(data: dict[str, Any], *, generated_at: dt.datetime) -> MinutesDocument:
    """The PDF's document of a snapshot, its labels in Danish. Action items for the meeting as a whole, which belong
    to no agenda item, come last as an item of their own."""
    with i18n.language(PDF_LANGUAGE):
        def actions(found: list[dict[str, Any]]) -> list[Action]:
            return [Action(a['what'], a['responsible'], _date(a['deadline']),
                           _(ACTION_STATUS[ActionStatus(a['status'])])) for a in found]
        meeting, attendance = data['meeting'], data['attendance']
        items = [ItemMinutes(number, item['title'], _capital(_(AGENDA_KIND[AgendaKind(item['kind'])])),
                             dt.time.fromisoformat(item['starts']), item['presenter'], item['notes'],
                             list(item['decisions']), actions(item['actions']),
                             [(group_label(number), outcome) for number, outcome in item['groups']],
                             pause=item['kind'] == AgendaKind.BREAK)
                 for number, item in enumerate(data['items'], start=1)]
        if data['actions']:
            items.append(ItemMinutes(len(items) + 1, _(MEETING_ACTIONS), '', None, '', '',
                                     actions=actions(data['actions'])))
        status = MinutesStatus.APPROVED if data['version'] else MinutesStatus.DRAFT
        return MinutesDocument(
            network_name=data['network'], meeting_title=meeting['title'], day=dt.date.fromisoformat(meeting['date']),
            starts=dt.time.fromisoformat(meeting['starts']), ends=dt.time.fromisoformat(meeting['ends']),
            venue=meeting['venue'], host=meeting['host'], referent=data['referent'],
            attendees=list(attendance['present']), apologies=list(attendance['apology']),
            absent=list(attendance['absent']), excused=list(attendance['excused']), items=items,
            status=_capital(_(MINUTES_STATUS[status])), version=data['version'], generated_at=generated_at)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
