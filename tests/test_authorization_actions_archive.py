"""The authorisation matrix for the handlers of the archive area (issue 6 §4): marking action items done or open again
on the overview (/opfoelgning), and adding the "Opfølgning" item on the agenda builder. Each case fills the real page
in up to the last click; tests/actions.py runs it allowed, after the role is lost and after the session ended, and a
refusal must leave every table as it was (see tests/test_authorization_actions_board.py for the pattern)."""
from __future__ import annotations

import pytest
from nicegui.testing import User

from tests import actions
from tests.actions import MODES, Prepared, Registry, as_coordinator, click
from tests.archive_scene import action, days, held, upcoming

CASES = Registry()
case = CASES.case


# --- Opfølgning (pages/follow_up.py) ---

@case('follow-up: mark an action item done', ('follow_up', 'FollowUpPage.set_done'))
async def mark_done(user: User) -> Prepared:
    meeting = await held('Forårets temadag', -60)
    item = await action(meeting, 'Indsaml tal for fjernlån', name='Anne Zacho', deadline=days(-10))
    account = await as_coordinator(user, '/opfoelgning')
    return Prepared(account, click(user, f'done-{item.id}'), 'Opfølgningspunktet er markeret som udført.')


@case('follow-up: open an action item again', ('follow_up', 'FollowUpPage.set_done'))
async def open_again(user: User) -> Prepared:
    meeting = await held('Forårets temadag', -60)
    item = await action(meeting, 'Send slides rundt', done=True)
    account = await as_coordinator(user, '/opfoelgning')
    return Prepared(account, click(user, f'reopen-{item.id}'), 'Opfølgningspunktet er åbent igen.')


@case('agenda: add the follow-up item', ('follow_up', 'FollowUpCard.add'))
async def add_follow_up(user: User) -> Prepared:
    meeting = await held('Forårets temadag', -60)
    await action(meeting, 'Indsaml tal for fjernlån', name='Anne Zacho', deadline=days(10))
    next_meeting = await upcoming()
    account = await as_coordinator(user, f'/moeder/{next_meeting.id}/dagsorden')
    await user.should_see(marker='add-follow-up')
    return Prepared(account, click(user, 'add-follow-up'), 'Punktet «Opfølgning» er tilføjet til dagsordenen.')


# Defined after the cases: parametrised by what they registered.
@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('name', list(CASES.cases))
async def test_an_action(user: User, name: str, mode: str) -> None:
    await actions.run(user, CASES.cases[name], mode)
