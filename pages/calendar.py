"""Calendar downloads and the member's calendar page (issue 4 §3).

`/moeder/{id}.ics` is public (the meeting's facts are on the public page too); `/kalender/{token}.ics` needs no login,
because calendar apps cannot log in: the secret token is the key. `/min-side/kalender` shows the member their
subscription address, how to add it to Outlook, Google or Apple, and lets them renew it or turn it off.
"""
from __future__ import annotations

import datetime as dt

from fastapi import Response
from nicegui import app, ui

from flnet_ui import access, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import frame
from flnet_ui.components.notify import notify
from flnet_ui.i18n import _
from flnet_ui.ids import plain_id
from flnet_ui.services import calendar, networks
from flnet_ui.services.errors import DomainError
from models import Role

from .confirm import confirm_dialog
from .member_dialogs import heading

ICS_TYPE = 'text/calendar; charset=utf-8'
ROUTES = ('/moeder/{meeting_id}.ics', '/kalender/{token}.ics')


def create() -> None:
    app.add_api_route(ROUTES[0], meeting_download, methods=['GET'], include_in_schema=False)
    app.add_api_route(ROUTES[1], feed, methods=['GET'], include_in_schema=False)
    # NOTE: '/moeder/{meeting_id}' (pages/meeting_detail.py) would also match '/moeder/5.ics': downloads go first.
    routes = app.router.routes
    for route in [route for route in routes if getattr(route, 'path', None) in ROUTES]:
        routes.remove(route)
        routes.insert(0, route)

    @ui.page('/min-side/kalender')
    async def calendar_page() -> None:
        user = await access.page_user(Role.MEMBER)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('Calendar'), user=user, network_name=network.short_name or network.name):
            ui.link(_('Back to My page'), '/min-side').mark('back')
            await _subscription(user.id)
            _instructions()
            await _single_meetings(user.id)


async def meeting_download(meeting_id: str) -> Response:
    if (wanted := plain_id(meeting_id)) is None:
        return Response(status_code=404)
    try:
        found = await calendar.meeting_file(meeting_id=wanted)
    except DomainError:
        return Response(status_code=404)
    return Response(found.content, media_type=ICS_TYPE,
                    headers={'Content-Disposition': f'attachment; filename="{found.filename}"'})


async def feed(token: str) -> Response:
    try:
        content = await calendar.feed_ics(token=token, now=dt.datetime.now(dt.UTC))
    except DomainError:
        return Response(status_code=404, headers={'Cache-Control': 'no-store'})
    # The address is a secret: no shared cache may keep the answer, and no search engine may list it.
    return Response(content, media_type=ICS_TYPE, headers={
        'Content-Disposition': 'inline; filename="flnet.ics"', 'Cache-Control': 'private, no-store',
        'X-Robots-Tag': 'noindex'})


async def _subscription(user_id: int) -> None:
    @ui.refreshable
    async def content() -> None:
        token = await calendar.calendar_token(user=user_id)
        heading(_('Your calendar subscription'))
        if token is None:
            ui.label(_('The calendar subscription is turned off. Turn it on to get a personal address that your '
                       'calendar app can subscribe to.')).mark('calendar-off')
            ui.button(_('Turn the calendar on'), icon='event', on_click=lambda: change(renew=True)) \
                .props('color=primary no-caps').mark('calendar-on')
            return
        url = calendar.feed_url(token)
        ui.label(_("Subscribe to the network's meetings in your own calendar. The calendar updates itself when a "
                   'meeting is planned, changed or cancelled.'))
        # A textarea that grows: the whole address stays visible on a phone, not cut off at the field's edge.
        address = ui.textarea(_('Address of your calendar'), value=url).props('readonly outlined autogrow') \
            .classes('w-full font-mono break-all').mark('calendar-url')
        address.props['aria-describedby'] = 'flnet-calendar-secret'
        ui.label(_('The address is personal: do not share it. Anyone with it can see the meetings, nothing else '
                   'about you.')).classes(f'{design.MUTED} text-sm').props('id=flnet-calendar-secret')
        with ui.row().classes('gap-2 flex-wrap'):
            ui.button(_('Copy the address'), icon='content_copy', on_click=lambda: copy(url)) \
                .props('color=primary no-caps').mark('calendar-copy')
            ui.link(_('Open in my calendar app'), 'webcal://' + url.split('://', 1)[1]) \
                .classes('self-center').mark('calendar-webcal')
        with ui.row().classes('gap-2 flex-wrap'):
            ui.button(_('Renew the address'), icon='autorenew', on_click=renew.open) \
                .props('outline color=primary no-caps').mark('calendar-renew')
            ui.button(_('Turn the calendar off'), icon='event_busy', on_click=revoke.open) \
                .props('outline color=negative no-caps').mark('calendar-revoke')

    async def change(*, renew: bool) -> None:
        actor = await access.action_actor(Role.MEMBER)
        if actor is None or actor.user_id is None:
            return
        now = dt.datetime.now(dt.UTC)
        if renew:
            was_on = await calendar.calendar_token(user=actor.user_id) is not None
            await calendar.renew_calendar_token(user=actor.user_id, by=actor, now=now)
            notify(_('Your calendar has a new address.') if was_on else _('The calendar is turned on.'),
                      type='positive')
        else:
            await calendar.revoke_calendar_token(user=actor.user_id, by=actor, now=now)
            notify(_('The calendar is turned off.'))  # Quasar's 'info' colour fails contrast
        content.refresh()

    def copy(url: str) -> None:
        ui.clipboard.write(url)
        notify(_('The address is copied.'), type='positive')

    # Outside the refreshed content: confirming redraws it, and must not delete the dialog whose button was pressed.
    renew = confirm_dialog(_('Renew the address'), _('The old address stops working at once. Calendars that use it '
                                                     'stop updating until you add the new address.'),
                           _('Renew'), lambda: change(renew=True), mark='calendar-renew')
    revoke = confirm_dialog(_('Turn the calendar off'), _('The address stops working at once, and the meetings '
                                                          'disappear from calendars that use it.'),
                            _('Turn off'), lambda: change(renew=False), mark='calendar-revoke', negative=True)
    with ui.card().classes(design.CARD).mark('calendar-subscription'):
        await content()


def _instructions() -> None:
    steps = [
        ('Outlook', _('In Outlook on the web or the new Outlook: Calendar → Add calendar → Subscribe from web → paste '
                      'the address → Import. In the classic Outlook for Windows: Add calendar → From internet.')),
        ('Google', _('On a computer, open Google Calendar → Other calendars → + → From URL → paste the address → Add '
                     'calendar. It then shows on your phone too. Google looks for changes a few times a day.')),
        ('Apple', _('iPhone or iPad: Settings → Apps → Calendar → Calendar Accounts → Add Account → Other → Add '
                    'Subscribed Calendar → paste the address. Mac: in Calendar, File → New Calendar Subscription.')),
    ]
    with ui.card().classes(design.CARD).mark('calendar-help'):
        heading(_('How to add it to your calendar'))
        for name, text in steps:
            ui.label(name).classes('font-bold').props('role=heading aria-level=3')
            ui.label(text)
        ui.label(_('Times are in Danish time ({zone}).').format(zone=str(i18n.TIMEZONE))).classes(design.MUTED)


async def _single_meetings(user_id: int) -> None:
    """Without a subscription: each coming meeting as a file to open in any calendar."""
    meetings = await calendar.upcoming_meetings(user=user_id, now=dt.datetime.now(dt.UTC))
    with ui.card().classes(design.CARD).mark('calendar-files'):
        heading(_('Single meetings'))
        if not meetings:
            ui.label(_('No meetings are planned yet.')).classes(design.MUTED)
            return
        ui.label(_('Or add one meeting at a time: the file opens in your calendar app.'))
        with ui.element('ul').classes('list-none p-0 m-0 flex flex-col gap-1'):
            for meeting in meetings:
                with ui.element('li').classes('flex flex-wrap gap-x-2'):
                    ui.label(f'{i18n.long_date(meeting.date)} · {meeting.title}')
                    link = ui.link(_('Calendar file'), f'/moeder/{meeting.id}.ics').mark('calendar-file')
                    # The title is user text: set as a prop value, never parsed from a props string.
                    link.props['aria-label'] = _('Calendar file for {title}').format(title=meeting.title)
                    link.props['download'] = True
