"""Medlemmer and a person's page: access, the main flow, bad input at the field, import, export and live updates."""
from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from nicegui import ui
from nicegui.testing import User

from flnet_ui.services import membership, networks
from flnet_ui.services.audit import SYSTEM
from models import AttendanceStatus, AuditEntry, Membership, MembershipStatus, Person
from tests import factories as f
from tests.login import coordinator_login, member_login


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def _apply(name: str, email: str, *, approve: bool = True, library_id: int | None = None) -> Membership:
    network = await networks.default_network()
    return await membership.apply(network_id=network.id, name=name, email=email, approve=approve,
                                  library_id=library_id, by=SYSTEM, now=now())


async def _status(m: Membership) -> str:
    return (await Membership.get(id=m.id)).status


async def test_a_visitor_is_sent_to_the_login_page(user: User) -> None:
    await user.open('/medlemmer')
    await user.should_see(marker='email')
    await user.should_not_see(marker='member-table')
    await user.open('/medlemmer/1')
    await user.should_see(marker='password')


async def test_a_member_is_told_the_pages_are_not_for_them(user: User) -> None:
    m = await member_login(user, await _apply('Bo Ærenlund', 'bo@bib.dk'))
    for path in ('/medlemmer', f'/medlemmer/{m.id}'):
        await user.open(path)
        await user.should_see(marker='no-access')
        await user.should_not_see('bo@bib.dk')


async def test_the_list_is_in_danish_order_with_counts_and_filters(user: User) -> None:
    east = await f.library('Køge Bibliotekerne', 'Køge')
    await _apply('Aase Aagaard', 'aase@bib.dk')
    await _apply('Zahle Holm', 'zahle@bib.dk', library_id=east.id)
    await _apply('Ærenlund Bo', 'baer@bib.dk', approve=False)
    await coordinator_login(user)
    await user.open('/medlemmer')
    await user.should_see('2 aktive, 1 ansøgning til behandling')
    table = user.find(marker='member-table').elements.pop()
    names = [link.text for link in table.descendants() if isinstance(link, ui.link)]
    assert names == ['Zahle Holm', 'Ærenlund Bo', 'Aase Aagaard']
    user.find(marker='search').type('køge')
    await user.should_not_see('Aase Aagaard')
    await user.should_see('Zahle Holm')
    user.find(marker='search').clear()
    user.find(marker='filter-status').click()
    user.find('ansøgning modtaget').click()
    await user.should_not_see('Zahle Holm')
    await user.should_see(marker='applications')


async def test_add_a_member_approved_at_once_and_with_a_new_library(user: User) -> None:
    await coordinator_login(user)
    await user.open('/medlemmer')
    user.find(marker='add-member').click()
    user.find(marker='add-name').type('Søren Østergaard')
    user.find(marker='add-email').type('Soren@Bib.dk')
    user.find(marker='new-library-toggle').click()
    user.find(marker='municipality').click()
    user.find('Ærø').click()
    user.find(marker='library-name').type('Ærø Bibliotek')
    user.find(marker='add-library').click()
    await user.should_see('Biblioteket blev tilføjet.')
    user.find(marker='add-job-title').type('Bibliotekar')
    user.find(marker='add-save').click()
    await user.should_see('Søren Østergaard blev tilføjet: aktiv.')
    person = await Person.get(email='soren@bib.dk').select_related('library')
    assert person.library is not None and person.library.municipality == 'Ærø'
    assert (await Membership.get(person=person)).status == MembershipStatus.ACTIVE
    await user.should_see('1 aktiv')


async def test_adding_with_bad_input_shows_danish_errors_at_the_fields_and_saves_nothing(user: User) -> None:
    await _apply('Bent Bøgh', 'bent@bib.dk')
    await coordinator_login(user)
    await user.open('/medlemmer')
    user.find(marker='add-member').click()
    user.find(marker='add-save').click()
    await user.should_see('Skriv navnet.')
    user.find(marker='add-name').type('Anden Bent')
    user.find(marker='add-email').type('bent@bib.dk')
    user.find(marker='add-save').click()
    await user.should_see('Denne e-mailadresse har allerede en ansøgning eller et medlemskab.')
    assert await Person.all().count() == 1


async def test_approve_and_reject_pending_applications(user: User) -> None:
    anne = await _apply('Anne Holm', 'anne@bib.dk', approve=False)
    bo = await _apply('Bo Friis', 'bo@bib.dk', approve=False)
    await coordinator_login(user)
    await user.open('/medlemmer')
    user.find(marker=f'approve-{anne.id}').click()
    await user.should_see('Anne Holm fik en plads.')
    assert await _status(anne) == MembershipStatus.ACTIVE
    user.find(marker=f'reject-{bo.id}').click()
    user.find(marker='reason-confirm').click()
    await user.should_see('Skriv en begrundelse.')
    assert await _status(bo) == MembershipStatus.PENDING
    user.find(marker='reason').type('Arbejder ikke med fjernlån')
    user.find(marker='reason-confirm').click()
    await user.should_see('Ansøgningen fra Bo Friis blev afvist.')
    assert await _status(bo) == MembershipStatus.REJECTED
    entry = await AuditEntry.filter(subject_id=bo.id, to_value=MembershipStatus.REJECTED).first()
    assert entry is not None and entry.reason == 'Arbejder ikke med fjernlån'


async def test_the_list_follows_changes_made_elsewhere(user: User) -> None:
    await coordinator_login(user)
    await user.open('/medlemmer')
    await user.should_see('Ingen medlemmer endnu.')
    await _apply('Live Lund', 'live@bib.dk')
    await user.should_see('Live Lund')
    await user.should_see('1 aktiv')


async def test_the_list_shows_fifty_people_a_page_and_keeps_its_page_through_changes(user: User) -> None:
    for n in range(1, 62):
        await _apply(f'Medlem {n:02d}', f'medlem{n}@bib.dk')
    await coordinator_login(user)
    await user.open('/medlemmer')
    await user.should_see('Viser 1–50 af 61')
    assert _names(user)[0] == 'Medlem 01' and _names(user)[-1] == 'Medlem 50' and len(_names(user)) == 50
    previous, following = _button(user, 'previous-page'), _button(user, 'next-page')
    assert (previous.enabled, following.enabled) == (False, True)

    user.find(marker='next-page').click()
    await user.should_see('Viser 51–61 af 61')
    assert _names(user) == [f'Medlem {n:02d}' for n in range(51, 62)]
    assert (previous.enabled, following.enabled) == (True, False)   # the same buttons: the focus stays on them

    await _apply('Medlem 99', 'medlem99@bib.dk')   # a change elsewhere redraws the list on the page it was on
    await user.should_see('Viser 51–62 af 62')
    assert _names(user)[-1] == 'Medlem 99'

    user.find(marker='search').type('Medlem')   # a search starts on the first page
    await user.should_see('Viser 1–50 af 62')
    user.find(marker='search').type(' 0')   # nine fit on one page: no pager
    await user.should_not_see('Medlem 10')
    assert _names(user) == [f'Medlem {n:02d}' for n in range(1, 10)]
    await user.should_not_see(marker='pager')
    user.find(marker='search').clear()
    await user.should_see('Viser 1–50 af 62')
    user.find(marker='previous-page').click()   # disabled on the first page: nothing happens
    await user.should_see('Viser 1–50 af 62')


def _names(user: User) -> list[str]:
    table = user.find(marker='member-table').elements.pop()
    return [link.text for link in table.descendants() if isinstance(link, ui.link)]


def _button(user: User, marker: str) -> ui.button:
    found = user.find(marker=marker).elements.pop()
    assert isinstance(found, ui.button)
    return found


async def test_import_previews_errors_and_imports_only_valid_rows_on_confirm(user: User) -> None:
    from nicegui.elements.upload_files import SmallFileUpload
    await coordinator_login(user)
    await user.open('/medlemmer')
    user.find(marker='import-members').click()
    data = 'Navn;E-mail;Bibliotek;Kommune\r\nÅse Ø;aase@bib.dk;;\r\n;uden@bib.dk;;\r\n'.encode('cp1252')
    upload = user.find(marker='import-upload').elements.pop()
    assert isinstance(upload, ui.upload)
    await upload.handle_uploads([SmallFileUpload(name='m.csv', content_type='text/csv', _data=data)])
    await user.should_see('Linje 3: Skriv navnet.')
    await user.should_see('1 række kan importeres; 1 række har fejl og springes over')
    assert await Person.all().count() == 0  # nothing before confirm
    user.find(marker='import-confirm').click()
    await user.should_see('Importeret: 1 aktive, 0 på ventelisten.')
    assert [p.name for p in await Person.all()] == ['Åse Ø']


async def test_export_downloads_csv_and_xlsx(user: User) -> None:
    await _apply('Eksport Person', 'eks@bib.dk')
    await coordinator_login(user)
    await user.open('/medlemmer')
    user.find(marker='export-csv').click()
    response = await user.download.next()
    assert response.content.startswith(b'\xef\xbb\xbf') and 'Eksport Person' in response.content.decode('utf-8-sig')
    user.find(marker='export-xlsx').click()
    response = await user.download.next()
    assert response.content[:2] == b'PK'


async def test_person_page_shows_status_streak_attendance_and_timeline(user: User) -> None:
    network = await networks.default_network()
    m = await membership.apply(network_id=network.id, name='Tine Thomsen', email='tine@bib.dk', approve=True,
                               by=SYSTEM, now=now() - dt.timedelta(days=60))
    await f.held_meeting(network, dt.date.today() - dt.timedelta(days=30), {m.id: AttendanceStatus.APOLOGY})
    await coordinator_login(user)
    await user.open(f'/medlemmer/{m.id}')
    await user.should_see('Tine Thomsen')
    await user.should_see('Aktiv')
    await user.should_see('1 fravær i træk')
    await user.should_see(marker='attendance-row')
    await user.should_see('afbud')
    await user.should_see('Status: ansøgning modtaget → aktiv')


async def test_edit_with_a_duplicate_e_mail_shows_the_error_at_the_field_and_saves_nothing(user: User) -> None:
    await _apply('Bent Bøgh', 'bent@bib.dk')
    m = await _apply('Åse Holm', 'aase@bib.dk')
    await coordinator_login(user)
    await user.open(f'/medlemmer/{m.id}')
    user.find(marker='edit').click()
    user.find(marker='edit-email').clear().type('BENT@bib.dk')
    user.find(marker='edit-name').clear().type('Åse Holm-Berg')
    user.find(marker='edit-save').click()
    await user.should_see('En anden person har allerede denne e-mailadresse.')
    person = await Person.get(id=m.person_id)
    assert (person.name, person.email) == ('Åse Holm', 'aase@bib.dk')
    user.find(marker='edit-email').clear().type('aase.berg@bib.dk')
    user.find(marker='edit-phone').type('ring mig op')
    user.find(marker='edit-save').click()
    await user.should_see('Skriv et gyldigt telefonnummer, f.eks. +45 12 34 56 78.')
    user.find(marker='edit-phone').clear().type('+45 12 34 56 78')
    user.find(marker='edit-save').click()
    await user.should_see('E-mail ændret: "aase@bib.dk" → "aase.berg@bib.dk"')
    assert (await Person.get(id=m.person_id)).name == 'Åse Holm-Berg'


async def test_resign_then_reinstate_from_the_person_page(user: User) -> None:
    m = await _apply('Rikke Rasmussen', 'rikke@bib.dk')
    await coordinator_login(user)
    await user.open(f'/medlemmer/{m.id}')
    user.find(marker='resign').click()
    user.find(marker='reason').type('Nyt job')
    user.find(marker='reason-confirm').click()
    await user.should_see('Udmeldt')
    assert await _status(m) == MembershipStatus.RESIGNED
    user.find(marker='reinstate').click()
    user.find(marker='reason-confirm').click()
    await user.should_see('Skriv en begrundelse.')
    assert await _status(m) == MembershipStatus.RESIGNED
    user.find(marker='reason').type('Tilbage fra orlov')
    user.find(marker='reason-confirm').click()
    await user.should_see('Status: udmeldt → aktiv')
    assert await _status(m) == MembershipStatus.ACTIVE


async def test_withdraw_from_the_waitlist_and_an_unknown_member(user: User) -> None:
    network = await networks.default_network()
    await membership.set_capacity(network_id=network.id, capacity=1, by=SYSTEM, now=now())
    await _apply('Først', 'first@bib.dk')
    waiting = await _apply('Venter Vestergaard', 'venter@bib.dk')
    await coordinator_login(user)
    await user.open(f'/medlemmer/{waiting.id}')
    await user.should_see('Nr. 1 på ventelisten – pladser bliver ledige når medlemmer melder sig ud')
    user.find(marker='withdraw').click()
    user.find(marker='reason-confirm').click()
    await user.should_see('Trukket tilbage')
    assert await _status(waiting) == MembershipStatus.WITHDRAWN
    await user.open('/medlemmer/99999')
    await user.should_see(marker='not-found')


async def test_an_approval_that_another_coordinator_was_first_with_is_refused_on_the_redrawn_page(
        user: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The other approval's change redraws the page while this click's handler is still at the database: the
    button it came from is gone by then, and the refusal must still reach the coordinator, not fail in the server."""
    anne = await _apply('Anne Holm', 'anne@bib.dk', approve=False)
    await coordinator_login(user)
    await user.open(f'/medlemmer/{anne.id}')
    approve = membership.approve

    async def another_coordinator_first(**kwargs: Any) -> object:
        await approve(membership_id=anne.id, by=SYSTEM, now=now())
        await asyncio.sleep(0.5)   # this page follows that change and draws itself again
        return await approve(**kwargs)
    monkeypatch.setattr(membership, 'approve', another_coordinator_first)
    user.find(marker='approve').click()
    await user.should_see('Det kan ikke lade sig gøre, mens status er »aktiv«.', retries=20)
    await user.should_not_see(marker='approve')   # the page was drawn again, as an active member's
    assert await _status(anne) == MembershipStatus.ACTIVE
