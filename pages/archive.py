"""Referater og materialer (issue 6 §4, DESIGN.md §1.4-1.5): the members' archive of approved minutes, by meeting,
newest first, each with its PDF and the meeting's agenda materials. Drafts never appear, nor minutes reopened for
correction until they are approved again. For anyone logged in (members, also waitlisted and former ones, and the
coordinator); a visitor is sent to log in. Live on `events.minutes` (and `events.board` for the materials).

`create()` registers this area's routes: the archive, the two PDF downloads (pages/archive_downloads.py) and the
coordinator's overview of action items (pages/follow_up.py).
"""
from __future__ import annotations

from html import escape

from nicegui import app, ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.i18n import _
from flnet_ui.services import minutes_distribution, networks
from flnet_ui.services.minutes_distribution import ARCHIVE_PATH, ArchiveEntry
from models import MaterialKind

from . import archive_downloads, follow_up


def create() -> None:
    app.add_api_route(archive_downloads.MINUTES_ROUTE, archive_downloads.minutes_download, methods=['GET'],
                      include_in_schema=False)
    app.add_api_route(archive_downloads.AGENDA_ROUTE, archive_downloads.agenda_download, methods=['GET'],
                      include_in_schema=False)
    # NOTE: first, so that a page on a wider pattern ('/moeder/{meeting_id}/...') can never take these addresses.
    routes = app.router.routes
    for route in [route for route in routes if getattr(route, 'path', None) in archive_downloads.ROUTES]:
        routes.remove(route)
        routes.insert(0, route)
    follow_up.create()

    @ui.page(ARCHIVE_PATH)
    async def archive_page() -> None:
        user = await access.page_user()
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Minutes and materials'), user=user, network_name=network.short_name or network.name):
            await ArchivePage(network.id).show()


class ArchivePage:
    def __init__(self, network_id: int) -> None:
        self.network_id = network_id

    async def show(self) -> None:
        ui.label(_("The approved minutes of the network's meetings, the newest first, with the material from each "
                   'meeting.')).classes(design.MUTED).mark('archive-intro')
        await self.content()
        events.refresh_on(self.network_id, self.content.refresh, events.minutes, events.board, events.meetings)

    @ui.refreshable_method
    async def content(self) -> None:
        entries = await minutes_distribution.archive(self.network_id)
        if not entries:
            with ui.card().classes(design.CARD).props('flat bordered').mark('archive-empty'):
                ui.label(_('No minutes have been approved yet.')).classes('font-bold')
                ui.label(_('Minutes appear here when the coordinator has approved them.')).classes(design.MUTED)
            return
        with ui.element('ul').classes('w-full list-none p-0 m-0 flex flex-col gap-4').mark('archive'):
            for entry in entries:
                with ui.element('li').classes('w-full'):
                    self.entry(entry)

    def entry(self, entry: ArchiveEntry) -> None:
        with ui.card().classes(f'{design.CARD} gap-2').props('flat bordered').mark(f'archive-{entry.meeting_id}'):
            ui.html(escape(entry.title), tag='h2').classes('text-xl font-bold')   # user text: escaped
            ui.label(i18n.long_date(entry.date)).classes('font-bold').mark(f'date-{entry.meeting_id}')
            if entry.host:
                ui.label(_('Host: {host}').format(host=entry.host)).mark(f'host-{entry.meeting_id}')
            ui.label(_('Version {number}, approved {date}').format(
                number=entry.version, date=i18n.short_date(i18n.local(entry.approved_at).date()))) \
                .classes(design.MUTED).mark(f'version-{entry.meeting_id}')
            with ui.row().classes('items-center gap-2'):
                ui.icon('picture_as_pdf').props('aria-hidden=true').classes('text-xl')
                link = ui.link(_('Download the minutes (PDF)'), archive_downloads.minutes_url(entry.meeting_id)) \
                    .classes('text-lg inline-block py-1').mark(f'minutes-pdf-{entry.meeting_id}')
                link.props['download'] = True   # the server names the file
            if entry.materials:
                materials(entry)


def materials(entry: ArchiveEntry) -> None:
    ui.label(_('Material from the meeting')).classes('text-lg font-bold mt-1').props('role=heading aria-level=3')
    with ui.element('ul').classes('list-none p-0 m-0 flex flex-col gap-2').mark(f'materials-{entry.meeting_id}'):
        for item in entry.materials:
            with ui.element('li').classes('flex flex-col gap-0'):
                ui.label(item.item_title).classes('font-medium')
                with ui.element('ul').classes('list-disc pl-6 m-0'):
                    for material in item.materials:
                        with ui.element('li'):
                            link = ui.link(material.title, material.url,
                                           new_tab=material.kind == MaterialKind.LINK) \
                                .mark(f'material-{material.material_id}')
                            if material.kind == MaterialKind.FILE:
                                link.props['download'] = True

