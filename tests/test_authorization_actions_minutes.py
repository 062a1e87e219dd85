"""The authorisation matrix for the minutes editor's handlers (issue 6; pages/minutes_editor*.py, minutes_dialogs.py):
every change goes through `minutes_dialogs.act`, and each case below fills the real page in up to the last click of
one change. tests/actions.py runs it allowed, after the role is lost and after the session ended; a refusal must
leave every table as it was."""
from __future__ import annotations

import pytest
from nicegui.testing import User

from flnet_ui.services import minutes, minutes_actions, minutes_versions, networks
from flnet_ui.services.audit import Actor
from models import ActionItem
from tests import actions
from tests import factories as f
from tests.actions import MODES, Prepared, Registry, as_coordinator, click
from tests.minutes_scene import BEFORE, LATER, MARKS, Scene, scene, written

CASES = Registry()
case = CASES.case
ACT = ('minutes_dialogs', 'act')   # the one guard of the editor: every handler below runs through it
OTHER = Actor(None, 'anden@statsbiblioteket.dk')


async def held(*, approved: bool = False) -> Scene:
    """The held meeting of tests/minutes_scene.py in the network the pages show; its minutes approved if asked."""
    net = await networks.default_network()
    for name in [*MARKS, 'Dorte Nielsen']:
        await f.member(net, now=BEFORE, name=name)
    s = await scene(net=net)
    if approved:
        await written(s)
        await minutes_versions.approve(meeting_id=s.meeting.id, by=f.COORDINATOR, now=LATER)
    return s


async def editor(user: User, s: Scene) -> int:
    account = await as_coordinator(user, f'/moeder/{s.meeting.id}/referat')
    await user.should_see(marker='facts')
    return account


async def an_action(s: Scene) -> ActionItem:
    return await minutes_actions.add_action(meeting_id=s.meeting.id, agenda_item_id=s.talk.id,
                                            what='Afprøv formularen', by=f.COORDINATOR, now=LATER)


async def in_conflict(user: User, s: Scene) -> int:
    """Notes typed on revision 0, someone else saved revision 1, the field left: the conflict dialog is open."""
    account = await editor(user, s)
    user.find(marker=f'notes-{s.talk.id}').type('Min tekst')
    await minutes.save_item(meeting_id=s.meeting.id, agenda_item_id=s.talk.id, notes='Deres tekst', decisions=[],
                            expected_revision=0, by=OTHER, now=LATER)
    user.find(marker=f'notes-{s.talk.id}').trigger('blur')
    await user.should_see('Ikke gemt: en anden har gemt denne tekst i mellemtiden.', retries=actions.RETRIES)
    return account


@case("minutes: save an item's notes on leaving the field", ACT)
async def save_item(user: User) -> Prepared:
    s = await held()
    account = await editor(user, s)
    user.find(marker=f'notes-{s.talk.id}').type('DBC fortalte om «Bibliotek.dk».')
    return Prepared(account, lambda: user.find(marker=f'notes-{s.talk.id}').trigger('blur'), 'Gemt kl.')


@case('minutes: save the referent on Enter', ACT)
async def save_referent(user: User) -> Prepared:
    s = await held()
    account = await editor(user, s)
    user.find(marker='referent').type('Mette Ølgaard')
    return Prepared(account, lambda: user.find(marker='referent').trigger('keydown.enter'), 'Gemt kl.')


@case('minutes: keep my text in a conflict', ACT)
async def keep_mine(user: User) -> Prepared:
    s = await held()
    account = await in_conflict(user, s)
    return Prepared(account, click(user, 'conflict-keep-mine'), 'Gemt kl.')


@case('minutes: save a merged text in a conflict', ACT)
async def save_merged(user: User) -> Prepared:
    s = await held()
    account = await in_conflict(user, s)
    return Prepared(account, click(user, 'conflict-save-merged'), 'Gemt kl.')


@case('minutes: add an action item', ACT)
async def add_action(user: User) -> Prepared:
    s = await held()
    account = await editor(user, s)
    user.find(marker=f'add-action-{s.talk.id}').click()
    await user.should_see(marker='action-heading', content='Tilføj opfølgningspunkt', retries=actions.RETRIES)
    user.find(marker='action-what').type('Send slides rundt')
    user.find(marker='action-deadline').elements.pop().value = '2026-04-01'
    return Prepared(account, click(user, 'action-save'), 'Opfølgningspunktet er gemt.')


@case('minutes: edit an action item', ACT)
async def edit_action(user: User) -> Prepared:
    s = await held()
    action = await an_action(s)
    account = await editor(user, s)
    user.find(marker=f'action-edit-{action.id}').click()
    await user.should_see(marker='action-heading', content='Rediger opfølgningspunkt', retries=actions.RETRIES)
    user.find(marker='action-name').type('Ole Hansen (DBC)')
    return Prepared(account, click(user, 'action-save'), 'Opfølgningspunktet er gemt.')


@case('minutes: mark an action item done (also after approval)', ACT)
async def mark_done(user: User) -> Prepared:
    s = await held()
    action = await an_action(s)
    await written(s)
    await minutes_versions.approve(meeting_id=s.meeting.id, by=f.COORDINATOR, now=LATER)
    account = await editor(user, s)
    return Prepared(account, click(user, f'action-done-{action.id}'), 'Markeret som udført.')


@case('minutes: delete an action item', ACT)
async def delete_action(user: User) -> Prepared:
    s = await held()
    action = await an_action(s)
    account = await editor(user, s)
    user.find(marker=f'action-delete-{action.id}').click()
    await user.should_see('Opfølgningspunktet «Afprøv formularen» slettes.', retries=actions.RETRIES)
    return Prepared(account, click(user, 'confirm-ok'), 'Opfølgningspunktet er slettet.')


@case('minutes: approve', ACT)
async def approve(user: User) -> Prepared:
    s = await held()
    await written(s)
    account = await editor(user, s)
    user.find(marker='approve').click()
    await user.should_see('Godkend referatet?', retries=actions.RETRIES)
    return Prepared(account, click(user, 'confirm-ok'), 'Referatet er godkendt som version 1.')


@case('minutes: reopen with a reason', ACT)
async def reopen(user: User) -> Prepared:
    s = await held(approved=True)
    account = await editor(user, s)
    user.find(marker='reopen').click()
    user.find(marker='reopen-reason').type('Et punkt mangler')
    return Prepared(account, click(user, 'reopen-confirm'), 'Referatet er genåbnet.')


@case('minutes: send by e-mail', ACT)
async def send_email(user: User) -> Prepared:
    s = await held(approved=True)
    account = await editor(user, s)
    user.find(marker='send-email').click()
    await user.should_see('Version 1 sendes som PDF til 6 aktive medlemmer.', retries=actions.RETRIES)
    return Prepared(account, click(user, 'confirm-ok'), 'Referatet ligger i udbakken til 6 medlemmer.')


@case('minutes: record the posting on "For biblioteker"', ACT)
async def record_posting(user: User) -> Prepared:
    s = await held(approved=True)
    account = await editor(user, s)
    return Prepared(account, click(user, 'record-posting'), 'Opslaget på "For biblioteker" er registreret.')


# Defined after the cases: parametrised by what they registered. Without SMTP nothing leaves the outbox by itself.
@pytest.mark.usefixtures('no_smtp')
@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('name', list(CASES.cases))
async def test_an_action(user: User, name: str, mode: str) -> None:
    await actions.run(user, CASES.cases[name], mode)

