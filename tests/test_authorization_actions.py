"""Authorisation matrix, data-changing actions (issue 4 §6): the member list and a person's page. Every handler, for
the coordinator (allowed), an account that lost the role while the page stayed open, and a session that ended (a
visitor) — see tests/actions.py. The other handlers are in test_authorization_actions_waitlist.py (waitlist, offers,
agreements, settings), ..._meetings.py (meetings, roll call, outbox) and ..._members.py (the members' own actions);
the checks at the end of this file fail when a page gets a data-changing handler that none of them covers."""
from __future__ import annotations

import ast
import datetime as dt

import pytest
from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from flnet_ui.services import membership
from flnet_ui.services.audit import SYSTEM
from models import Membership
from tests import actions
from tests.actions import MODES, Prepared, Registry, as_coordinator, click, now, people

CASES = Registry()
case = CASES.case


# --- Medlemmer (pages/members.py, pages/member_dialogs.py) ---

@case('members: add member', ('member_dialogs', 'add_member_dialog.save'))
async def add_member(user: User) -> Prepared:
    account = await as_coordinator(user, '/medlemmer')
    user.find(marker='add-member').click()
    user.find(marker='add-name').type('Søren Østergaard')
    user.find(marker='add-email').type('soren@bib.dk')
    return Prepared(account, click(user, 'add-save'), 'Søren Østergaard blev tilføjet: aktiv.')


@case('members: add library', ('member_dialogs', 'new_library_form.add'))
async def add_library(user: User) -> Prepared:
    account = await as_coordinator(user, '/medlemmer')
    user.find(marker='add-member').click()
    user.find(marker='new-library-toggle').click()
    user.find(marker='municipality').click()
    user.find('Ærø').click()
    user.find(marker='library-name').type('Ærø Bibliotek')
    return Prepared(account, click(user, 'add-library'), 'Biblioteket blev tilføjet.')


@case('members: approve application', ('members', '_approve'))
async def approve_application(user: User) -> Prepared:
    [anne] = await people(['Anne Holm'], approve=False)
    account = await as_coordinator(user, '/medlemmer')
    return Prepared(account, click(user, f'approve-{anne.id}'), 'Anne Holm fik en plads.')


@case('members: reject application', ('members', '_reject.reject'))
async def reject_application(user: User) -> Prepared:
    [bo] = await people(['Bo Friis'], approve=False)
    account = await as_coordinator(user, '/medlemmer')
    user.find(marker=f'reject-{bo.id}').click()
    user.find(marker='reason').type('Arbejder ikke med fjernlån')
    return Prepared(account, click(user, 'reason-confirm'), 'Ansøgningen fra Bo Friis blev afvist.')


@case('members: import CSV', ('member_dialogs', 'import_dialog.confirm'))
async def import_members(user: User) -> Prepared:
    account = await as_coordinator(user, '/medlemmer')
    user.find(marker='import-members').click()
    upload = user.find(marker='import-upload').elements.pop()
    assert isinstance(upload, ui.upload)
    data = 'Navn;E-mail;Bibliotek;Kommune\r\nÅse Ø;aase@bib.dk;;\r\n'.encode('cp1252')
    await upload.handle_uploads([SmallFileUpload(name='m.csv', content_type='text/csv', _data=data)])
    await user.should_see(marker='import-confirm')
    return Prepared(account, click(user, 'import-confirm'), 'Importeret: 1 aktive, 0 på ventelisten.')


@case('members: export (reads, but guarded: a member list is personal data)', ('members', 'members_view.export'))
async def export_members(user: User) -> Prepared:
    await people(['Eksport Person'])
    account = await as_coordinator(user, '/medlemmer')

    async def downloaded() -> None:
        assert 'Eksport Person' in (await user.download.next()).content.decode('utf-8-sig')

    async def nothing_downloaded() -> None:
        assert user.download.http_responses == []
    return Prepared(account, click(user, 'export-csv'), changes=False, allowed_check=downloaded,
                    refused_check=nothing_downloaded)


# --- A person's page (pages/person.py; anonymising in pages/retention.py) ---

async def person_page(user: User, member: Membership, button: str) -> int:
    account = await as_coordinator(user, f'/medlemmer/{member.id}')
    user.find(marker=button).click()
    return account


@case('person: edit contact data', ('person', '_edit_dialog.save'))
async def edit_person(user: User) -> Prepared:
    [aase] = await people(['Åse Holm'])
    account = await person_page(user, aase, 'edit')
    user.find(marker='edit-name').clear().type('Åse Holm-Berg')
    return Prepared(account, click(user, 'edit-save'), 'Gemt.')


@case('person: resign', ('person', '_actions.act'))
async def resign_person(user: User) -> Prepared:
    [rikke] = await people(['Rikke Rasmussen'])
    account = await person_page(user, rikke, 'resign')
    return Prepared(account, click(user, 'reason-confirm'), 'Gemt.')


@case('person: withdraw from the waitlist', ('person', '_actions.act'))
async def withdraw_person(user: User) -> Prepared:
    _first, waiting = await people(['Først Fisker', 'Venter Vestergaard'], capacity=1)
    account = await person_page(user, waiting, 'withdraw')
    return Prepared(account, click(user, 'reason-confirm'), 'Gemt.')


@case('person: reject', ('person', '_actions.act'))
async def reject_person(user: User) -> Prepared:
    [bo] = await people(['Bo Friis'], approve=False)
    account = await person_page(user, bo, 'reject')
    user.find(marker='reason').type('Arbejder ikke med fjernlån')
    return Prepared(account, click(user, 'reason-confirm'), 'Gemt.')


@case('person: reinstate', ('person', '_actions.act'))
async def reinstate_person(user: User) -> Prepared:
    [rikke] = await people(['Rikke Rasmussen'])
    await membership.resign(membership_id=rikke.id, by=SYSTEM, now=now())
    account = await person_page(user, rikke, 'reinstate')
    user.find(marker='reason').type('Tilbage fra orlov')
    return Prepared(account, click(user, 'reason-confirm'), 'Gemt.')


@case('person: approve', ('person', '_approve'))
async def approve_person(user: User) -> Prepared:
    [anne] = await people(['Anne Holm'], approve=False)
    account = await as_coordinator(user, f'/medlemmer/{anne.id}')
    return Prepared(account, click(user, 'approve'), 'Status: ansøgning modtaget → aktiv')


@case('person: anonymise', ('retention', 'AnonymiseDialog.confirm'))
async def anonymise_person(user: User) -> Prepared:
    [gunnar] = await people(['Gammel Gunnar'])
    await membership.resign(membership_id=gunnar.id, by=SYSTEM, now=now())
    account = await person_page(user, gunnar, f'anonymise-{gunnar.person_id}')
    return Prepared(account, click(user, 'anonymise-confirm'), 'Gammel Gunnar er anonymiseret.')


@case('settings: anonymise someone due', ('retention', 'AnonymiseDialog.confirm'))
async def anonymise_due(user: User) -> Prepared:
    [gunnar] = await people(['Gammel Gunnar'], start=now() - dt.timedelta(days=900))
    await membership.resign(membership_id=gunnar.id, by=SYSTEM, now=now() - dt.timedelta(days=800))
    account = await as_coordinator(user, '/indstillinger')
    user.find(marker=f'anonymise-{gunnar.person_id}').click()
    return Prepared(account, click(user, 'anonymise-confirm'), 'Gammel Gunnar er anonymiseret.')


# Defined after the cases: parametrised by what they registered.
@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('name', list(CASES.cases))
async def test_a_coordinator_action(user: User, name: str, mode: str) -> None:
    await actions.run(user, CASES.cases[name], mode)


# --- Completeness: each guarded handler in pages/ is in the matrix; no data change in pages/ skips the guard ---

# The data changes in pages/ that run without access.action_actor, on purpose, and why that is right.
WITHOUT_ACTION_GUARD = {
    ('apply', 'ApplicationFormView.submit', 'applications.submit'): 'the public application form',
    ('login', 'ask_for_link', 'login_links.request_link'): 'asking for a login link is for visitors',
    ('login', 'log_in', 'sessions.log_in'): 'logging in is for visitors',
    ('login', 'log_in_with_link', 'login_links.use_link'): 'logging in is for visitors',
    ('login', 'log_out', 'sessions.log_out'): "logging out ends only the caller's own session",
    ('my_data', 'download', 'sessions.current_user'): "the download route's own check (a stale session is ended)",
    ('agenda', 'download', 'sessions.current_user'): 'reading a material: any login, checked by the route itself',
    ('minutes_editor_parts', '_download_allowed', 'sessions.current_user'):
        "a minutes PDF: the coordinator's download route checks the session itself",
    ('archive_downloads', 'request_user', 'sessions.current_user'): 'the PDFs: any login, checked by the route',
    # Opening the roll call of a meeting that has begun starts it. That is page code, not a handler: the page runs
    # it only after access.page_user(Role.COORDINATOR) and as that user (test_opening_a_roll_call_... proves it).
    ('roll_call', 'RollCallPage.start_if_due', 'roll_call.start_roll_call'): 'page load, after page_user',
}


def every_case() -> list[actions.Case]:
    from tests.test_authorization_actions_archive import CASES as ARCHIVE
    from tests.test_authorization_actions_board import CASES as BOARD
    from tests.test_authorization_actions_meetings import CASES as MEETINGS
    from tests.test_authorization_actions_members import CASES as MEMBERS
    from tests.test_authorization_actions_minutes import CASES as MINUTES
    from tests.test_authorization_actions_waitlist import CASES as WAITLIST
    registries = (CASES, WAITLIST, MEETINGS, MEMBERS, BOARD, MINUTES, ARCHIVE)
    return [registry.cases[name] for registry in registries for name in registry.cases]


def test_every_guarded_handler_in_the_pages_is_in_the_matrix() -> None:
    sites = actions.guard_sites()
    calls = sum(path.read_text(encoding='utf-8').count('action_actor(') for path in actions.PAGES.glob('*.py'))
    assert len(sites) == calls, 'an action_actor( call that is not inside a function, or counted twice'
    assert len(set(sites)) == len(sites), 'two guards in one function: name the handler each protects'
    covered = {case.site for case in every_case()}
    assert sorted(set(sites) - covered) == [], 'a guarded handler without a case in tests/test_authorization_actions*'
    assert sorted(covered - set(sites)) == [], 'a case for a handler that no longer exists'


def test_no_data_change_in_the_pages_runs_without_the_guard() -> None:
    assert actions.unguarded_changes() == set(WITHOUT_ACTION_GUARD)


def test_the_guard_helpers_really_run_the_guard() -> None:
    """The completeness check trusts `act`, `attempt` and `confirm` (actions.HELPERS): each must run the guard."""
    trees = actions.page_modules()
    for helper, modules in actions.HELPERS.items():
        defined = [function for module in modules for name, function in actions.functions(trees[module])
                   if name.rsplit('.', 1)[-1] == helper]
        assert defined, helper
        for function in defined:
            inner = [node for node in ast.walk(function) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef
                                                                       | ast.Lambda)]
            assert any({'action_actor', 'act'} & actions.called_names(node) for node in inner), helper
