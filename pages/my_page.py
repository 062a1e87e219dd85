"""Min side: a member's own status, meetings and attendance, live, made for a phone first (one column, big buttons).

Everything comes from services.my_page (only the member's own data) and every change goes through
services.self_service, which checks that the membership belongs to the logged-in member. The meetings and attendance
sections are in pages/my_page_sections.py.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from nicegui import ui

from flnet_ui import access, events
from flnet_ui.components import design
from flnet_ui.components.frame import PAGE_TIMEOUT, frame
from flnet_ui.components.notify import notify
from flnet_ui.components.redraw import DrawnFrom
from flnet_ui.i18n import _
from flnet_ui.services import my_page, networks, self_service
from flnet_ui.services.errors import DomainError
from flnet_ui.services.my_page import MyPage
from models import MembershipStatus, Network, Role, User
from pages.my_page_sections import (
    BUTTON,
    Groups,
    MeetingsSection,
    attendance_section,
    dialog_heading,
    links_section,
)

# One member's action: given the acting user and the dialog's reason (or choice), change something and say what.
Change = Callable[[User, str], Awaitable[str]]


def create() -> None:
    # Many open this at once (a meeting room full of phones, an invitation just sent): under load a page may take
    # longer than NiceGUI's default 3 s to build, which it would answer with a 500.
    @ui.page('/min-side', response_timeout=PAGE_TIMEOUT)
    async def my_page_route() -> None:
        user = await access.page_user(Role.MEMBER)
        if user is None:
            return
        network = await networks.default_network()
        with frame(_('My page'), user=user, network_name=network.short_name or network.name):
            await MyPageView(user, network).show()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class MyPageView:
    """Follows every change in the network, as a waitlist position, a streak or an answer can each change because of
    someone else; but draws itself again only when something it shows has changed (components/redraw.py): forty
    phones in the room must not lose their taps to every "Next" on the projector or to someone else's application."""

    def __init__(self, user: User, network: Network) -> None:
        self.user = user
        self.network = network
        self.network_id = network.id
        self.drawn = DrawnFrom(self.read, self.content.refresh)

    async def show(self) -> None:
        self.dialogs = ui.element('div')  # outside the refreshable, so a live redraw never closes an open dialog
        self.meetings = MeetingsSection(self.dialogs, self.act)
        # The first build uses the route's read of the network; a redraw reads it anew.
        self.content(await self.drawn.first(lambda: self.read(self.network)))
        events.refresh_on(self.network_id, self.drawn.redraw, events.membership, events.attendance, events.meetings,
                          events.board)

    async def read(self, network: Network | None = None) -> tuple[MyPage, Groups]:
        page = await my_page.load(user=self.user, now=now(), network=network)
        return page, await MeetingsSection.read_groups(page)

    @ui.refreshable_method
    def content(self, shown: tuple[MyPage, Groups]) -> None:
        page, my_groups = shown
        with ui.column().classes('w-full max-w-2xl gap-4'):
            if page.name:
                ui.label(_('{name}, {email}').format(name=page.name, email=page.email)) \
                    .classes(f'{design.MUTED} -mt-2 break-all').mark('who')
            self.status_section(page)
            self.meetings.show(page, my_groups)
            attendance_section(page)
            links_section()

    def status_section(self, page: MyPage) -> None:
        with ui.card().classes(design.CARD).props('flat bordered').mark('status-section'):
            ui.html(_('Status'), tag='h2').classes('text-xl font-bold')
            if page.status_word:
                ui.label(page.status_word).classes('text-white font-bold px-3 py-1 rounded-full') \
                    .style(f'background-color: {page.colour}').mark('status-word')
            ui.label(page.headline).classes('text-2xl font-bold').mark('status-headline')
            for text in page.explanation:
                ui.label(text).mark('status-explanation')
            if page.streak is not None and page.streak.level == 'risk':  # the warning matters most: say it up here too
                ui.label(_('You are at risk of being deregistered automatically: see Attendance below.')) \
                    .classes('font-bold').style(f'color: {design.NEGATIVE}').mark('status-at-risk')
            if page.can_apply:
                ui.link(_('Apply for membership'), '/ansoeg').classes('text-lg').mark('apply-again')
            if page.actions:
                with ui.row().classes('w-full gap-2 flex-wrap'):
                    for action in page.actions:
                        self.action_button(page, action)

    def action_button(self, page: MyPage, action: str) -> None:
        membership_id = page.membership_id
        assert membership_id is not None
        if action == 'accept':
            ui.button(_('Accept the seat'), icon='check', on_click=lambda: self.accept_dialog(membership_id)) \
                .props(f'{BUTTON} color=positive').classes('w-full sm:w-auto').mark('accept-offer')
        elif action == 'decline':
            ui.button(_('No thanks'), on_click=lambda: self.decline_dialog(membership_id)) \
                .props(f'{BUTTON} outline color=primary').classes('w-full sm:w-auto').mark('decline-offer')
        elif action == 'resign':
            ui.button(_('Resign from the network'), on_click=lambda: self.resign_dialog(membership_id)) \
                .props(f'{BUTTON} flat color=negative').mark('resign')  # rarely wanted: not the page's first button
        else:
            waiting = page.status == MembershipStatus.WAITLISTED
            text = _('Leave the waitlist') if waiting else _('Withdraw my application')
            ui.button(text, on_click=lambda: self.leave_dialog(membership_id, text, waiting=waiting)) \
                .props(f'{BUTTON} flat color=negative').mark('leave')

    def resign_dialog(self, membership_id: int) -> None:
        async def resign(user: User, reason: str) -> str:
            await self_service.resign(user=user, membership_id=membership_id, reason=reason, now=now())
            return _('You have resigned from the network.')
        self.confirm(_('Resign from the network?'),
                     _('Your seat goes to the first on the waitlist at once. To come back later you apply again.'),
                     _('Resign'), resign, with_reason=True)

    def leave_dialog(self, membership_id: int, title: str, *, waiting: bool) -> None:
        async def leave(user: User, reason: str) -> str:
            await self_service.leave(user=user, membership_id=membership_id, reason=reason, now=now())
            return _('You have left the waitlist.') if waiting else _('Your application has been withdrawn.')
        text = (_('You lose your place in line. To come back later you apply again and start at the back.') if waiting
                else _('The coordinator will not process your application. You can apply again later.'))
        self.confirm(f'{title}?', text, title, leave, with_reason=True)

    def accept_dialog(self, membership_id: int) -> None:
        async def accept(user: User, _reason: str) -> str:
            await self_service.accept_offer(user=user, membership_id=membership_id, now=now())
            return _('Welcome: you now have a seat in the network.')
        self.confirm(_('Accept the seat?'), _('You become an active member and are expected at the meetings.'),
                     _('Accept the seat'), accept)

    def decline_dialog(self, membership_id: int) -> None:
        choices = {'keep': _('Keep my place on the waitlist (at the back of the line)'),
                   'leave': _('Leave the waitlist')}

        async def decline(user: User, choice: str) -> str:
            keep = choice == 'keep'
            await self_service.decline_offer(user=user, membership_id=membership_id, keep_place=keep, now=now())
            return _('You said no thanks and are now last on the waitlist.') if keep \
                else _('You said no thanks and have left the waitlist.')
        self.confirm(_('Say no thanks to the seat?'), _('The seat goes to the next on the waitlist at once.'),
                     _('No thanks'), decline, choices=choices)

    def confirm(self, title: str, text: str, button: str, change: Change, *, with_reason: bool = False,
                choices: dict[str, str] | None = None) -> None:
        """A confirmation dialog (optionally with a reason or a choice) that runs `change` as the logged-in member."""
        self.dialogs.clear()
        with self.dialogs, ui.dialog() as dialog, ui.card().classes('w-full max-w-md').mark('confirm-dialog'):
            dialog_heading(dialog, title)
            ui.label(text).classes(design.MUTED)
            reason = ui.textarea(_('Reason (optional)')).props('outlined maxlength=500').classes('w-full') \
                .mark('confirm-reason') if with_reason else None
            choice = ui.radio(choices, value=next(iter(choices))).mark('confirm-choice') if choices else None

            async def run() -> None:
                value = (reason.value if reason else choice.value if choice else '') or ''
                if await self.act(lambda user: change(user, value)):
                    dialog.close()

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=dialog.close).props(f'{BUTTON} flat').mark('confirm-cancel')
                ui.button(button, on_click=run).props(f'{BUTTON} color=primary').mark('confirm-ok')
        dialog.open()

    async def act(self, change: Callable[[User], Awaitable[str]]) -> bool:
        """Run a change as the member still logged in; show what happened, or the rule's refusal."""
        if await access.action_actor(Role.MEMBER) is None:
            return False
        user = await access.current_user()
        if user is None:
            return False
        try:
            message = await change(user)
        except DomainError as error:
            notify(error.message, type='negative')
            await self.drawn.redraw()   # the refusal may come from a change this page has not drawn yet
            return False
        notify(message, type='positive')
        return True

