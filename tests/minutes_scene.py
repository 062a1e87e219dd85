"""A held meeting to write minutes for, shared by the minutes tests: six members whose names test the Danish order
(Aa sorts as Å, after Z), an agenda with a talk and a gruppearbejde item, and attendance of every kind."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flnet_ui.services import agenda, attendance, groups, meetings, minutes, roll_call
from models import AgendaItem, AgendaKind, AttendanceStatus, Meeting, Membership, Network, OutgoingMail
from tests import factories as f

DAY = dt.date(2026, 3, 4)                                  # onsdag den 4. marts 2026
BEFORE = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)       # the members joined, the meeting was planned
ON_THE_DAY = dt.datetime(2026, 3, 4, 8, 30, tzinfo=dt.UTC)  # 9.30 Danish time, before the start at 10
AFTER = dt.datetime(2026, 3, 4, 17, 0, tzinfo=dt.UTC)       # closed in the evening
LATER = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)       # the minutes are written and approved
TITLE = 'Fjernlån i en digital tid'
MARKS = {'Anne Zacho': AttendanceStatus.PRESENT, 'Carl Ågesen': AttendanceStatus.PRESENT,
         'Aase Holm': AttendanceStatus.PRESENT, 'Bent Østergaard': AttendanceStatus.APOLOGY,
         'Ørjan Madsen': AttendanceStatus.EXCUSED}   # Dorte Nielsen has no record: closing makes her absent


@dataclass
class Scene:
    net: Network
    meeting: Meeting
    items: list[AgendaItem]    # Velkomst, Oplæg, Gruppearbejde
    people: dict[str, Membership]

    @property
    def welcome(self) -> AgendaItem:
        return self.items[0]

    @property
    def talk(self) -> AgendaItem:
        return self.items[1]

    @property
    def group_work(self) -> AgendaItem:
        return self.items[2]


async def scene(*, close: bool = True, title: str = TITLE, day: dt.date = DAY, net: Network | None = None) -> Scene:
    """A meeting on `day` (running after the roll call; closed unless `close` is False), with an empty outbox."""
    if net is None:   # a new network with the six members; a given one keeps its members
        net = await f.network()
        for name in [*MARKS, 'Dorte Nielsen']:
            await f.member(net, now=BEFORE, name=name)
    people = {m.person.name: m for m in await Membership.filter(network_id=net.id).select_related('person')}
    before = dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC) - dt.timedelta(days=30)
    meeting = await meetings.plan_meeting(network_id=net.id, title=title, date=day, starts_at=dt.time(10),
                                          ends_at=dt.time(15), address='Victor Albecks Vej 1, 8000 Aarhus C',
                                          by=f.COORDINATOR, now=before)
    items = [await agenda.add_item(meeting_id=meeting.id, kind=kind, title=name, duration_minutes=length,
                                   by=f.COORDINATOR, now=before)
             for kind, name, length in [(AgendaKind.WELCOME, 'Velkomst', 15),
                                        (AgendaKind.TALK, 'Nyt fra DBC', 45),
                                        (AgendaKind.GROUP_WORK, 'Gruppearbejde om fjernlånsgebyrer', 60)]]
    on_the_day = dt.datetime.combine(day, dt.time(8, 30), tzinfo=dt.UTC)
    await roll_call.start_roll_call(meeting_id=meeting.id, by=f.COORDINATOR, now=on_the_day)
    for name, status in MARKS.items():
        await attendance.record_attendance(meeting_id=meeting.id, membership_id=people[name].id, status=status,
                                           by=f.COORDINATOR, now=on_the_day)
    if close:
        await close_it(meeting, dt.datetime.combine(day, dt.time(17), tzinfo=dt.UTC))
    await OutgoingMail.all().delete()
    return Scene(net, await Meeting.get(id=meeting.id), items, people)


async def close_it(meeting: Meeting, now: dt.datetime = AFTER) -> None:
    await attendance.close_meeting(meeting_id=meeting.id, by=f.COORDINATOR, now=now)


async def with_groups(s: Scene) -> None:
    """Two groups in the gruppearbejde item; group 2 wrote an outcome, group 1 did not."""
    made = await groups.make_groups(item_id=s.group_work.id, groups=2, seed=7, by=f.COORDINATOR, now=ON_THE_DAY)
    await groups.update_group(group_id=made[1].id, question='Skal fjernlån koste gebyr?', scribe_membership_id=None,
                              outcome='  Nej: gebyrer skræmmer lånerne væk.  ', by=f.COORDINATOR, now=ON_THE_DAY)


async def written(s: Scene, *, referent: str = 'Mette Ølgaard, Statsbiblioteket', now: dt.datetime = LATER) -> None:
    """A referent and the talk's notes and decisions."""
    view = await minutes.minutes_view(s.meeting.id)
    await minutes.set_referent(meeting_id=s.meeting.id, referent=referent, expected_revision=view.revision,
                               by=f.COORDINATOR, now=now)
    await minutes.save_item(meeting_id=s.meeting.id, agenda_item_id=s.talk.id, notes='DBC fortalte om «Bibliotek.dk».',
                            decisions=['Netværket afprøver den nye bestillingsformular.'], expected_revision=0,
                            by=f.COORDINATOR, now=now)
