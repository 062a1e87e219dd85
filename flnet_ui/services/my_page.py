"""Min side (DESIGN.md §1.5): what a member sees about themselves, as one view model read in a fixed number of
queries. Only the member's own data goes in: never another person's name, e-mail or status.

Status in words and a colour with an honest explanation; the waitlist position; the attendance history and the absence
streak with the warning of rule R2; an agreement in force; the upcoming meetings with the member's own answers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flnet_ui.components import design
from flnet_ui.i18n import _, local, today
from flnet_ui.labels import ATTENDANCE_STATUS, MEMBERSHIP_STATUS
from models import (
    FORMER,
    Agreement,
    Answer,
    AttendanceRecord,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipStatus,
    Network,
    Person,
    User,
)

from . import agenda, networks, responses, seats, streaks
from .agenda import Programme
from .my_page_texts import status_texts, streak_texts

GREY = '#374151'  # Tailwind's gray-700 (design.MUTED): for a membership that has simply ended
STATUS_COLOUR = {
    MembershipStatus.ACTIVE: design.POSITIVE, MembershipStatus.PENDING: design.PRIMARY,
    MembershipStatus.WAITLISTED: design.PRIMARY, MembershipStatus.OFFERED: design.WARNING,
    MembershipStatus.DEREGISTERED: design.NEGATIVE, MembershipStatus.REJECTED: design.NEGATIVE,
    MembershipStatus.RESIGNED: GREY, MembershipStatus.WITHDRAWN: GREY,
}
# What the member can do about their own status (the page shows a button with a confirmation for each).
ACTIONS = {
    MembershipStatus.ACTIVE: ('resign',), MembershipStatus.WAITLISTED: ('leave',),
    MembershipStatus.PENDING: ('leave',), MembershipStatus.OFFERED: ('accept', 'decline'),
}


@dataclass(frozen=True)
class HistoryLine:
    meeting_id: int
    title: str
    day: dt.date
    status: AttendanceStatus | None  # None: the meeting counted for the member, but nothing was recorded

    @property
    def word(self) -> str:
        return _(ATTENDANCE_STATUS[self.status]) if self.status else _('not recorded')


@dataclass(frozen=True)
class UpcomingMeeting:
    meeting_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    host: str
    address: str
    description: str
    answer: Answer | None
    reason: str
    can_answer: bool


@dataclass(frozen=True)
class StreakView:
    count: int
    limit: int
    level: str          # 'none' | 'calm' | 'risk' | 'agreement'
    text: str           # how it stands, in words
    rule: str           # rule R2 with this network's limit


@dataclass(frozen=True)
class AgreementView:
    note: str
    until: dt.date | None


@dataclass
class MyPage:
    network_id: int
    network_name: str
    name: str = ''
    email: str = ''
    membership_id: int | None = None
    status: MembershipStatus | None = None
    status_word: str = ''
    colour: str = GREY
    headline: str = ''
    explanation: list[str] = field(default_factory=list)
    position: int | None = None
    offer_expires_at: dt.datetime | None = None
    actions: tuple[str, ...] = ()
    can_apply: bool = False
    streak: StreakView | None = None
    agreement: AgreementView | None = None
    history: list[HistoryLine] = field(default_factory=list)
    upcoming: list[UpcomingMeeting] = field(default_factory=list)
    programmes: dict[int, Programme] = field(default_factory=dict)   # of the upcoming meetings, by meeting id


async def load(*, user: User, now: dt.datetime, network: Network | None = None) -> MyPage:
    """The logged-in member's page in the default network (`network`, when the caller has just read it)."""
    network = network or await networks.default_network()
    page = MyPage(network.id, network.short_name or network.name)
    membership = person = None
    if user.person_id is not None:   # the membership with its person in one query; the person alone if none
        membership = await Membership.get_or_none(person_id=user.person_id, network_id=network.id) \
            .select_related('person')
        person = membership.person if membership else await Person.get_or_none(id=user.person_id)
    if person is not None:
        page.name, page.email = person.name, person.email
    if membership is None:
        page.headline = _('We found no membership of the network for your login.')
        page.explanation = [_('If you would like to join, you are welcome to apply.')]
        page.can_apply = True
        page.upcoming, page.programmes = await _upcoming(network, None, now=now)
        return page
    status = MembershipStatus(membership.status)
    page.membership_id, page.status = membership.id, status
    page.status_word, page.colour = _(MEMBERSHIP_STATUS[status]), STATUS_COLOUR[status]
    page.actions, page.can_apply = ACTIONS.get(status, ()), status in FORMER
    page.offer_expires_at = membership.offer_expires_at if status == MembershipStatus.OFFERED else None
    if status == MembershipStatus.WAITLISTED:
        page.position = await seats.position(membership)
    page.headline, page.explanation = status_texts(membership, network, page.position,
                                                   await _taken(network, status))
    held, records = await _held_meetings(membership, network)
    if status == MembershipStatus.ACTIVE:
        page.streak, page.agreement = await _streak(membership, network, held, records, now=now)
    page.history = _history(membership, held, records)
    page.upcoming, page.programmes = await _upcoming(network, membership, now=now)
    return page


async def _taken(network: Network, status: MembershipStatus) -> int:
    return await seats.seats_taken(network.id) if status == MembershipStatus.WAITLISTED else 0


async def _held_meetings(membership: Membership, network: Network) -> tuple[list[tuple[int, str, dt.datetime]],
                                                                             dict[int, AttendanceStatus]]:
    """The network's held meetings (id, title, start), newest first, and the member's records of them: what both the
    streak and the history are made of. Two queries."""
    held = await Meeting.filter(network_id=network.id, status=MeetingStatus.CLOSED) \
        .order_by('-starts_at', '-id').values_list('id', 'title', 'starts_at')
    records = await AttendanceRecord.filter(membership_id=membership.id, meeting__status=MeetingStatus.CLOSED) \
        .values_list('meeting_id', 'status')
    return held, {meeting_id: AttendanceStatus(status) for meeting_id, status in records}


async def _streak(membership: Membership, network: Network, held: list[tuple[int, str, dt.datetime]],
                  records: dict[int, AttendanceStatus], *, now: dt.datetime) -> tuple[StreakView, AgreementView | None]:
    agreement = await _agreement_in_force(membership.id, on=today(now))
    streak = streaks.streak_of(membership, network.absence_limit, ((id_, starts_at) for id_, _title, starts_at in held),
                               records, agreement=agreement is not None)
    level, text, rule = streak_texts(streak)
    view = AgreementView(agreement.note, agreement.valid_until) if agreement else None
    return StreakView(streak.count, streak.limit, level, text, rule), view


async def _agreement_in_force(membership_id: int, *, on: dt.date) -> Agreement | None:
    """The newest agreement in force on `on` (the same test as streaks.agreements_in_force)."""
    rows = await Agreement.filter(membership_id=membership_id, valid_from__lte=on).order_by('-created_at', '-id')
    return next((a for a in rows if (a.valid_until is None or a.valid_until >= on)
                 and (a.ended_at is None or today(a.ended_at) > on)), None)


def _history(membership: Membership, held: list[tuple[int, str, dt.datetime]],
             records: dict[int, AttendanceStatus]) -> list[HistoryLine]:
    """Held meetings, newest first: every one the member has a record of, and while active every one since the
    current active period began (the same meetings the streak counts)."""
    active = membership.status == MembershipStatus.ACTIVE
    since = membership.active_since
    return [HistoryLine(meeting_id, title, local(starts_at).date(), records.get(meeting_id))
            for meeting_id, title, starts_at in held
            if meeting_id in records or (active and (since is None or starts_at >= since))]


async def _upcoming(network: Network, membership: Membership | None, *,
                    now: dt.datetime) -> tuple[list[UpcomingMeeting], dict[int, Programme]]:
    """Planned meetings still ahead, soonest first, with the member's own answer, and their programmes. Four
    queries, however many meetings."""
    planned = await Meeting.filter(network_id=network.id, status=MeetingStatus.PLANNED, starts_at__gt=now) \
        .order_by('starts_at', 'id').select_related('host')
    answers = await responses.answers_of(membership.id, [m.id for m in planned]) if membership else {}
    result = []
    for meeting in planned:
        response = answers.get(meeting.id)
        result.append(UpcomingMeeting(
            meeting.id, meeting.title, meeting.starts_at, meeting.ends_at,
            meeting.host.name if meeting.host else network.coordinator_org, meeting.address, meeting.description,
            Answer(response.answer) if response else None, response.reason if response else '',
            membership is not None and responses.can_answer(membership, meeting, now=now)))
    return result, await agenda.programmes_of(planned)
