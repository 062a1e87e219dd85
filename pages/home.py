"""The public front page: what the network is, its rules (from the network's settings), the coming meetings and the
seats right now. Everything a visitor sees here is live: seats, rules and meetings redraw when they change."""
from __future__ import annotations

import datetime as dt
import functools
from html import escape

from nicegui import context, ui

from flnet_ui import access, events, i18n
from flnet_ui.components import design
from flnet_ui.components.frame import PAGE_TIMEOUT, frame
from flnet_ui.i18n import _, ngettext
from flnet_ui.labels import LANDSDEL
from flnet_ui.services import networks, public, seats
from models import Role


def create() -> None:
    # Many open this at once (a meeting room full of phones, an invitation just sent): under load a page may take
    # longer than NiceGUI's default 3 s to build, which it would answer with a 500.
    @ui.page('/', response_timeout=PAGE_TIMEOUT)
    async def home() -> None:
        # Public: no guard. A logged-in user sees the same page, with their own menu in the frame.
        network = await networks.default_network()
        user = await access.current_user()
        with frame(network.short_name or network.name, user=user, network_name=network.short_name or network.name):
            with ui.card().classes(design.CARD):
                ui.label(network.name).classes('text-xl font-bold')
                ui.label(network.description).classes(design.MUTED).mark('description')
                ui.label(_('The meetings are theme days with talks, structured dialogue and work in small groups, news '
                           'from suppliers, trends and challenges, and joint development projects.'))
                with ui.row().classes('items-center gap-4 flex-wrap'):
                    ui.button(_('Apply for membership')).props('href=/ansoeg color=primary no-caps') \
                        .mark('apply-button')
                    if user is None:
                        with ui.row().classes('items-center gap-1'):
                            ui.label(_('Already a member?'))
                            ui.link(_('Log in'), '/login').mark('home-login')
                    elif user.role == Role.MEMBER:
                        ui.link(_('Go to my page'), '/min-side').mark('home-my-page')
            with ui.row().classes('w-full gap-4 items-stretch flex-wrap md:flex-nowrap'):
                await seat_card(network.id)
                await meetings_card(network.id)
            await rules_card(network.id)
            ui.link(_('How we handle personal data'), '/privatliv').mark('privacy-link')


async def seat_card(network_id: int) -> None:
    """'37 af 40 pladser besat', free seats and the waitlist; live. Built once and then only its texts change, for all
    open public pages in one go: a meeting room full of phones follows every membership change (bench/: live push)."""
    with ui.card().classes(design.CARD):
        _heading(_('Seats'))
        taken = ui.label().classes('text-2xl font-bold').mark('seats')
        bar_name = _('Seats taken')
        bar = ui.linear_progress(value=0, show_value=False).props(f'aria-label="{bar_name}" size=12px') \
            .classes('max-w-md')
        free = ui.label().mark('free')
        # taken, but not yet by a member: it awaits the answer of the first on the waitlist
        offered = ui.label().mark('offered')
        waiting = ui.label().mark('waiting')

    language = i18n.current_language()   # the shows run for every open page at once, outside this one's context

    def show(overview: seats.SeatOverview) -> None:
        taken.text, free.text, offered.text, waiting.text = _seat_texts(overview, language)
        bar.value = min(1.0, overview.active / max(1, overview.capacity))
        offered.visible = overview.offered > 0

    await events.show_alike(events.membership, network_id, 'seats', lambda: seats.overview(network_id), show,
                            client=context.client)


@functools.lru_cache(maxsize=64)
def _seat_texts(overview: seats.SeatOverview, language: str) -> tuple[str, str, str, str]:
    """Taken, free, offered and waiting in words: made once per change and language, not once per open page."""
    with i18n.language(language):
        return (_('{taken} of {capacity} seats taken').format(taken=i18n.number(overview.active),
                                                              capacity=i18n.number(overview.capacity)),
                ngettext('{n} free seat', '{n} free seats', overview.free).format(n=overview.free),
                ngettext('{n} seat is offered to the first on the waitlist and awaits an answer',
                         '{n} seats are offered to the first on the waitlist and await an answer',
                         overview.offered).format(n=overview.offered),
                ngettext('{n} person on the waitlist', '{n} people on the waitlist', overview.waiting)
                .format(n=overview.waiting))


async def meetings_card(network_id: int) -> None:
    """The planned meetings still ahead (never cancelled ones), with date, time and host; live."""
    @ui.refreshable
    async def content() -> None:
        # One read for every open front page after a meeting is planned or changed (a room full of phones).
        upcoming = await events.shared_read(events.meetings, ('upcoming', network_id), lambda: public.upcoming_meetings(
            network_id=network_id, now=dt.datetime.now(dt.UTC)))
        if not upcoming:
            ui.label(_('No meetings have been planned yet.')).classes(design.MUTED).mark('no-meetings')
            return
        with ui.element('ul').classes('flex flex-col gap-3').mark('meetings'):
            for meeting in upcoming:
                with ui.element('li').classes('flex flex-col'):
                    ui.label(_capitalised(i18n.long_date(i18n.local(meeting.starts_at).date()))).classes('font-bold')
                    ui.label(_('{start}–{end}: {title}').format(
                        start=i18n.clock(i18n.local(meeting.starts_at).time()),
                        end=i18n.clock(i18n.local(meeting.ends_at).time()), title=meeting.title))
                    host = meeting.host
                    if meeting.landsdel is not None:
                        part = _(LANDSDEL[meeting.landsdel])
                        host = f'{meeting.host} ({part})'
                    ui.label(_('Host library: {host}').format(host=host)).classes(design.MUTED)

    with ui.card().classes(design.CARD):
        _heading(_('Coming meetings'))
        await content()
    events.refresh_on(network_id, content.refresh, events.meetings)


async def rules_card(network_id: int) -> None:
    """The charter's rules in plain Danish, with the numbers the coordinator has set. Redrawn on their own topic:
    every seat change is a `membership` change, and a meeting room full of phones follows those."""
    @ui.refreshable
    async def content() -> None:
        rules = await events.shared_read(events.settings, ('rules', network_id), lambda: public.rules(network_id))
        with ui.element('ul').classes('list-disc pl-6 flex flex-col gap-2').mark('rules'):
            for text in rule_texts(rules):
                with ui.element('li'):
                    ui.label(text)

    with ui.card().classes(design.CARD):
        _heading(_('How the network works'))
        await content()
    events.refresh_on(network_id, content.refresh, events.settings)


def rule_texts(rules: public.Rules) -> list[str]:
    capacity, limit, per_year = rules.capacity, rules.absence_limit, rules.meetings_per_year
    org = rules.coordinator_org
    if rules.offer_mode:
        freed = ngettext('When a seat becomes free, it is offered to the first on the waitlist, who has {n} day to '
                         'answer.', 'When a seat becomes free, it is offered to the first on the waitlist, who has {n} '
                         'days to answer.', rules.offer_days).format(n=rules.offer_days)
    else:
        freed = _('When a seat becomes free, the first on the waitlist gets it at once.')
    return [
        _('The network is for specialists and staff responsible for interlibrary loans at the public libraries in '
          'Denmark.'),
        ngettext('The network has room for {n} member. When every seat is taken, new applicants are put on a waitlist '
                 'in the order they applied.',
                 'The network has room for {n} members. When every seat is taken, new applicants are put on a '
                 'waitlist in the order they applied.', capacity).format(n=i18n.number(capacity)),
        freed,
        ngettext('The network meets {n} time a year for a theme day, usually at {org}, but also at host libraries in '
                 'East and West Denmark.',
                 'The network meets {n} times a year for theme days, usually at {org}, but also at host libraries in '
                 'East and West Denmark.', per_year).format(n=per_year, org=org),
        _('Members should try to attend every meeting, so that the network has continuity.'),
        ngettext('A member who does not attend {n} meeting in a row is deregistered automatically, unless otherwise '
                 'agreed with the network coordinator.',
                 'A member who does not attend {n} meetings in a row is deregistered automatically, unless otherwise '
                 'agreed with the network coordinator.', limit).format(n=limit),
        _('{org} chairs the meetings and writes the minutes. Minutes and other material are distributed via '
          '"For biblioteker".').format(org=org),
    ]


def _heading(text: str) -> None:
    ui.html(escape(text), tag='h2').classes('text-xl font-bold')


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
