"""Realistic demo data, made by replaying four years of the network's life through the services.

Nothing is written behind the rules' back: people apply, meetings are held and closed, and the charter's rules do the
rest (promotions from the waitlist, one automatic deregistration). Names are fictitious; libraries and municipalities
are real. The same seed gives the same data (all but the projector link, a secret); dates are relative to `now`, so the
next meeting is always ahead. The meeting board (programmes, answers, groups, the projector link) is in demo_board.py,
the minutes of the last two meetings in demo_minutes.py.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from flnet_ui import demo_board, demo_minutes
from flnet_ui.services import agreements, attendance, meetings, membership, networks, users
from flnet_ui.services.audit import Actor
from models import AttendanceStatus, Library, Membership, MembershipStatus, OutgoingMail, Role

DEMO_COORDINATOR = ('koordinator@demo.flnet.dk', 'demo-koordinator')
DEMO_MEMBER_PASSWORD = 'demo-medlem-2026'
COORDINATOR = Actor(None, DEMO_COORDINATOR[0])
RECENT_MAIL_DAYS = 30

# (library, municipality); Statsbiblioteket hosts by default (charter rule R4).
LIBRARIES = [
    ('Statsbiblioteket', 'Aarhus'), ('Dokk1, Aarhus Hovedbibliotek', 'Aarhus'), ('Aalborg Bibliotekerne', 'Aalborg'),
    ('Aabenraa Bibliotekerne', 'Aabenraa'), ('Esbjerg Kommunes Biblioteker', 'Esbjerg'),
    ('Odense Bibliotekerne', 'Odense'), ('Vejle Bibliotekerne', 'Vejle'), ('Herning Bibliotekerne', 'Herning'),
    ('Viborg Bibliotekerne', 'Viborg'), ('Horsens Kommunes Biblioteker', 'Horsens'),
    ('Silkeborg Bibliotekerne', 'Silkeborg'), ('Randers Bibliotek', 'Randers'), ('Kolding Bibliotekerne', 'Kolding'),
    ('Hjørring Bibliotekerne', 'Hjørring'), ('Svendborg Bibliotek', 'Svendborg'),
    ('Sønderborg Bibliotek', 'Sønderborg'),
    ('Thisted Bibliotek', 'Thisted'), ('Ærø Bibliotek', 'Ærø'),
    ('Københavns Hovedbibliotek', 'København'), ('Frederiksberg Bibliotek', 'Frederiksberg'),
    ('Gentofte Bibliotekerne', 'Gentofte'), ('Roskilde Bibliotekerne', 'Roskilde'), ('Helsingør Kommunes Biblioteker',
    'Helsingør'), ('Hillerød Bibliotek', 'Hillerød'), ('Køge Bibliotekerne', 'Køge'), ('Næstved Bibliotek', 'Næstved'),
    ('Holbæk Bibliotekerne', 'Holbæk'), ('Slagelse Bibliotekerne', 'Slagelse'), ('Bornholms Biblioteker', 'Bornholm'),
    ('Guldborgsund Bibliotekerne', 'Guldborgsund'), ('Lyngby-Taarbæk Bibliotekerne', 'Lyngby-Taarbæk'),
    ('Ballerup Bibliotekerne', 'Ballerup'),
]
FIRST_NAMES = ['Anne', 'Mette', 'Lars', 'Søren', 'Hanne', 'Jens', 'Birgitte', 'Mads', 'Camilla', 'Ole', 'Lone',
               'Rasmus', 'Aase', 'Åge', 'Jørgen', 'Bodil', 'Kirsten', 'Peter', 'Trine', 'Niels', 'Ida', 'Morten',
               'Sofie', 'Ærtebjørg', 'Karen', 'Henrik', 'Maja', 'Thomas', 'Inger', 'Frederik', 'Line', 'Bent', 'Else',
               'Kasper', 'Dorthe']
LAST_NAMES = ['Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen',
              'Østergaard', 'Aagaard', 'Ærenlund', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Poulsen', 'Johansen',
              'Mørch', 'Bøgh', 'Damgaard', 'Lund', 'Holm', 'Winther', 'Kjær', 'Friis', 'Vestergaard', 'Brøndum']
TITLES = ['Bibliotekar', 'Fjernlånsansvarlig', 'Biblioteksassistent', 'Specialkonsulent', 'Informationsspecialist',
          'Teamleder, udlån', 'Bibliotekar, fjernlån og materialeservice']
THEMES = ['Fjernlån i en digital tid', 'Leverandørnyt og nye transportaftaler',
          'Fælles udviklingsprojekter i regionerne',
          'Brugerbestilte fjernlån: tendenser og udfordringer', 'Kvalitet i materialeservice', 'Udenlandske fjernlån',
          'Statistik og nøgletal for fjernlån', 'Samarbejde på tværs af landsdele', 'Fremtidens fjernlån – hvad nu?']


@dataclass(frozen=True)
class DemoLogins:
    coordinator: tuple[str, str]
    member: tuple[str, str]


async def is_empty() -> bool:
    return not await Membership.exists()


async def load(*, now: dt.datetime, seed: int = 2008) -> DemoLogins:
    rng, board_rng = random.Random(seed), demo_board.board_random(seed)
    network = await networks.ensure_default_network(now=now)
    libraries = [await Library.get_or_create(name=n, defaults={'municipality': m}) for n, m in LIBRARIES]
    library_ids = [library.id for library, _ in libraries]
    held, upcoming = _meeting_days(now)
    people = _people(rng, 57)
    start = dt.datetime.combine(held[0], dt.time(9), tzinfo=dt.UTC) - dt.timedelta(days=200)

    joined: list[Membership] = []
    for i, (name, email) in enumerate(people[:46]):  # the founding round: 40 seats, 6 on the waitlist
        joined.append(await _apply(network.id, name, email, rng, library_ids, now=start + dt.timedelta(hours=i)))
    late = people[46:]
    # Who misses what: one member drifts away and is deregistered by the rule, one has an agreement, some are at risk.
    cast = _Cast(drifting=joined[3].id, agreed=joined[7].id, at_risk={joined[11].id, joined[19].id, joined[26].id})
    for n, day in enumerate(held):
        moment = dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC)
        if n == len(held) - 4:
            await agreements.grant_agreement(membership_id=cast.agreed, note='Barselsorlov; deltager igen fra '
                                             'forårets temadag.', until=upcoming, by=COORDINATOR, now=moment)
        if n == 4:
            await membership.resign(membership_id=joined[30].id, reason='Nyt job uden for biblioteksverdenen',
                                    by=COORDINATOR, now=moment)
        for k in range(2):  # a steady trickle of new applications
            if late:
                name, email = late.pop(0)
                await _apply(network.id, name, email, rng, library_ids, now=moment - dt.timedelta(days=40 - k))
        host_id = library_ids[0] if n % 2 == 0 else library_ids[(n * 7) % len(library_ids)]
        meeting = await meetings.plan_meeting(
            network_id=network.id, title=THEMES[n], date=day, starts_at=dt.time(10), ends_at=dt.time(15, 30),
            host_library_id=host_id, address='Victor Albecks Vej 1, 8000 Aarhus C' if n % 2 == 0 else '',
            by=COORDINATOR, now=moment - dt.timedelta(days=90))
        if n >= len(held) - 2:  # the latest programmes, for "Kopiér en tidligere dagsorden"
            await demo_board.held_programme(meeting.id, n, network_id=network.id, host_library_id=host_id,
                                            rng=board_rng, by=COORDINATOR, now=moment - dt.timedelta(days=60))
        await _roll_call(meeting.id, network.id, rng, cast, meetings_left=len(held) - n, now=moment)
        if n == len(held) - 1:
            await demo_board.held_group_outcomes(meeting.id, rng=board_rng, by=COORDINATOR, now=moment)
        await attendance.close_meeting(meeting_id=meeting.id, by=COORDINATOR,
                                       now=dt.datetime.combine(day, dt.time(17), tzinfo=dt.UTC))
        if n >= len(held) - 2:   # minutes for the meetings with a programme, written the week after
            week_after = dt.datetime.combine(day + dt.timedelta(days=7), dt.time(9), tzinfo=dt.UTC)
            await demo_minutes.write(meeting.id, network_id=network.id, by=COORDINATOR, send=n == len(held) - 2,
                                     written=min(week_after, now - dt.timedelta(hours=1)))
    waiting = await Membership.filter(network_id=network.id, status=MembershipStatus.WAITLISTED).order_by('queue_at')
    if waiting:
        await membership.withdraw(membership_id=waiting[-1].id, reason='Har fået nyt job', by=COORDINATOR,
                                  now=now - dt.timedelta(days=20))
    following = await meetings.plan_meeting(
        network_id=network.id, title=THEMES[len(held)], date=upcoming, starts_at=dt.time(10), ends_at=dt.time(15, 30),
        host_library_id=library_ids[2], address='Rendsburggade 2, 9000 Aalborg',
        description='Forårets temadag i Vestdanmark.', by=COORDINATOR, now=now)
    await _keep_recent_mail()
    logins = await _logins(now=now)
    await demo_board.next_meeting(following.id, network_id=network.id, host_library_id=library_ids[2],
                                  skip_membership_id=await _demo_member_id(), rng=board_rng, by=COORDINATOR, now=now)
    return logins


async def _keep_recent_mail(days: int = RECENT_MAIL_DAYS) -> None:
    """The replay goes through the services, so it queues every e-mail of four years: welcomes, waitlist places,
    warnings. A real outbox would show the coordinator the recent ones, not years of history nobody sent; keep the
    mail of the replay's last month (the latest meeting and what it caused) and forget the rest."""
    newest = await OutgoingMail.all().order_by('-created_at').first()
    if newest is not None:
        await OutgoingMail.filter(created_at__lt=newest.created_at - dt.timedelta(days=days)).delete()


async def _apply(network_id: int, name: str, email: str, rng: random.Random, library_ids: list[int], *,
                 now: dt.datetime) -> Membership:
    return await membership.apply(network_id=network_id, name=name, email=email,
                                  library_id=rng.choice(library_ids[1:]), job_title=rng.choice(TITLES),
                                  motivation='Vil gerne dele erfaringer om fjernlån.', approve=True,
                                  by=COORDINATOR, now=now)


@dataclass(frozen=True)
class _Cast:
    drifting: int         # misses the last five meetings: the rule deregisters them after the third
    agreed: int           # misses the last four, but has an agreement with the coordinator
    at_risk: set[int]     # missed the last two: one more and they are out


async def _roll_call(meeting_id: int, network_id: int, rng: random.Random, cast: _Cast, *, meetings_left: int,
                     now: dt.datetime) -> None:
    active = await Membership.filter(network_id=network_id, status=MembershipStatus.ACTIVE)
    for member in active:
        if member.id == cast.drifting and meetings_left <= 5:
            status = AttendanceStatus.ABSENT if meetings_left % 2 else AttendanceStatus.APOLOGY
        elif member.id == cast.agreed and meetings_left <= 4:
            status = AttendanceStatus.APOLOGY
        elif member.id in cast.at_risk and meetings_left <= 2:
            status = AttendanceStatus.APOLOGY
        else:
            roll = rng.random()
            status = (AttendanceStatus.PRESENT if roll < 0.82 else AttendanceStatus.APOLOGY if roll < 0.93
                      else AttendanceStatus.EXCUSED if roll < 0.96 else AttendanceStatus.ABSENT)
        await attendance.record_attendance(meeting_id=meeting_id, membership_id=member.id, status=status,
                                           by=COORDINATOR, now=now)


async def _logins(*, now: dt.datetime) -> DemoLogins:
    email, password = DEMO_COORDINATOR
    await users.create_user(email=email, role=Role.COORDINATOR, password=password, by=COORDINATOR, now=now)
    member = await Membership.get(id=await _demo_member_id()).select_related('person')
    await users.create_user(email=member.person.email, role=Role.MEMBER, password=DEMO_MEMBER_PASSWORD,
                            person_id=member.person_id, by=COORDINATOR, now=now)
    return DemoLogins(coordinator=DEMO_COORDINATOR, member=(member.person.email, DEMO_MEMBER_PASSWORD))


async def _demo_member_id() -> int:
    """The membership of the demo member login (the first active one): their answer is left for a newcomer."""
    member = await Membership.filter(status=MembershipStatus.ACTIVE).order_by('id').first()
    assert member is not None
    return member.id


def _meeting_days(now: dt.datetime) -> tuple[list[dt.date], dt.date]:
    """The last eight spring and autumn theme days before today (two a year, rule R4), and the next one."""
    slots = [dt.date(year, month, day) for year in range(now.year - 5, now.year + 2)
             for month, day in ((3, 12), (10, 8))]
    today = now.date()
    past = [d for d in slots if d < today][-8:]
    future = next(d for d in slots if d > today + dt.timedelta(days=14))
    return past, future


def _people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    names: list[str] = []
    while len(names) < count:
        name = f'{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}'
        if name not in names:
            names.append(name)
    return [(name, _email(name, i)) for i, name in enumerate(names)]


_ASCII_EMAIL: dict[str, str | int | None] = {'æ': 'ae', 'ø': 'oe', 'å': 'aa', ' ': '.'}


def _email(name: str, i: int) -> str:
    plain = name.lower().translate(str.maketrans(_ASCII_EMAIL))
    return f'{plain}{i}@demo-bibliotek.dk'
