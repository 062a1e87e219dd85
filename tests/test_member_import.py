"""CSV import: both encodings and separators, a Danish error per bad row, all-or-nothing, capacity respected."""
from __future__ import annotations

import pytest

from flnet_ui import i18n
from flnet_ui.services import member_import, membership
from flnet_ui.services.errors import DomainError
from models import AuditEntry, Library, Membership, MembershipStatus, Person
from tests import factories
from tests.conftest import NOW
from tests.factories import COORDINATOR

pytestmark = pytest.mark.usefixtures('db')

UTF8 = ('navn,e-mail,bibliotek,kommune,stilling\n'
        'Åse Østergaard,aase@bib.dk,Ærø Bibliotek,Ærø,Bibliotekar\n'
        'Bent Bøgh,BENT@bib.dk,,,\n')
EXCEL = ('Navn;E-mail;Bibliotek;Kommune;Stilling\r\n'
         'Søren Ærenlund;soren@bib.dk;Aabenraa Bibliotekerne;Aabenraa;Fjernlånsansvarlig\r\n')


@pytest.fixture(autouse=True)
def danish() -> None:
    i18n.set_language('da')


@pytest.mark.parametrize('data', [UTF8.encode('utf-8'), b'\xef\xbb\xbf' + UTF8.encode('utf-8')])
async def test_utf8_with_and_without_bom_and_commas(data: bytes) -> None:
    net = await factories.network()
    preview = await member_import.preview(network_id=net.id, data=data)
    assert [(r.line, r.name, r.email, r.library, r.municipality, r.job_title, r.ok) for r in preview.rows] == [
        (2, 'Åse Østergaard', 'aase@bib.dk', 'Ærø Bibliotek', 'Ærø', 'Bibliotekar', True),
        (3, 'Bent Bøgh', 'bent@bib.dk', '', '', '', True)]


async def test_the_excel_danish_variant_semicolons_and_windows_1252() -> None:
    net = await factories.network()
    preview = await member_import.preview(network_id=net.id, data=EXCEL.encode('cp1252'))
    [row] = preview.rows
    assert (row.name, row.library, row.municipality, row.job_title) == (
        'Søren Ærenlund', 'Aabenraa Bibliotekerne', 'Aabenraa', 'Fjernlånsansvarlig')
    assert row.ok


async def test_other_header_spellings_are_accepted() -> None:
    net = await factories.network()
    data = b'Name;Email;Library;Municipality;Titel;Tlf\nAnne;anne@bib.dk;;;Leder;+45 11 22 33 44\n'
    [row] = (await member_import.preview(network_id=net.id, data=data)).rows
    assert (row.name, row.email, row.job_title, row.phone) == ('Anne', 'anne@bib.dk', 'Leder', '+45 11 22 33 44')


async def test_every_bad_row_says_why_in_danish() -> None:
    net = await factories.network()
    await factories.library('Odense Bibliotekerne', 'Odense')
    await membership.apply(network_id=net.id, name='Medlem', email='member@bib.dk', approve=True, by=COORDINATOR,
                           now=NOW)
    data = ('navn;e-mail;bibliotek;kommune\n'
            ';nobody@bib.dk;;\n'
            'Ikke Adresse;ikke-en-adresse;;\n'
            'Første;dup@bib.dk;;\n'
            'Anden;DUP@bib.dk;;\n'
            'Medlem Igen;member@bib.dk;;\n'
            'Fremmed;fremmed@bib.dk;Atlantis Bibliotek;Atlantis\n'
            'Ukendt;ukendt@bib.dk;Nyt Bibliotek;\n'
            'Forkert kommune;forkert@bib.dk;Odense Bibliotekerne;Aarhus\n'
            'God;god@bib.dk;Odense Bibliotekerne;\n').encode()
    preview = await member_import.preview(network_id=net.id, data=data)
    errors = {row.line: row.errors for row in preview.rows}
    assert errors == {
        2: ['Skriv navnet.'],
        3: ['Skriv en gyldig e-mailadresse, f.eks. navn@bibliotek.dk.'],
        4: [],
        5: ['Den samme e-mailadresse står også på linje 4.'],
        6: ['Denne e-mailadresse har allerede en ansøgning eller et medlemskab.'],
        7: ['Ukendt kommune "Atlantis".'],
        8: ['Biblioteket "Nyt Bibliotek" kendes ikke endnu: skriv dets kommune, så det kan oprettes.'],
        9: ['Odense Bibliotekerne ligger i Odense Kommune.'],
        10: [],
    }
    assert [row.line for row in preview.valid] == [4, 10]
    assert await Person.all().count() == 1  # a preview saves nothing


@pytest.mark.parametrize(('data', 'message'), [
    (b'', 'Filen er tom.'),
    (b'fornavn;efternavn\nA;B\n', 'Den første linje skal navngive kolonnerne'),
    (b'navn;e-mail\n', 'Filen har ingen rækker under overskriften.'),
    (b'x' * (1024 * 1024 + 1), 'Filen er for stor'),
])
async def test_a_file_that_cannot_be_read_is_refused(data: bytes, message: str) -> None:
    net = await factories.network()
    with pytest.raises(DomainError) as raised:
        await member_import.preview(network_id=net.id, data=data)
    assert message in raised.value.message
    assert raised.value.field == 'file'


async def test_commit_imports_the_confirmed_rows_and_respects_the_capacity() -> None:
    net = await factories.network(capacity=2)
    await membership.apply(network_id=net.id, name='Allerede', email='first@bib.dk', approve=True, by=COORDINATOR,
                           now=NOW)
    data = ('navn;e-mail;bibliotek;kommune\n'
            'Anne;anne@bib.dk;Ærø Bibliotek;Ærø\n'
            'Bent;bent@bib.dk;Ærø Bibliotek;Ærø\n'
            'Carl;carl@bib.dk;;\n'
            'Dårlig;dårlig;;\n').encode()
    preview = await member_import.preview(network_id=net.id, data=data)
    result = await member_import.commit(network_id=net.id, rows=preview.valid, by=COORDINATOR, now=NOW)
    assert (result.active, result.waitlisted) == (1, 2)
    statuses = dict(await Membership.filter(network_id=net.id).values_list('person__email', 'status'))
    assert statuses == {'first@bib.dk': MembershipStatus.ACTIVE, 'anne@bib.dk': MembershipStatus.ACTIVE,
                        'bent@bib.dk': MembershipStatus.WAITLISTED, 'carl@bib.dk': MembershipStatus.WAITLISTED}
    assert await Library.filter(name='Ærø Bibliotek').count() == 1
    assert await Person.filter(email='anne@bib.dk', library__name='Ærø Bibliotek').exists()
    for m in await Membership.filter(network_id=net.id):
        await factories.assert_audit_complete(m)


async def test_a_failure_on_any_row_rolls_back_the_whole_import() -> None:
    net = await factories.network()
    data = 'navn;e-mail;bibliotek;kommune\nAnne;anne@bib.dk;Ærø Bibliotek;Ærø\nBent;bent@bib.dk;;\n'.encode()
    preview = await member_import.preview(network_id=net.id, data=data)
    # Between preview and confirmation, Bent applies on his own: the import must not half-happen.
    await membership.apply(network_id=net.id, name='Bent', email='bent@bib.dk', by=COORDINATOR, now=NOW)
    before = await AuditEntry.all().count()
    with pytest.raises(DomainError) as raised:
        await member_import.commit(network_id=net.id, rows=preview.valid, by=COORDINATOR, now=NOW)
    assert 'Upload the file again' in raised.value.message or 'Upload filen igen' in raised.value.message
    assert not await Person.filter(email='anne@bib.dk').exists()
    assert not await Library.exists()
    assert await AuditEntry.all().count() == before


async def test_an_error_inside_apply_rolls_back_rows_already_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if a row only fails inside `membership.apply` (after earlier rows were applied), nothing stays."""
    net = await factories.network()
    data = b'navn;e-mail\nAnne;anne@bib.dk\nBent;bent@bib.dk\n'
    preview = await member_import.preview(network_id=net.id, data=data)
    original = membership.apply

    async def refuse_bent(**kwargs):  # type: ignore[no-untyped-def]
        if kwargs['email'] == 'bent@bib.dk':
            raise DomainError('Nej', field='email')
        return await original(**kwargs)

    monkeypatch.setattr(membership, 'apply', refuse_bent)
    with pytest.raises(DomainError) as raised:
        await member_import.commit(network_id=net.id, rows=preview.valid, by=COORDINATOR, now=NOW)
    assert 'Intet blev importeret. Linje 3: Nej' == raised.value.message
    assert await Person.all().count() == 0
    assert await Membership.all().count() == 0


async def test_commit_with_no_rows_is_refused() -> None:
    net = await factories.network()
    with pytest.raises(DomainError):
        await member_import.commit(network_id=net.id, rows=[], by=COORDINATOR, now=NOW)
