"""Referat (/moeder/{id}/referat) in the simulated browser: notes, decisions and the referent saved as you go; a second
writer's save shown beside mine (keep mine, take theirs, merge) and never overwritten; text typed but not saved kept
through a live redraw; action items added, edited, done and deleted with errors at the field; approval, reopening
with a reason and the PDF of each version (coordinator only); sending out by e-mail and recording the posting; members
and visitors kept out; the link from the meeting's page."""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

import pytest
from nicegui.testing import User

from flnet_ui.services import agenda, minutes, minutes_actions, minutes_versions, networks
from flnet_ui.services.audit import Actor
from models import (
    ActionItem,
    ActionStatus,
    AgendaKind,
    AuditEntry,
    DistributionChannel,
    MeetingStatus,
    Minutes,
    MinutesDistribution,
    MinutesItem,
    MinutesStatus,
    OutgoingMail,
)
from tests import factories as f
from tests.login import COORDINATOR_EMAIL, coordinator_login, member_login
from tests.minutes_scene import BEFORE, LATER, MARKS, Scene, close_it, scene, with_groups, written

OTHER = Actor(None, 'anden@statsbiblioteket.dk')
FILE_NAME = 'referat-2026-03-04-fjernlaan-i-en-digital-tid.pdf'
SLOW = 30   # should_see attempts (0.1 s apart) after a change that redraws the page or builds a PDF


async def held(*, close: bool = True) -> Scene:
    """The minutes scene (tests/minutes_scene.py) in the network the pages show."""
    net = await networks.default_network()
    for name in [*MARKS, 'Dorte Nielsen']:
        await f.member(net, now=BEFORE, name=name)
    return await scene(net=net, close=close)


def path(s: Scene) -> str:
    return f'/moeder/{s.meeting.id}/referat'


async def until(check: Callable[[], Awaitable[bool]]) -> None:
    for _attempt in range(100):
        if await check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError('never happened')


async def stored(s: Scene, item_id: int) -> MinutesItem | None:
    return await MinutesItem.get_or_none(minutes__meeting_id=s.meeting.id, agenda_item_id=item_id)


async def open_editor(user: User, s: Scene) -> None:
    await coordinator_login(user)
    await user.open(path(s))
    await user.should_see(marker='facts', retries=SLOW)


def field_value(user: User, marker: str) -> str:
    return str(user.find(marker=marker).elements.pop().value or '')


async def test_notes_decisions_and_the_referent_are_saved_as_you_go(user: User) -> None:
    s = await held(close=False)
    await with_groups(s)   # while the meeting runs; then it is closed
    await close_it(s.meeting)
    await open_editor(user, s)
    await user.should_see('Referat: Fjernlån i en digital tid', retries=SLOW)
    await user.should_see('Deltagere (3 personer)', retries=SLOW)
    await user.should_see('Anne Zacho, Carl Ågesen, Aase Holm', retries=SLOW)   # Danish order: Aa is Å, after Z and Åg
    await user.should_see('Udeblevne (1 person)', retries=SLOW)
    await user.should_see('Fravær aftalt (1 person)', retries=SLOW)
    await user.should_see(marker='to-roll-call', retries=SLOW)
    await user.should_see('Nej: gebyrer skræmmer lånerne væk.', retries=SLOW)   # group 2's outcome, under its item
    await user.should_see(marker=f'to-groups-{s.group_work.id}', retries=SLOW)

    talk = s.talk.id
    user.find(marker=f'notes-{talk}').type('DBC fortalte om «Bibliotek.dk».')
    await user.should_see('Ikke gemt endnu.', retries=SLOW)
    user.find(marker=f'decisions-{talk}').type('Vi afprøver formularen.\n\nVi mødes igen i maj.')
    user.find(marker=f'decisions-{talk}').trigger('blur')
    await until(lambda: _has(s, talk, 'DBC fortalte om «Bibliotek.dk».'))
    row = await stored(s, talk)
    assert row is not None and row.decisions == 'Vi afprøver formularen.\nVi mødes igen i maj.' and row.revision == 1
    await user.should_see('Gemt kl.', retries=SLOW)

    user.find(marker=f'decisions-{talk}').trigger('blur')   # nothing typed since: nothing saved again
    await asyncio.sleep(0.1)
    assert (await stored(s, talk)).revision == 1  # type: ignore[union-attr]

    user.find(marker='referent').type('Mette Ølgaard')
    user.find(marker='referent').trigger('keydown.enter')
    await until(lambda: _referent_is(s, 'Mette Ølgaard'))
    assert await AuditEntry.filter(subject='minutes', action='save item', actor_name=COORDINATOR_EMAIL).count() == 1


async def test_another_writers_save_shows_live_and_a_draft_survives_a_redraw(user: User) -> None:
    s = await held()
    await open_editor(user, s)
    await minutes.save_item(meeting_id=s.meeting.id, agenda_item_id=s.welcome.id, notes='Velkommen til alle.',
                            decisions=[], expected_revision=0, by=OTHER, now=LATER)
    await until(lambda: _shown(user, f'notes-{s.welcome.id}', 'Velkommen til alle.'))

    user.find(marker=f'notes-{s.talk.id}').type('Halvfærdig tekst')
    await minutes_actions.add_action(meeting_id=s.meeting.id, what='Ring til DBC', by=OTHER, now=LATER)
    await user.should_see('Ring til DBC', retries=SLOW)   # the page is redrawn for the new action item ...
    assert field_value(user, f'notes-{s.talk.id}') == 'Halvfærdig tekst'   # ... and the unsaved text is still there


@pytest.mark.parametrize('choice', ['keep mine', 'take theirs', 'merge'])
async def test_a_conflict_shows_both_texts_and_the_writer_chooses(user: User, choice: str) -> None:
    s = await held()
    await open_editor(user, s)
    talk = s.talk.id
    user.find(marker=f'notes-{talk}').type('Min tekst')   # typed on the revision the page read (0) ...
    await minutes.save_item(meeting_id=s.meeting.id, agenda_item_id=talk, notes='Deres tekst',
                            decisions=['Deres beslutning'], expected_revision=0, by=OTHER, now=LATER)
    await asyncio.sleep(0.05)
    assert field_value(user, f'notes-{talk}') == 'Min tekst'   # ... and not replaced by theirs meanwhile
    user.find(marker=f'notes-{talk}').trigger('blur')
    await user.should_see(marker='conflict-dialog', retries=SLOW)
    await user.should_see('Deres tekst (gemt af anden@statsbiblioteket.dk kl.', retries=SLOW)
    await user.should_see('gemte denne tekst kl.', retries=SLOW)
    await user.should_see('Ikke gemt: en anden har gemt denne tekst i mellemtiden.', retries=SLOW)
    assert (await stored(s, talk)).notes == 'Deres tekst'  # type: ignore[union-attr]

    if choice == 'keep mine':
        user.find(marker='conflict-keep-mine').click()
        await until(lambda: _has(s, talk, 'Min tekst'))
        assert (await stored(s, talk)).revision == 2  # type: ignore[union-attr]
    elif choice == 'take theirs':
        user.find(marker='conflict-take-theirs').click()
        await until(lambda: _shown(user, f'notes-{talk}', 'Deres tekst'))
        assert field_value(user, f'decisions-{talk}') == 'Deres beslutning'
        user.find(marker=f'notes-{talk}').trigger('blur')   # nothing of mine is left to save
        await asyncio.sleep(0.1)
        row = await stored(s, talk)
        assert row is not None and (row.notes, row.revision) == ('Deres tekst', 1)
    else:
        assert field_value(user, 'conflict-merged-0') == 'Deres tekst\nMin tekst'   # a merge starts with both
        assert field_value(user, 'conflict-merged-1') == 'Deres beslutning'
        user.find(marker='conflict-merged-0').elements.pop().value = 'Deres tekst og min tekst'
        user.find(marker='conflict-save-merged').click()
        await until(lambda: _has(s, talk, 'Deres tekst og min tekst'))
        assert (await stored(s, talk)).decisions == 'Deres beslutning'  # type: ignore[union-attr]
        await until(lambda: _shown(user, f'notes-{talk}', 'Deres tekst og min tekst'))


async def test_action_items_are_added_edited_marked_done_and_deleted(user: User) -> None:
    s = await held()
    await open_editor(user, s)
    user.find(marker=f'add-action-{s.talk.id}').click()
    await user.should_see(marker='action-heading', content='Tilføj opfølgningspunkt', retries=SLOW)
    user.find(marker='action-save').click()
    await user.should_see('Skriv, hvad der skal gøres.', retries=SLOW)
    user.find(marker='action-what').type('Afprøv den nye bestillingsformular')
    user.find(marker='action-deadline').elements.pop().value = '2026-03-01'
    user.find(marker='action-save').click()
    await user.should_see('Fristen kan ikke ligge før mødedagen.', retries=SLOW)
    user.find(marker='action-deadline').elements.pop().value = '2026-04-01'
    user.find(marker='action-responsible').elements.pop().value = s.people['Aase Holm'].id
    user.find(marker='action-save').click()
    await user.should_see('Opfølgningspunktet er gemt.', retries=SLOW)
    action = await ActionItem.get(meeting_id=s.meeting.id)
    assert (action.agenda_item_id, action.responsible_id, action.deadline) == (
        s.talk.id, s.people['Aase Holm'].id, dt.date(2026, 4, 1))
    await user.should_see('Ansvarlig: Aase Holm · Frist: 1. apr. 2026 · Status: åben', retries=SLOW)

    user.find(marker=f'action-edit-{action.id}').click()
    await user.should_see(marker='action-heading', content='Rediger opfølgningspunkt', retries=SLOW)
    assert field_value(user, 'action-what') == 'Afprøv den nye bestillingsformular'
    user.find(marker='action-responsible').elements.pop().value = None
    user.find(marker='action-name').type('Ole Hansen (DBC)')
    user.find(marker='action-save').click()
    await until(lambda: _responsible_is(action.id, 'Ole Hansen (DBC)'))
    assert (await ActionItem.get(id=action.id)).agenda_item_id == s.talk.id   # stays under its item
    await user.should_see('Ansvarlig: Ole Hansen (DBC)', retries=SLOW)   # redrawn

    user.find(marker='add-action-meeting').click()
    await user.should_see(marker='action-heading', content='Tilføj opfølgningspunkt', retries=SLOW)
    await user.should_see('Hører til: mødet som helhed', retries=SLOW)
    user.find(marker='action-what').type('Find vært til efterårsmødet')
    user.find(marker='action-save').click()
    await until(lambda: ActionItem.filter(meeting_id=s.meeting.id, agenda_item_id=None).exists())
    whole = await ActionItem.get(meeting_id=s.meeting.id, agenda_item_id=None)
    await user.should_see(marker=f'action-done-{whole.id}', retries=SLOW)   # the redraw after the save is done

    user.find(marker=f'action-done-{action.id}').click()
    await user.should_see('Markeret som udført.', retries=SLOW)
    assert (await ActionItem.get(id=action.id)).status == ActionStatus.DONE

    user.find(marker=f'action-delete-{action.id}').click()
    await user.should_see('Opfølgningspunktet «Afprøv den nye bestillingsformular» slettes.', retries=SLOW)
    user.find(marker='confirm-ok').click()
    await user.should_see('Opfølgningspunktet er slettet.', retries=SLOW)
    assert not await ActionItem.exists(id=action.id)


async def test_a_conflicting_action_edit_shows_their_text(user: User) -> None:
    s = await held()
    action = await minutes_actions.add_action(meeting_id=s.meeting.id, what='Skriv til leverandøren',
                                              by=f.COORDINATOR, now=LATER)
    await open_editor(user, s)
    user.find(marker=f'action-edit-{action.id}').click()
    await user.should_see(marker='action-heading', content='Rediger opfølgningspunkt', retries=SLOW)
    await minutes_actions.update_action(action_id=action.id, what='Skriv til DBC', expected_revision=0, by=OTHER,
                                        now=LATER)
    user.find(marker='action-what').elements.pop().value = 'Skriv til Bibliotek.dk'
    user.find(marker='action-save').click()
    await user.should_see('Deres tekst: Skriv til DBC', retries=SLOW)
    assert (await ActionItem.get(id=action.id)).what == 'Skriv til DBC'
    user.find(marker='action-save').click()   # seen both: keeps mine
    await user.should_see('Opfølgningspunktet er gemt.', retries=SLOW)
    assert (await ActionItem.get(id=action.id)).what == 'Skriv til Bibliotek.dk'


async def test_approve_download_reopen_with_a_reason(user: User) -> None:
    s = await held()
    await open_editor(user, s)
    user.find(marker='approve').click()
    await user.should_see('Godkend referatet?', retries=SLOW)
    user.find(marker='confirm-ok').click()
    await user.should_see('Skriv, hvem der har taget referat (referenten), før referatet godkendes.', retries=SLOW)
    assert (await Minutes.get_or_none(meeting_id=s.meeting.id)) is None

    await written(s)
    await until(lambda: _shown(user, 'referent', 'Mette Ølgaard, Statsbiblioteket'))
    await user.should_see(marker='preview-pdf', retries=SLOW)
    draft = await user.http_client.get(f'{path(s)}/udkast.pdf')
    assert draft.status_code == 200 and draft.content.startswith(b'%PDF')
    user.find(marker='approve').click()
    await user.should_see('Godkend referatet?', retries=SLOW)
    user.find(marker='confirm-ok').click()
    await user.should_see('Referatet er godkendt som version 1.', retries=SLOW)
    assert (await Minutes.get(meeting_id=s.meeting.id)).status == MinutesStatus.APPROVED
    await user.should_see(marker='locked', retries=SLOW)
    await user.should_see(marker='version-pdf-1', retries=SLOW)
    await user.should_see('DBC fortalte om «Bibliotek.dk».', retries=SLOW)
    await user.should_not_see(marker=f'notes-{s.talk.id}')

    response = await user.http_client.get(f'{path(s)}/version/1.pdf')
    assert response.status_code == 200 and response.content.startswith(b'%PDF')
    assert response.headers['content-type'] == 'application/pdf'
    assert response.headers['content-disposition'] == f'attachment; filename="{FILE_NAME}"'
    assert (await user.http_client.get(f'{path(s)}/version/2.pdf')).status_code == 404

    user.find(marker='reopen').click()
    user.find(marker='reopen-confirm').click()
    await user.should_see('Skriv, hvorfor referatet genåbnes.', retries=SLOW)
    user.find(marker='reopen-reason').type('Et punkt mangler')
    user.find(marker='reopen-confirm').click()
    await user.should_see('Referatet er genåbnet.', retries=SLOW)
    assert (await Minutes.get(meeting_id=s.meeting.id)).status == MinutesStatus.DRAFT
    entry = await AuditEntry.get(subject='minutes', action='reopen')
    assert entry.reason == 'Et punkt mangler'
    await user.should_see(marker=f'notes-{s.talk.id}', retries=SLOW)
    await user.should_see(marker='version-pdf-1', retries=SLOW)   # the kept version stays


async def test_a_running_meeting_is_written_but_not_approved(user: User) -> None:
    s = await held(close=False)
    assert s.meeting.status == MeetingStatus.RUNNING
    pause = await agenda.add_item(meeting_id=s.meeting.id, kind=AgendaKind.BREAK, title='Kaffepause',
                                  duration_minutes=15, by=f.COORDINATOR, now=LATER)
    await open_editor(user, s)
    await user.should_see(marker=f'notes-{s.talk.id}', retries=SLOW)
    await user.should_see(marker=f'item-{pause.id}')
    await user.should_see('Kaffepause')
    await user.should_not_see(marker=f'notes-{pause.id}')   # a break has nothing to write down
    await user.should_not_see(marker=f'add-action-{pause.id}')
    await user.should_see('Luk mødet, før referatet godkendes: deltagerlisterne skal være endelige.', retries=SLOW)
    await user.should_not_see(marker='approve')


@pytest.mark.usefixtures('no_smtp')
async def test_approved_minutes_are_sent_by_email_and_the_posting_recorded(user: User) -> None:
    s = await held()
    await written(s)
    await minutes_versions.approve(meeting_id=s.meeting.id, by=f.COORDINATOR, now=LATER)
    await open_editor(user, s)
    await user.should_see(marker='distribution', retries=SLOW)
    assert '/referater' in field_value(user, 'posting-text')
    user.find(marker='send-email').click()
    await user.should_see('Version 1 sendes som PDF til 6 aktive medlemmer.', retries=SLOW)
    user.find(marker='confirm-ok').click()
    await user.should_see('Referatet ligger i udbakken til 6 medlemmer.', retries=SLOW)   # a PDF is built first
    assert await OutgoingMail.all().count() == 6
    await user.should_see(marker='done-email', retries=SLOW)
    await user.should_see(marker='sent-email-1', retries=SLOW)
    await user.should_see('6 modtagere', retries=SLOW)

    user.find(marker='record-posting').click()
    await user.should_see('Opslaget på "For biblioteker" er registreret.', retries=SLOW)
    assert await MinutesDistribution.filter(channel=DistributionChannel.FOR_BIBLIOTEKER).count() == 1
    await user.should_see(marker='sent-for_biblioteker-1', retries=SLOW)
    assert (await Minutes.get(meeting_id=s.meeting.id)).status == MinutesStatus.DISTRIBUTED
    await user.should_see('udsendt', retries=SLOW)


async def test_members_and_visitors_cannot_open_the_page_or_the_pdfs(user: User) -> None:
    s = await held()
    await written(s)
    await minutes_versions.approve(meeting_id=s.meeting.id, by=f.COORDINATOR, now=LATER)
    await user.open(path(s))
    await user.should_see(marker='password', retries=SLOW)
    for pdf in ('version/1.pdf', 'udkast.pdf'):
        response = await user.http_client.get(f'{path(s)}/{pdf}', follow_redirects=False)
        assert response.status_code == 403 and not response.content.startswith(b'%PDF')
    await member_login(user, s.people['Anne Zacho'])
    await user.open(path(s))
    await user.should_see(marker='no-access', retries=SLOW)
    await user.should_not_see(marker='facts')
    for pdf in ('version/1.pdf', 'udkast.pdf'):
        assert (await user.http_client.get(f'{path(s)}/{pdf}', follow_redirects=False)).status_code == 403


async def test_the_meetings_page_links_to_the_minutes_once_the_meeting_has_begun(user: User) -> None:
    s = await held()
    await coordinator_login(user)
    await user.open(f'/moeder/{s.meeting.id}')
    await user.should_see(marker='to-minutes', retries=SLOW)
    await user.open('/moeder/999999/referat')
    await user.should_see(marker='not-found', retries=SLOW)


async def _has(s: Scene, item_id: int, notes: str) -> bool:
    row = await stored(s, item_id)
    return row is not None and row.notes == notes


async def _referent_is(s: Scene, name: str) -> bool:
    found = await Minutes.get_or_none(meeting_id=s.meeting.id)
    return found is not None and found.referent == name


async def _responsible_is(action_id: int, name: str) -> bool:
    action = await ActionItem.get(id=action_id)
    return action.responsible_id is None and action.responsible_name == name


async def _shown(user: User, marker: str, text: str) -> bool:
    return field_value(user, marker) == text


async def test_text_typed_when_someone_else_approves_is_shown_not_dropped(user: User) -> None:
    s = await held()
    await written(s)
    await open_editor(user, s)
    user.find(marker=f'notes-{s.welcome.id}').type('Skrevet lige før godkendelsen')
    await minutes_versions.approve(meeting_id=s.meeting.id, by=OTHER, now=LATER)
    await user.should_see(marker='locked', retries=SLOW)
    await user.should_see(marker=f'unsaved-{s.welcome.id}', retries=SLOW)
    await user.should_see('Skrevet lige før godkendelsen', retries=SLOW)
    assert (await stored(s, s.welcome.id)) is None
