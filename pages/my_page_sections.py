"""Min side's sections below the status: Møder (upcoming, with the member's answer), Fremmøde (history and streak)
and the links to the calendar, the data download and the password. Big touch targets: a phone is the usual screen."""
from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from nicegui import ui

from flnet_ui import i18n
from flnet_ui.components import design
from flnet_ui.i18n import _
from flnet_ui.labels import AGENDA_KIND
from flnet_ui.services import groups, self_service
from flnet_ui.services.agenda import Programme
from flnet_ui.services.groups import MyGroup
from flnet_ui.services.my_page import AgreementView, MyPage, StreakView, UpcomingMeeting
from models import Answer, AttendanceStatus, MaterialKind, MembershipStatus, User
from pages.archive_downloads import agenda_url

BUTTON = 'no-caps unelevated padding="sm md"'
DIVIDED = 'divide-y divide-gray-300'  # thin lines between list items
Act = Callable[[Callable[[User], Awaitable[str]]], Awaitable[bool]]
Groups = dict[int, tuple[str, list[MyGroup]]]   # the member's work groups by meeting id: the title and the groups
STREAK_COLOUR = {'none': design.POSITIVE, 'calm': design.PRIMARY, 'risk': design.NEGATIVE,
                 'agreement': design.PRIMARY}
ATTENDANCE_COLOUR = {AttendanceStatus.PRESENT: design.POSITIVE, AttendanceStatus.APOLOGY: design.WARNING,
                     AttendanceStatus.ABSENT: design.NEGATIVE, AttendanceStatus.EXCUSED: design.PRIMARY}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class MeetingsSection:
    """Upcoming meetings; an active member answers tilmeldt or afbud (with an optional reason) until the start."""

    def __init__(self, dialogs: ui.element, act: Act) -> None:
        self.dialogs = dialogs
        self.act = act

    @staticmethod
    async def read_groups(page: MyPage) -> Groups:
        return await groups.my_open_groups(page.membership_id) if page.membership_id is not None else {}

    def show(self, page: MyPage, my_groups: Groups) -> None:
        with ui.card().classes(design.CARD).props('flat bordered').mark('meetings-section'):
            ui.html(_('Meetings'), tag='h2').classes('text-xl font-bold')
            upcoming = {meeting.meeting_id for meeting in page.upcoming}
            for meeting_id, (title, mine) in my_groups.items():   # on the day: the meeting runs, no longer upcoming
                if meeting_id not in upcoming:
                    ui.label(title).classes('text-lg font-bold').props('role=heading aria-level=3')
                    work_groups(meeting_id, mine)
            if not page.upcoming:
                ui.label(_('No meetings are planned right now.')).classes(design.MUTED).mark('no-meetings')
                return
            if page.status != MembershipStatus.ACTIVE:
                ui.label(_('Only active members answer the invitations; here is the programme.')) \
                    .classes(design.MUTED)
            with ui.element('ul').classes(f'w-full flex flex-col list-none p-0 m-0 {DIVIDED}'):
                for meeting in page.upcoming:
                    self.meeting(page, meeting, my_groups.get(meeting.meeting_id))

    def meeting(self, page: MyPage, meeting: UpcomingMeeting, mine: tuple[str, list[MyGroup]] | None) -> None:
        with ui.element('li').classes('w-full flex flex-col gap-1 py-3').mark(f'meeting-{meeting.meeting_id}'):
            ui.label(meeting.title).classes('text-lg font-bold').props('role=heading aria-level=3')
            start, end = i18n.local(meeting.starts_at), i18n.local(meeting.ends_at)
            when = _('{date}, {start}–{end}').format(date=i18n.long_date(start.date()),
                                                     start=i18n.clock(start.time()), end=i18n.clock(end.time()))
            ui.label(when).classes('font-bold')
            ui.label(_('Host: {host}').format(host=meeting.host))
            if meeting.address:
                ui.label(meeting.address)
            if meeting.description:
                ui.label(meeting.description).classes('whitespace-pre-line').mark('meeting-description')
            programme = page.programmes.get(meeting.meeting_id)
            if programme is not None and programme.lines:
                programme_list(programme)
            if mine is not None:
                work_groups(meeting.meeting_id, mine[1])
            if page.status == MembershipStatus.ACTIVE and page.membership_id is not None:
                self.answer(page.membership_id, meeting)

    def answer(self, membership_id: int, meeting: UpcomingMeeting) -> None:
        ui.label(answer_text(meeting)).classes('font-bold mt-1').mark(f'answer-{meeting.meeting_id}')
        if not meeting.can_answer:
            return
        with ui.row().classes('w-full gap-2 flex-wrap'):
            # The chosen answer is a filled button, the other an outline; aria-pressed says the same to screen readers.
            ui.button(_('Attending'), icon='event_available',
                      on_click=lambda: self.send(membership_id, meeting.meeting_id, Answer.ATTENDING, '')) \
                .props(f'{BUTTON} color=positive {_pressed(meeting.answer == Answer.ATTENDING)}') \
                .classes('grow sm:grow-0').mark(f'attend-{meeting.meeting_id}')
            ui.button(_('Apologies'), icon='event_busy',
                      on_click=lambda: self.apology_dialog(membership_id, meeting)) \
                .props(f'{BUTTON} color=warning {_pressed(meeting.answer == Answer.APOLOGY)}') \
                .classes('grow sm:grow-0').mark(f'apology-{meeting.meeting_id}')
            if meeting.answer is not None:
                ui.button(_('Withdraw my answer'), on_click=lambda: self.withdraw(membership_id, meeting.meeting_id)) \
                    .props(f'{BUTTON} flat color=primary').classes('w-full sm:w-auto') \
                    .mark(f'unanswer-{meeting.meeting_id}')

    async def send(self, membership_id: int, meeting_id: int, answer: Answer, reason: str) -> bool:
        async def change(user: User) -> str:
            await self_service.answer_meeting(user=user, membership_id=membership_id, meeting_id=meeting_id,
                                              answer=answer, reason=reason, now=now())
            return _('You are signed up.') if answer == Answer.ATTENDING else _('Your apologies are registered.')
        return await self.act(change)

    async def withdraw(self, membership_id: int, meeting_id: int) -> None:
        async def change(user: User) -> str:
            await self_service.withdraw_answer(user=user, membership_id=membership_id, meeting_id=meeting_id,
                                               now=now())
            return _('Your answer has been withdrawn.')
        await self.act(change)

    def apology_dialog(self, membership_id: int, meeting: UpcomingMeeting) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog() as dialog, ui.card().classes('w-full max-w-md').mark('apology-dialog'):
            dialog_heading(dialog, _('Send apologies for {title}').format(title=meeting.title))
            reason = ui.textarea(_('Reason (optional)'), value=meeting.reason) \
                .props('outlined maxlength=500 counter').classes('w-full').mark('apology-reason')

            async def confirm() -> None:
                if await self.send(membership_id, meeting.meeting_id, Answer.APOLOGY, reason.value or ''):
                    dialog.close()

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=dialog.close).props(f'{BUTTON} flat').mark('apology-cancel')
                ui.button(_('Send apologies'), on_click=confirm).props(f'{BUTTON} color=primary') \
                    .mark('apology-confirm')
        dialog.open()


def work_groups(meeting_id: int, mine: list[MyGroup]) -> None:
    """The member's own group in each group work of a meeting: number, question and the others' names."""
    for group in mine:
        with ui.element('div').classes('w-full rounded p-3 bg-gray-100 flex flex-col gap-1') \
                .mark(f'my-group-{meeting_id}-{group.number}'):
            ui.label(_('{title}: you are in group {number}').format(title=group.item_title, number=group.number)) \
                .classes('font-bold')
            if group.question:
                ui.label(_('Question: {text}').format(text=group.question)).classes('whitespace-pre-line')
            ui.label(_('With: {names}').format(names=', '.join(group.others)) if group.others
                     else _('Nobody else in the group yet.'))


def _pressed(chosen: bool) -> str:
    return 'aria-pressed=true' if chosen else 'outline aria-pressed=false'


def answer_text(meeting: UpcomingMeeting) -> str:
    if meeting.answer == Answer.ATTENDING:
        return _('Your answer: attending')
    if meeting.answer == Answer.APOLOGY:
        if meeting.reason:
            return _('Your answer: apologies ({reason})').format(reason=meeting.reason)
        return _('Your answer: apologies')
    return _('You have not answered yet.')


def attendance_section(page: MyPage) -> None:
    if page.streak is None and not page.history:
        return
    with ui.card().classes(design.CARD).props('flat bordered').mark('attendance-section'):
        ui.html(_('Attendance'), tag='h2').classes('text-xl font-bold')
        if page.streak is not None:
            _streak(page.streak, page.agreement)
        if page.history:
            ui.label(_('Meetings held')).classes('text-lg font-bold').props('role=heading aria-level=3')
            with ui.element('ul').classes(f'w-full flex flex-col list-none p-0 m-0 {DIVIDED}').mark('history'):
                for line in page.history:
                    with ui.element('li').classes('w-full flex flex-wrap gap-x-3 py-2'):
                        ui.label(_('{date}: {title}').format(date=i18n.short_date(line.day), title=line.title))
                        colour = ATTENDANCE_COLOUR[line.status] if line.status else '#374151'
                        ui.label(line.word).classes('font-bold ml-auto').style(f'color: {colour}') \
                            .mark(f'history-{line.meeting_id}')


def _streak(streak: StreakView, agreement: AgreementView | None) -> None:
    colour = STREAK_COLOUR[streak.level]
    with ui.element('div').classes('w-full rounded p-3 border-l-8 flex flex-col gap-1') \
            .style(f'border-color: {colour}').mark('streak'):
        ui.label(streak.text).classes('font-bold text-lg' if streak.level == 'risk' else 'font-bold') \
            .mark(f'streak-{streak.level}')
        if agreement is not None:
            with ui.column().classes('gap-0').mark('agreement'):
                ui.label(_('Agreement with the coordinator: {note}').format(note=agreement.note)) \
                    .classes('whitespace-pre-line')
                ui.label(_('Valid until {date}').format(date=i18n.long_date(agreement.until)) if agreement.until
                         else _('Valid until further notice'))
        ui.label(streak.rule).classes(design.MUTED)


def links_section() -> None:
    with ui.card().classes(design.CARD).props('flat bordered').mark('links-section'):
        ui.html(_('Calendar and your data'), tag='h2').classes('text-xl font-bold')
        with ui.element('ul').classes(f'w-full flex flex-col list-none p-0 m-0 {DIVIDED}'):
            for text, path, marker in ((_('Meetings in your calendar'), '/min-side/kalender', 'link-calendar'),
                                       (_('Download your data (JSON)'), '/min-side/data.json', 'link-data'),
                                       (_('Password for logging in'), '/min-side/adgangskode', 'link-password'),
                                       (_('Minutes and materials'), '/referater', 'link-archive')):
                with ui.element('li').classes('py-1'):
                    ui.link(text, path).classes('text-lg inline-block py-1').mark(marker)


def programme_list(programme: Programme) -> None:
    """The meeting's programme: times, kind, title, presenter, the description and the materials."""
    ui.label(_('Programme')).classes('font-bold mt-1').props('role=heading aria-level=4')
    with ui.element('ol').classes('w-full list-none p-0 m-0 flex flex-col gap-2') \
            .mark(f'programme-{programme.meeting_id}'):
        for line in programme.lines:
            with ui.element('li').classes('flex flex-col gap-0'):
                when = f'{i18n.clock(line.starts.time())}–{i18n.clock(line.ends.time())}'
                kind = _(AGENDA_KIND[line.kind]).capitalize()
                ui.label(f'{when} · {kind}').classes(f'{design.MUTED} text-sm')
                ui.label(line.title).classes('font-medium')
                if line.presenter:
                    ui.label(_('By {presenter}').format(presenter=line.presenter)).classes('text-sm')
                if line.description_html:
                    ui.html(line.description_html).classes('flnet-markdown text-sm')
                for material in line.materials:
                    link = ui.link(material.title, material.url, new_tab=material.kind == MaterialKind.LINK) \
                        .classes('text-sm').mark(f'material-{material.material_id}')
                    if material.kind == MaterialKind.FILE:
                        link.props['download'] = True
    ui.link(_('Download the agenda (PDF)'), agenda_url(programme.meeting_id)) \
        .classes('inline-block py-1').mark(f'agenda-pdf-{programme.meeting_id}').props['download'] = True


def dialog_heading(dialog: ui.dialog, text: str) -> ui.label:
    """The dialog's heading, which also names the dialog for screen readers (no user text goes into a prop)."""
    heading = ui.label(text).classes('text-xl font-bold').props('role=heading aria-level=2')
    dialog.props['aria-labelledby'] = heading.html_id
    return heading

