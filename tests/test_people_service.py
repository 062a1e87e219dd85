"""Editing a person's contact data, the member list, libraries, and the export files."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from flnet_ui import i18n
from flnet_ui.services import libraries, member_export, membership, people
from flnet_ui.services.errors import DomainError
from models import AuditEntry, Landsdel, Library, MembershipStatus, Person
from tests import factories
from tests.conftest import NOW
from tests.factories import COORDINATOR

pytestmark = pytest.mark.usefixtures('db')


@pytest.fixture(autouse=True)
def danish() -> None:
    i18n.set_language('da')


async def _person(net, name='Åse Østergaard', email='aase@bib.dk'):  # type: ignore[no-untyped-def]
    m = await membership.apply(network_id=net.id, name=name, email=email, approve=True, by=COORDINATOR, now=NOW)
    return m, await Person.get(id=m.person_id)


async def test_update_person_saves_every_field_and_audits_each_change() -> None:
    net = await factories.network()
    library = await factories.library('Odense Bibliotekerne', 'Odense')
    _m, person = await _person(net)
    await people.update_person(person_id=person.id, name='  Åse   Østergaard-Berg ', email='Aase.Berg@BIB.dk',
                               phone='+45 12 34 56 78', job_title='Fjernlånsansvarlig', library_id=library.id,
                               by=COORDINATOR, now=NOW)
    saved = await Person.get(id=person.id)
    assert (saved.name, saved.email, saved.phone, saved.job_title, saved.library_id) == (
        'Åse Østergaard-Berg', 'aase.berg@bib.dk', '+45 12 34 56 78', 'Fjernlånsansvarlig', library.id)
    entries = await AuditEntry.filter(subject='person', subject_id=person.id, action='edit').order_by('id')
    assert [(e.reason, e.from_value, e.to_value) for e in entries] == [
        ('name', 'Åse Østergaard', 'Åse Østergaard-Berg'), ('email', 'aase@bib.dk', 'aase.berg@bib.dk'),
        ('phone', '', '+45 12 34 56 78'), ('job_title', '', 'Fjernlånsansvarlig'),
        ('library', '', 'Odense Bibliotekerne')]
    assert all(e.actor_name == COORDINATOR.name and e.person_id == person.id for e in entries)


async def test_saving_unchanged_data_writes_no_audit_entry() -> None:
    net = await factories.network()
    _m, person = await _person(net)
    await people.update_person(person_id=person.id, name=person.name, email=person.email.upper(), by=COORDINATOR,
                               now=NOW)
    assert not await AuditEntry.filter(subject='person').exists()


@pytest.mark.parametrize(('changes', 'field', 'message'), [
    ({'name': '   '}, 'name', 'Skriv navnet.'),
    ({'email': ''}, 'email', 'Skriv e-mailadressen.'),
    ({'email': 'ikke-en-adresse'}, 'email', 'Skriv en gyldig e-mailadresse'),
    ({'phone': 'ring til mig'}, 'phone', 'Skriv et gyldigt telefonnummer'),
    ({'job_title': 'x' * 201}, 'job_title', 'Stillingen må højst være på 200 tegn.'),
    ({'library_id': 999_999}, 'library', 'Vælg et bibliotek på listen.'),
])
async def test_bad_input_is_refused_at_its_field_in_danish_and_nothing_changes(changes, field, message) -> None:  # type: ignore[no-untyped-def]
    net = await factories.network()
    _m, person = await _person(net)
    values = {'name': person.name, 'email': person.email} | changes
    with pytest.raises(DomainError) as raised:
        await people.update_person(person_id=person.id, by=COORDINATOR, now=NOW, **values)
    assert raised.value.field == field
    assert message in raised.value.message
    assert (await Person.get(id=person.id)).name == 'Åse Østergaard'
    assert not await AuditEntry.filter(subject='person').exists()


async def test_an_e_mail_address_used_by_someone_else_is_refused_ignoring_case() -> None:
    net = await factories.network()
    await _person(net, 'Bent Bøgh', 'bent@bib.dk')
    _m, person = await _person(net)
    with pytest.raises(DomainError) as raised:
        await people.update_person(person_id=person.id, name='Åse', email='BENT@bib.dk', by=COORDINATOR, now=NOW)
    assert raised.value.field == 'email'
    assert raised.value.message == 'En anden person har allerede denne e-mailadresse.'
    saved = await Person.get(id=person.id)
    assert (saved.name, saved.email) == ('Åse Østergaard', 'aase@bib.dk')


async def test_the_member_list_sorts_in_danish_filters_and_counts() -> None:
    net = await factories.network(capacity=2)
    east = await factories.library('Roskilde Bibliotekerne', 'Roskilde')
    west = await factories.library()
    names = [('Aase Aagaard', west), ('Zahle', east), ('Ærenlund', west), ('Bøgh', None)]
    for n, (name, library) in enumerate(names):
        await membership.apply(network_id=net.id, name=name, email=f'p{n}@bib.dk', approve=True,
                               library_id=library.id if library else None, by=COORDINATOR, now=NOW)
    listing = await people.list_members(network_id=net.id, now=NOW)
    assert [row.name for row in listing.rows] == ['Bøgh', 'Zahle', 'Ærenlund', 'Aase Aagaard']
    assert listing.counts == {MembershipStatus.ACTIVE: 2, MembershipStatus.WAITLISTED: 2}
    waiting = await people.list_members(network_id=net.id, now=NOW, status=MembershipStatus.WAITLISTED)
    assert [(row.name, row.position) for row in waiting.rows] == [('Bøgh', 2), ('Ærenlund', 1)]
    assert [r.name for r in (await people.list_members(network_id=net.id, now=NOW, landsdel=Landsdel.EAST)).rows] \
        == ['Zahle']
    assert [r.name for r in (await people.list_members(network_id=net.id, now=NOW, library_id=west.id)).rows] \
        == ['Ærenlund', 'Aase Aagaard']
    assert [r.name for r in (await people.list_members(network_id=net.id, now=NOW, search='ROSKILDE')).rows] \
        == ['Zahle']
    assert [r.name for r in (await people.list_members(network_id=net.id, now=NOW, search='p3@')).rows] == ['Bøgh']
    active = [r for r in listing.rows if r.status == MembershipStatus.ACTIVE]
    assert all(r.streak is not None and r.streak.count == 0 for r in active)


async def test_a_library_needs_one_of_the_98_municipalities_and_a_unique_name() -> None:
    library = await libraries.create_library(name=' Ærø  Bibliotek ', municipality='ærø kommune', by=COORDINATOR,
                                             now=NOW)
    assert (library.name, library.municipality) == ('Ærø Bibliotek', 'Ærø')
    with pytest.raises(DomainError) as raised:
        await libraries.create_library(name='ærø bibliotek', municipality='Ærø', by=COORDINATOR, now=NOW)
    assert raised.value.field == 'library_name'
    with pytest.raises(DomainError) as raised:
        await libraries.create_library(name='Atlantis Bibliotek', municipality='Atlantis', by=COORDINATOR, now=NOW)
    assert raised.value.field == 'municipality'
    assert await Library.all().count() == 1
    assert await AuditEntry.filter(subject='library', action='create').count() == 1
    listed = await libraries.list_libraries()
    assert [(i.name, i.municipality, i.landsdel) for i in listed] == [('Ærø Bibliotek', 'Ærø', Landsdel.WEST)]
    assert len(libraries.municipality_names()) == 98
    assert libraries.municipality_names()[-1] == 'Aarhus'


async def test_export_files_carry_the_filtered_list_in_danish() -> None:
    net = await factories.network(capacity=1)
    library = await factories.library('Københavns Hovedbibliotek', 'København')
    await membership.apply(network_id=net.id, name='Søren Ågesen', email='soren@bib.dk', library_id=library.id,
                           approve=True, by=COORDINATOR, now=NOW)
    await membership.apply(network_id=net.id, name='=HYPERLINK("x")', email='x@bib.dk', approve=True,
                           by=COORDINATOR, now=NOW)
    rows = (await people.list_members(network_id=net.id, now=NOW)).rows
    data = member_export.to_csv(rows)
    assert data.startswith(b'\xef\xbb\xbf')
    table = list(csv.reader(io.StringIO(data.decode('utf-8-sig')), delimiter=';'))
    assert table[0] == ['Navn', 'E-mail', 'Telefon', 'Stilling', 'Bibliotek', 'Kommune', 'Landsdel', 'Status',
                        'Plads på venteliste', 'Fravær i træk']
    assert table[2] == ['Søren Ågesen', 'soren@bib.dk', '', '', 'Københavns Hovedbibliotek', 'København',
                        'Østdanmark', 'aktiv', '', '0']
    # Danish order puts the sign first; the formula is defused into text
    assert table[1][0] == "'=HYPERLINK(\"x\")" and table[1][7] == 'på venteliste' and table[1][8] == '1'
    sheet = load_workbook(io.BytesIO(member_export.to_xlsx(rows))).active
    assert sheet is not None
    assert [c.value for c in sheet[3]][:2] == ['Søren Ågesen', 'soren@bib.dk']
    assert sheet['A1'].value == 'Navn' and sheet['I2'].value == 1 and sheet['A2'].data_type == 's'
    assert member_export.file_name(NOW.date(), 'csv') == 'medlemmer-2026-03-04.csv'
