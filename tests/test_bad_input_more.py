"""Bad input, property-tested (issue 7 §4): changing an action item (what, a free name, a deadline), a coordinator
setting a login's password, the reason for cancelling a meeting, and moving a person between groups (the group's
number and the ids a page sends). Each input is stored and read back intact, or refused with a Danish message and
nothing saved (tests/bad_input.py says what that means)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from flnet_ui.auth import verify_password
from flnet_ui.i18n import today
from flnet_ui.services import groups, meetings, minutes, minutes_actions, users
from models import (
    ActionItem,
    AgendaItem,
    AuditEntry,
    Meeting,
    MeetingStatus,
    Role,
    User,
    WorkGroup,
    WorkGroupMember,
)
from tests import factories as f
from tests.bad_input import (
    BAD_NUMBERS,
    PerTest,
    Spec,
    attempt,
    bad_date,
    bad_int,
    bad_text,
    changes,
    expect,
    nasty_examples,
    notes,
    one_line,
    profile,
    trimmed,
    unstorable,
    verdict,
    whole,
)
from tests.conftest import NOW
from tests.minutes_scene import DAY, LATER, Scene, scene
from tests.test_bad_input_meetings import group_work_item

BY = f.COORDINATOR
PROFILE = profile()
AHEAD = dt.date(2026, 5, 6)
running, logins, networks, group_work = PerTest(), PerTest(), PerTest(), PerTest()


# --- changing an action item ----------------------------------------------------------------------------------------

@PROFILE
@nasty_examples('what', 'responsible_name')
@given(bad=changes({'what': bad_text(), 'responsible_name': bad_text(), 'deadline': bad_date()}))
async def test_changing_an_action_item(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    s: Scene = await running.get(db, lambda: scene(close=False))
    action = await minutes_actions.add_action(meeting_id=s.meeting.id, agenda_item_id=s.talk.id, what='Send slides.',
                                              responsible_name='Ole Hansen', deadline=DAY, by=BY, now=LATER)
    values = {'what': 'Send slides rundt.', 'responsible_name': 'Ole Hansen', 'deadline': DAY, **bad}
    deadline = values['deadline']
    verdicts = {'what': verdict(Spec(notes, 1000, required=True), values['what']),
                'responsible_name': verdict(Spec(one_line, 200), values['responsible_name']),
                'deadline': deadline is None or (isinstance(deadline, dt.date) and deadline >= DAY)}

    outcome = await attempt(lambda: minutes_actions.update_action(action_id=action.id, agenda_item_id=s.talk.id,
                                                                  **values, expected_revision=action.revision,
                                                                  by=BY, now=LATER),
                            involved=[ActionItem], fields=['what', 'responsible_name', 'deadline'])

    if not expect(outcome, must_store=all(verdicts.values()), allowed=[k for k, ok in verdicts.items() if not ok]):
        return
    [shown] = [a for a in await minutes.action_views(s.meeting.id) if a.id == action.id]
    assert (shown.what, shown.responsible_name, shown.deadline, shown.agenda_item_id) == (
        notes(values['what']), one_line(values['responsible_name']), deadline, s.talk.id)
    changed = (shown.what, shown.responsible_name, shown.deadline) != ('Send slides.', 'Ole Hansen', DAY)
    assert shown.revision == action.revision + changed
    overview = await minutes_actions.action_overview(s.net.id, today(NOW))   # the follow-up page reads it too
    assert action.id in {line.id for line in overview.open}


# --- a coordinator sets a login's password: argon2 takes a while, so fewer examples -------------------------------

PASSWORDS = ('😀' * 1024, '😀' * 1025, 'a' * 1025, 'x' * 9, 'a' * 10, 'ø' * 9 + 'å', ' ' * 10, ' ' * 9 + '\t',
             'פסוורד 🔑 שלום', 'Ole \u202eneseR\u202c 12', 'NUL\x00og mere', 'høj \ud800 lav \udfff!',
             "'; DROP TABLE user; --", '<script>alert(1)</script>')


def password_verdict(password: str) -> bool:
    """At least 10 and at most 1024 characters, not one character repeated, nothing that cannot be stored."""
    return 10 <= len(password) <= 1024 and len(set(password)) > 1 and not any(unstorable(ch) for ch in password)


class Login:
    """A login, and the password that works for it now."""

    def __init__(self, user: User, password: str) -> None:
        self.user, self.password = user, password


async def a_login() -> Login:
    password = 'gammel kode 1'
    user = await users.create_user(email='kode@bib.dk', role=Role.COORDINATOR, password=password, by=BY, now=NOW)
    return Login(user, password)


@profile(max_examples=8)
@nasty_examples('password', values=PASSWORDS)
@given(bad=changes({'password': st.one_of(st.sampled_from(PASSWORDS), bad_text())}))
async def test_setting_a_password(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    login: Login = await logins.get(db, a_login)
    password = bad['password']

    outcome = await attempt(lambda: users.set_password(user_id=login.user.id, password=password, by=BY, now=NOW),
                            involved=[User], fields=['password'])

    stored = await User.get(id=login.user.id)
    if not expect(outcome, must_store=password_verdict(password)):
        assert verify_password(stored.password_hash, login.password)   # the old one still works
        return
    assert verify_password(stored.password_hash, password)
    assert password == login.password or not verify_password(stored.password_hash, login.password)
    entry = await AuditEntry.filter(subject='user', subject_id=login.user.id).order_by('-id').first()
    assert entry is not None and entry.action == 'password' and password not in (entry.reason, entry.to_value)
    login.password = password


# --- the reason for cancelling a meeting ----------------------------------------------------------------------------

@PROFILE
@nasty_examples('reason')
@given(bad=changes({'reason': bad_text()}))
async def test_the_reason_for_cancelling(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    net = await networks.get(db, f.network)
    meeting = await meetings.plan_meeting(network_id=net.id, title='Temadag', date=AHEAD, starts_at=dt.time(10),
                                          ends_at=dt.time(15), by=BY, now=NOW)

    outcome = await attempt(lambda: meetings.cancel_meeting(meeting_id=meeting.id, reason=bad['reason'], by=BY,
                                                            now=NOW),
                            involved=[Meeting], fields=['reason'])

    if not expect(outcome, must_store=True):   # the reason may be empty, and the log takes any length
        return
    assert (await Meeting.get(id=meeting.id)).status == MeetingStatus.CANCELLED
    entry = await AuditEntry.filter(subject='meeting', subject_id=meeting.id, action='cancel').get()
    assert entry.reason == trimmed(bad['reason'])


# --- moving a person between groups ---------------------------------------------------------------------------------

GROUPS = 2


class Mine:
    """Stands for a valid id of the scene (the group work item, or one of its attendees): known only at run time."""

    def __repr__(self) -> str:
        return 'MINE'


MINE = Mine()
ODD_IDS = (*BAD_NUMBERS, '2', '1', 2**31 - 1, 2**31)


def ids() -> st.SearchStrategy[Any]:
    return st.one_of(st.just(MINE), st.sampled_from(ODD_IDS), bad_int())


async def groups_scene(db: object) -> AgendaItem:
    """The group-work item of test_bad_input_meetings.py (PEOPLE attending a meeting ahead), divided in GROUPS."""
    async def make() -> AgendaItem:
        item = await group_work_item(db)
        await groups.make_groups(item_id=item.id, groups=GROUPS, seed=7, by=BY, now=NOW)
        return item
    return await group_work.get(db, make)


def move_examples(test: Any) -> Any:
    for number, value in enumerate(ODD_IDS):
        test = example(bad={('to_group', 'membership_id', 'item_id')[number % 3]: value})(test)
    return test


@PROFILE
@move_examples
@example(bad={'to_group': True})      # True is 1 to Python, and to the database
@example(bad={'to_group': 10**30, 'membership_id': 10**30})
@given(bad=changes({'to_group': st.one_of(bad_int(valid=range(1, GROUPS + 2)), st.sampled_from(['2', ' 1'])),
                    'membership_id': ids(), 'item_id': ids()}))
async def test_moving_a_person(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    item = await groups_scene(db)
    attending = [p.membership_id for p in await groups.attendees(item.id)]
    values = {'to_group': 2, 'membership_id': attending[0], 'item_id': item.id, **bad}
    values = {name: (attending[-1] if name == 'membership_id' else item.id) if value is MINE else value
              for name, value in values.items()}
    verdicts = {'item_id': whole(values['item_id'], 1) and values['item_id'] == item.id,
                'to_group': whole(values['to_group'], 1, GROUPS),
                'membership_id': whole(values['membership_id'], 1) and values['membership_id'] in attending}
    fields = {'item_id': None, 'to_group': 'group', 'membership_id': None}   # an id is no field of a form

    outcome = await attempt(lambda: groups.move_person(**values, by=BY, now=NOW),
                            involved=[WorkGroup, WorkGroupMember], fields=['group', None])

    if not expect(outcome, must_store=all(verdicts.values()),
                  allowed=[fields[name] for name, ok in verdicts.items() if not ok]):
        return
    made = await groups.groups_of(item.id)
    [target] = [g for g in made if g.number == values['to_group']]
    assert values['membership_id'] in {p.membership_id for p in target.members}
    assert sorted(p.membership_id for g in made for p in g.members) == sorted(attending)   # each in one group
