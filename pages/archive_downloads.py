"""The PDF downloads of a meeting for anyone logged in (members and the coordinator; a visitor gets 403):

- `/referater/{id}.pdf`: the approved minutes as members see them (the latest approved version), never a draft;
- `/moeder/{id}/dagsorden.pdf`: the agenda (programme), built from the live agenda.

Plain HTTP routes, so each checks the session from the request itself (as pages/agenda.py `download` does). The PDFs
are built off the event loop and always sent as attachments.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import re
from html.parser import HTMLParser

from fastapi import Request, Response

from flnet_ui import access, i18n
from flnet_ui.i18n import _
from flnet_ui.ids import plain_id
from flnet_ui.labels import AGENDA_KIND
from flnet_ui.markdown import render_markdown
from flnet_ui.pdf import AgendaDocument, ItemMinutes, agenda_pdf
from flnet_ui.services import agenda, meeting_plan, minutes_distribution, networks, notices_meetings, sessions
from flnet_ui.services.agenda import Programme
from flnet_ui.services.errors import DomainError
from models import MaterialKind, User

PDF_LANGUAGE = 'da'   # the network's documents are Danish, whoever downloads them
MINUTES_ROUTE = '/referater/{meeting_id}.pdf'
AGENDA_ROUTE = '/moeder/{meeting_id}/dagsorden.pdf'
ROUTES = (MINUTES_ROUTE, AGENDA_ROUTE)


def minutes_url(meeting_id: int) -> str:
    return f'/referater/{meeting_id}.pdf'


def agenda_url(meeting_id: int) -> str:
    return f'/moeder/{meeting_id}/dagsorden.pdf'


async def minutes_download(meeting_id: str, request: Request) -> Response:
    """The approved minutes of a meeting of the network; 404 for a draft, a cancelled or an unknown meeting."""
    if await request_user(request) is None:
        return refused()
    network = await networks.default_network()
    published = {entry.meeting_id for entry in await minutes_distribution.archive(network.id)}
    wanted = plain_id(meeting_id)
    if wanted is None or wanted not in published:
        return Response(status_code=404)
    try:
        file_name, pdf = await minutes_distribution.archived_pdf(wanted)  # built in a worker thread
    except DomainError:   # reopened for correction between the two reads
        return Response(status_code=404)
    return attachment(pdf, file_name)


async def agenda_download(meeting_id: str, request: Request) -> Response:
    """The programme of a meeting of the network as a PDF; 404 for an unknown meeting."""
    if await request_user(request) is None:
        return refused()
    network = await networks.default_network()
    row = await meeting_plan.meeting_row(network.id, meeting_id)
    if row is None:
        return Response(status_code=404)
    try:
        found = await agenda.programme(row.meeting.id)
    except DomainError:
        return Response(status_code=404)
    document = agenda_document(found, network_name=network.name, venue=row.meeting.address, host=row.host_name,
                               now=dt.datetime.now(dt.UTC))
    pdf = await asyncio.to_thread(agenda_pdf, document, language_code=PDF_LANGUAGE)
    return attachment(pdf, agenda_file_name(row.meeting.date, row.meeting.title))


async def request_user(request: Request) -> User | None:
    """The logged-in user behind a plain HTTP request (any role), or None."""
    token = request.session.get(access.SESSION_KEY) if 'session' in request.scope else None
    return await sessions.current_user(token, now=dt.datetime.now(dt.UTC))


def refused() -> Response:
    with i18n.language(PDF_LANGUAGE):
        text = _('Log in to download the document.')
    return Response(text, status_code=403, media_type='text/plain; charset=utf-8')


def attachment(pdf: bytes, file_name: str) -> Response:
    return Response(pdf, media_type='application/pdf', headers={
        'Content-Disposition': f'attachment; filename="{file_name}"', 'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store'})


def agenda_file_name(day: dt.date, title: str) -> str:
    """'dagsorden-2026-03-04-fjernlaan-i-en-digital-tid.pdf', named like the minutes."""
    return f'dagsorden-{day.isoformat()}-{notices_meetings.slug(title)}.pdf'


def agenda_document(found: Programme, *, network_name: str, venue: str, host: str,
                    now: dt.datetime) -> AgendaDocument:
    """The PDF's document of a programme, its labels in Danish and each description as plain text."""
    with i18n.language(PDF_LANGUAGE):
        items = [ItemMinutes(number, line.title, _(AGENDA_KIND[line.kind]).capitalize(), line.starts.time(),
                             line.presenter, _notes(line.description, line.materials), minutes=line.duration_minutes)
                 for number, line in enumerate(found.lines, start=1)]
    return AgendaDocument(network_name=network_name, meeting_title=found.title, day=found.starts.date(),
                          starts=found.starts.time(), ends=found.ends.time(), venue=venue, host=host, items=items,
                          generated_at=now)


def _notes(description: str, materials: list) -> str:  # type: ignore[type-arg]
    text = markdown_text(description)
    if materials:
        names = [m.title if m.kind == MaterialKind.FILE or m.title == m.url else f'{m.title} ({m.url})'
                 for m in materials]
        text = '\n'.join(part for part in (text, _('Materials: {names}').format(names=', '.join(names))) if part)
    return text


def markdown_text(description: str) -> str:
    """A markdown description as plain text for print: paragraphs and line breaks kept, list items as bullets
    (numbered in a numbered list), a link as its text with the address after it when they differ (not for a link
    within the app, which means nothing on paper)."""
    parser = _TextParser()
    parser.feed(render_markdown(description))
    parser.close()
    lines = [' '.join(line.split()).replace(INDENT, '  ') for line in ''.join(parser.parts).split('\n')]
    return re.sub(r'\n{3,}', '\n\n', '\n'.join(lines)).strip()


INDENT = '\x00'   # a nested list's indent, kept apart from the whitespace that is collapsed
BLOCKS = frozenset({'p', 'ul', 'ol', 'pre', 'blockquote', 'h3', 'h4', 'hr'})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list[int] | None] = []   # per open list: [next number] for <ol>, None for <ul>
        self.href: list[str] = []
        self.link_text: list[str] = []
        self.pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS and not (tag in ('ul', 'ol') and self.lists):   # a nested list follows its item
            self.parts.append('\n\n')
        if tag == 'ul':
            self.lists.append(None)
        elif tag == 'ol':
            self.lists.append([1])
        elif tag == 'li':
            counter = self.lists[-1] if self.lists else None
            indent = INDENT * max(0, len(self.lists) - 1)
            if counter is None:
                self.parts.append(f'\n{indent}• ')
            else:
                self.parts.append(f'\n{indent}{counter[0]}. ')
                counter[0] += 1
        elif tag == 'pre':
            self.pre = True
        elif tag == 'br':
            self.parts.append('\n')
        elif tag == 'a':
            self.href.append(dict(attrs).get('href') or '')
            self.link_text.append('')

    def handle_endtag(self, tag: str) -> None:
        if tag == 'pre':
            self.pre = False
        if tag in ('ul', 'ol') and self.lists:
            self.lists.pop()
            self.parts.append('' if self.lists else '\n\n')
        elif tag in BLOCKS:
            self.parts.append('\n\n')
        elif tag == 'a' and self.href:
            href, text = self.href.pop(), self.link_text.pop()
            address = href.removeprefix('mailto:')
            if address and address != text.strip() and not address.startswith('/'):   # a page of the app: no use
                self.parts.append(f' ({address})')

    def handle_data(self, data: str) -> None:
        data = data.replace(INDENT, '')
        if not self.pre:
            data = data.replace('\n', ' ')   # in HTML a line break in the text is a space
        if self.link_text:
            self.link_text[-1] += data
        self.parts.append(data)
