"""Pages that follow every change in the network draw themselves again only when what they show has changed: a
redraw replaces the buttons, and a click on one being replaced is lost. Two coordinators at work on people's pages,
and forty phones on Min side while the projector moves on, must not lose their clicks to other people's changes."""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable
from types import ModuleType

import pytest
from nicegui.testing import User

from flnet_ui import events
from flnet_ui.services import (
    agreements,
    audit,
    groups,
    listings,
    meetings,
    membership,
    networks,
    people,
    responses,
)
from flnet_ui.services.audit import SYSTEM
from models import Answer, Membership
from tests import factories as f
from tests.login import coordinator_login, member_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def _apply(name: str, email: str, *, approve: bool) -> Membership:
    network = await networks.default_network()
    return await membership.apply(network_id=network.id, name=name, email=email, approve=approve, by=SYSTEM,
                                  now=now())


def _only(user: User, mark: str):  # type: ignore[no-untyped-def]
    [element] = user.find(marker=mark).elements
    return element


class PageReads:
    """Counts a page's last query before it would draw again, so a test knows the page has read a change."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> None:
        self.count = 0
        original = getattr(module, name)

        async def counted(*args: object, **kwargs: object) -> object:
            result = await original(*args, **kwargs)
            self.count += 1
            return result
        monkeypatch.setattr(module, name, counted)

    async def after(self, change: Awaitable[object]) -> None:
        """Make the change and wait until the page has read it; a redraw would then clear the old content at once."""
        before = self.count
        await change
        for _attempt in range(50):
            if self.count > before:
                break
            await asyncio.sleep(0.05)
        assert self.count > before, 'the page did not read the change'
        await asyncio.sleep(0.2)


async def test_a_persons_page_keeps_its_buttons_through_other_peoples_changes(
        user: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    anne = await _apply('Anne Holm', 'anne@bib.dk', approve=False)
    await coordinator_login(user)
    await user.open(f'/medlemmer/{anne.id}')
    approve = _only(user, 'approve')
    reads = PageReads(monkeypatch, audit, 'history')

    await reads.after(_apply('Bo Berg', 'bo@bib.dk', approve=False))      # another application
    await reads.after(_apply('Carl Ærø', 'carl@bib.dk', approve=True))    # another member approved
    assert not approve.is_deleted and _only(user, 'approve') is approve

    await people.update_person(person_id=anne.person_id, name='Anne Holm-Berg', email='anne@bib.dk', by=SYSTEM,
                               now=now())
    await user.should_see('Navn ændret: "Anne Holm" → "Anne Holm-Berg"')
    assert approve.is_deleted and _only(user, 'approve') is not approve


async def test_min_side_keeps_its_buttons_through_the_projector_and_other_peoples_changes(
        user: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bo = await member_login(user)
    network = await networks.default_network()
    meeting = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag',
                                          date=dt.date.today() + dt.timedelta(days=20), starts_at=dt.time(10),
                                          ends_at=dt.time(15), address='Rendsburggade 2, 9000 Aalborg',
                                          by=f.COORDINATOR, now=now())
    await user.open('/min-side')
    attend = _only(user, f'attend-{meeting.id}')
    reads = PageReads(monkeypatch, groups, 'my_open_groups')

    await reads.after(_apply('Carl Ærø', 'carl@bib.dk', approve=True))   # someone else joins
    async def the_projector_moves_on() -> None:   # what its buttons report; Min side follows it for the work groups
        events.board.emit(network.id)
    await reads.after(the_projector_moves_on())
    assert not attend.is_deleted and _only(user, f'attend-{meeting.id}') is attend

    await responses.answer(membership_id=bo.id, meeting_id=meeting.id, answer=Answer.ATTENDING, by=SYSTEM, now=now())
    await user.should_see('Dit svar: tilmeldt')
    assert attend.is_deleted


async def test_the_waitlist_keeps_its_buttons_through_applications_that_change_nothing_on_it(
        user: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    network = await networks.default_network()
    await membership.set_capacity(network_id=network.id, capacity=1, by=SYSTEM, now=now())
    await _apply('Anne Holm', 'anne@bib.dk', approve=True)                 # the one seat
    dorte = await _apply('Dorte Lund', 'dorte@bib.dk', approve=True)      # waits
    await coordinator_login(user)
    await user.open('/venteliste')
    move = _only(user, f'move-{dorte.id}')
    reads = PageReads(monkeypatch, listings, 'waitlist')

    await reads.after(_apply('Bo Berg', 'bo@bib.dk', approve=False))     # an application, not yet approved
    assert not move.is_deleted and _only(user, f'move-{dorte.id}') is move

    await _apply('Carl Ærø', 'carl@bib.dk', approve=True)                 # the network is full: Carl waits too
    await user.should_see('Carl Ærø')
    assert move.is_deleted


async def test_the_agreements_keep_their_buttons_through_changes_to_people_without_one(
        user: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    anne = await _apply('Anne Holm', 'anne@bib.dk', approve=True)
    agreement = await agreements.grant_agreement(membership_id=anne.id, note='Orlov til juni', by=SYSTEM, now=now())
    await coordinator_login(user)
    await user.open('/aftaler')
    end = _only(user, f'end-{agreement.id}')
    reads = PageReads(monkeypatch, listings, 'agreements')

    await reads.after(_apply('Bo Berg', 'bo@bib.dk', approve=True))
    assert not end.is_deleted and _only(user, f'end-{agreement.id}') is end

    await agreements.end_agreement(agreement_id=agreement.id, by=SYSTEM, now=now())
    await user.should_see('Ingen aftaler er i kraft.')
    assert end.is_deleted


async def test_two_members_pages_each_draw_their_own_changes(user: User, create_user) -> None:  # type: ignore[no-untyped-def]
    """Min side's parts are methods of one page object per open page: each page's redraw must draw that page."""
    network = await networks.default_network()
    meeting = await meetings.plan_meeting(network_id=network.id, title='Forårets temadag',
                                          date=dt.date.today() + dt.timedelta(days=20), starts_at=dt.time(10),
                                          ends_at=dt.time(15), by=f.COORDINATOR, now=now())
    bo = await member_login(user)
    other = create_user()
    eva = await member_login(other, await _apply('Eva Ærø', 'eva@bib.dk', approve=True))
    for page in (user, other):
        await page.open('/min-side')
        await page.should_see('Du har ikke svaret endnu.')
    await responses.answer(membership_id=eva.id, meeting_id=meeting.id, answer=Answer.ATTENDING, by=SYSTEM, now=now())
    await other.should_see('Dit svar: tilmeldt')
    await responses.answer(membership_id=bo.id, meeting_id=meeting.id, answer=Answer.APOLOGY, by=SYSTEM, now=now())
    await user.should_see('Dit svar: afbud')
    await user.should_not_see('Dit svar: tilmeldt')
    await other.should_see('Dit svar: tilmeldt')
    await other.should_not_see('Dit svar: afbud')
