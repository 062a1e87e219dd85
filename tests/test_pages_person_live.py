"""A person's page follows live changes, but draws itself again only for this person's own: with two coordinators at
work a needless redraw replaces the buttons while one is being clicked, and the click is lost."""
from __future__ import annotations

import asyncio
import datetime as dt

from nicegui.testing import User

from flnet_ui.services import audit, membership, networks, people
from flnet_ui.services.audit import SYSTEM
from models import Membership
from tests.login import coordinator_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def _apply(name: str, email: str, *, approve: bool) -> Membership:
    network = await networks.default_network()
    return await membership.apply(network_id=network.id, name=name, email=email, approve=approve, by=SYSTEM,
                                  now=now())


def _only(user: User, mark: str):  # type: ignore[no-untyped-def]
    [element] = user.find(marker=mark).elements
    return element


async def test_changes_to_other_people_are_read_but_leave_the_page_and_its_buttons_as_they_are(
        user: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    anne = await _apply('Anne Holm', 'anne@bib.dk', approve=False)
    await coordinator_login(user)
    await user.open(f'/medlemmer/{anne.id}')
    approve = _only(user, 'approve')

    reads = 0
    history = audit.history

    async def counted(**kwargs: object) -> object:   # the page's read: the last query before it would redraw
        nonlocal reads
        reads += 1
        return await history(**kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(audit, 'history', counted)

    for name in ('Bo Berg', 'Carl Ærø'):   # another application, and another member approved
        before = reads
        await _apply(name, f'{name.split()[0].lower()}@bib.dk', approve=name.startswith('Carl'))
        for _attempt in range(50):
            if reads > before:
                break
            await asyncio.sleep(0.05)
        assert reads > before, 'the page did not read the change'
        await asyncio.sleep(0.2)   # a redraw would clear the old content right after the read
        assert not approve.is_deleted and _only(user, 'approve') is approve

    await people.update_person(person_id=anne.person_id, name='Anne Holm-Berg', email='anne@bib.dk', by=SYSTEM,
                               now=now())
    await user.should_see('Navn ændret: "Anne Holm" → "Anne Holm-Berg"')
    assert approve.is_deleted and _only(user, 'approve') is not approve
