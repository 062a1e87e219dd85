"""Sending approved minutes out (R7, DESIGN.md §1.4) and the members' archive.

"Udsend" e-mails the latest approved version as a PDF to every active member through the outbox, and records when,
how and to how many; posting on "For biblioteker" happens outside the app, so the coordinator records it here and
gets a ready-made text with the link. Each version goes out once per channel: a double click never mails everyone
twice, while minutes reopened, corrected and approved again can be sent again.

The archive shows members the approved (or distributed) minutes by meeting, newest first, with the meeting's agenda
materials. Drafts never appear, and neither do minutes that are reopened for correction until they are approved again.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import dataclass

from flnet_ui import events, i18n, mail
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _, ngettext
from flnet_ui.pdf import minutes_pdf
from models import (
    AgendaItem,
    DistributionChannel,
    MeetingStatus,
    Minutes,
    MinutesDistribution,
    MinutesStatus,
    MinutesVersion,
    Network,
)

from . import notices_meetings
from .agenda_materials import MaterialView, material_views
from .audit import Actor, log
from .errors import DomainError
from .minutes_rules import meeting_or_error
from .minutes_versions import version_document, version_pdf

ARCHIVE_PATH = '/referater'   # the members' archive page
PUBLISHED = (MinutesStatus.APPROVED, MinutesStatus.DISTRIBUTED)


@dataclass(frozen=True)
class DistributionView:
    version: int
    channel: DistributionChannel
    recipients: int        # e-mails queued; 0 for a posting
    at: dt.datetime
    by: str


@dataclass(frozen=True)
class ArchiveMaterials:
    item_title: str
    materials: list[MaterialView]


@dataclass(frozen=True)
class ArchiveEntry:
    meeting_id: int
    title: str
    date: dt.date
    version: int           # the latest approved version: the one members see
    approved_at: dt.datetime
    host: str              # the host library as that version records it
    file_name: str         # referat-YYYY-MM-DD-<slug>.pdf
    materials: list[ArchiveMaterials]   # the agenda items that have materials, in programme order


async def distribute_by_email(*, meeting_id: int, by: Actor, now: dt.datetime) -> int:
    """E-mail the latest approved version to every active member, the PDF attached; returns how many."""
    meeting = await meeting_or_error(meeting_id)
    number = await _sendable(meeting_id, DistributionChannel.EMAIL)
    # Built before the transaction and off the event loop: a PDF takes a while, the lock must not wait for it.
    pdf = await asyncio.to_thread(minutes_pdf, await version_document(meeting_id, number, now=now))
    async with seat_lock(meeting.network_id):
        minutes = await _locked(meeting_id, number, DistributionChannel.EMAIL)
        meeting = await meeting_or_error(meeting_id)
        count = await notices_meetings.minutes_distributed(meeting, pdf=pdf, now=now, archive_path=ARCHIVE_PATH)
        await _record(minutes, number, DistributionChannel.EMAIL, count, network_id=meeting.network_id, by=by, now=now,
                      reason=ngettext('version {version}, {n} e-mail', 'version {version}, {n} e-mails', count)
                      .format(version=number, n=count))
    mail.wake()
    events.minutes.emit(meeting.network_id)
    return count


async def email_recipients(meeting_id: int) -> int:
    """How many active members the e-mail reaches (those with an address, not anonymised): the count the
    coordinator confirms is the count sent."""
    return await notices_meetings.minutes_recipients(await meeting_or_error(meeting_id))


async def record_posting(*, meeting_id: int, by: Actor, now: dt.datetime) -> None:
    """Record that the latest approved version was posted on "For biblioteker"."""
    meeting = await meeting_or_error(meeting_id)
    number = await _sendable(meeting_id, DistributionChannel.FOR_BIBLIOTEKER)
    async with seat_lock(meeting.network_id):
        minutes = await _locked(meeting_id, number, DistributionChannel.FOR_BIBLIOTEKER)
        await _record(minutes, number, DistributionChannel.FOR_BIBLIOTEKER, 0, network_id=meeting.network_id, by=by,
                      now=now, reason=_('version {number}').format(number=number))
    events.minutes.emit(meeting.network_id)


async def posting_text(meeting_id: int, base_url: str) -> str:
    """A ready-made Danish text for posting the approved minutes on "For biblioteker": title, date and the link."""
    meeting = await meeting_or_error(meeting_id)
    await _sendable(meeting_id, None)
    network = await Network.get(id=meeting.network_id)
    with i18n.language(notices_meetings.MAIL_LANGUAGE):
        return '\n\n'.join([
            _('Minutes: {title}, {date}').format(title=meeting.title, date=i18n.short_date(meeting.date)),
            _('The minutes of the theme day «{title}», {date}, have been approved.').format(
                title=meeting.title, date=i18n.long_date(meeting.date)),
            _("Members of {network} find the minutes and the meeting's material in the archive: {url}").format(
                network=network.name, url=base_url.rstrip('/') + ARCHIVE_PATH),
            _('Kind regards\n{network}\n{organisation}').format(network=network.name,
                                                               organisation=network.coordinator_org),
        ])


async def distributions(meeting_id: int) -> list[DistributionView]:
    """When and how the minutes were sent out, the oldest first."""
    rows = await MinutesDistribution.filter(minutes__meeting_id=meeting_id).order_by('at', 'id')
    return [DistributionView(d.version, DistributionChannel(d.channel), d.recipients, d.at, d.by) for d in rows]


async def archive(network_id: int) -> list[ArchiveEntry]:
    """The approved minutes of the network's meetings, the newest meeting first."""
    rows = await Minutes.filter(meeting__network_id=network_id, status__in=PUBLISHED, version__gte=1) \
        .exclude(meeting__status=MeetingStatus.CANCELLED).select_related('meeting')
    rows.sort(key=lambda m: (m.meeting.starts_at, m.meeting_id), reverse=True)
    approved = {(v.minutes_id, v.number): v for v in await MinutesVersion.filter(
        minutes_id__in=[m.id for m in rows], number__in={m.version for m in rows})}
    items = await AgendaItem.filter(meeting_id__in=[m.meeting_id for m in rows]).order_by('position', 'id')
    materials = await material_views([item.id for item in items])
    found = []
    for minutes in rows:
        meeting, version = minutes.meeting, approved[minutes.id, minutes.version]
        host = json.loads(version.document).get('meeting', {}).get('host') or ''
        found.append(ArchiveEntry(
            meeting.id, meeting.title, meeting.date, minutes.version, version.approved_at, str(host),
            notices_meetings.minutes_file_name(meeting),
            [ArchiveMaterials(item.title, materials[item.id]) for item in items
             if item.meeting_id == meeting.id and item.id in materials]))
    return found


async def archived_pdf(meeting_id: int, *, now: dt.datetime | None = None) -> tuple[str, bytes]:
    """The file name and PDF of the version members see; refused while the minutes are not approved."""
    return await version_pdf(meeting_id, await _sendable(meeting_id, None), now=now)


async def _sendable(meeting_id: int, channel: DistributionChannel | None) -> int:
    """The latest approved version's number, when the minutes are approved and it has not gone out this way yet."""
    minutes = await Minutes.get_or_none(meeting_id=meeting_id)
    if minutes is None or minutes.status not in PUBLISHED or minutes.version < 1:
        raise DomainError(_('Approve the minutes before sending them out.'))
    if channel is not None and await MinutesDistribution.exists(minutes_id=minutes.id, version=minutes.version,
                                                                channel=channel):
        raise DomainError(_already_sent(channel))
    return minutes.version


async def _locked(meeting_id: int, number: int, channel: DistributionChannel) -> Minutes:
    """Inside the lock: the minutes still approved as version `number`, and not yet sent this way (a double click)."""
    minutes = await Minutes.get_or_none(meeting_id=meeting_id)
    if minutes is None or minutes.status not in PUBLISHED:
        raise DomainError(_('Approve the minutes before sending them out.'))
    if minutes.version != number:
        raise DomainError(_('The minutes were approved again meanwhile. Try again.'))
    if await MinutesDistribution.exists(minutes_id=minutes.id, version=number, channel=channel):
        raise DomainError(_already_sent(channel))
    return minutes


async def _record(minutes: Minutes, number: int, channel: DistributionChannel, recipients: int, *, network_id: int,
                  by: Actor, now: dt.datetime, reason: str) -> None:
    await MinutesDistribution.create(minutes_id=minutes.id, version=number, channel=channel, recipients=recipients,
                                     at=now, by=by.name)
    before, minutes.status, minutes.updated_at = minutes.status, MinutesStatus.DISTRIBUTED, now
    await minutes.save(update_fields=['status', 'updated_at'])
    await log(by=by, now=now, subject='minutes', subject_id=minutes.meeting_id, network_id=network_id,
              action=f'distribute {channel}', from_value=before, to_value=MinutesStatus.DISTRIBUTED, reason=reason)


def _already_sent(channel: DistributionChannel) -> str:
    if channel == DistributionChannel.EMAIL:
        return _('This version of the minutes has already been e-mailed to the members.')
    return _('This version of the minutes is already recorded as posted on "For biblioteker".')
