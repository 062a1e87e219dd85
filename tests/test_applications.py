"""The public application form's service: a pending application with consent and a receipt, the honeypot, the rate
limit per address, known addresses, returning former members, field validation and the new-library path."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from flnet_ui import events, i18n, mail
from flnet_ui.db import in_open_transaction
from flnet_ui.services import applications, membership, public
from flnet_ui.services.applications import ApplicationForm, FormErrors
from flnet_ui.services.audit import SYSTEM
from flnet_ui.services.errors import DomainError
from models import AuditEntry, Library, Membership, MembershipStatus, OutgoingMail, Person, RateLimitHit
from tests import factories
from tests.conftest import NOW

pytestmark = pytest.mark.usefixtures('db')
ADDRESS = '192.0.2.10'


async def good_form(**changes: object) -> ApplicationForm:
    library = await factories.library('Aarhus Hovedbibliotek', 'Aarhus')
    form = ApplicationForm(name='Åse Ærenlund', email='Aase@Bib.dk', municipality='Aarhus', library_id=library.id,
                           job_title='Fjernlånsbibliotekar', motivation='Jeg vil dele erfaringer.', consented=True)
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]


async def everything_counted() -> tuple[int, int, int, int, int, int]:
    return (await Person.all().count(), await Membership.all().count(), await OutgoingMail.all().count(),
            await Library.all().count(), await AuditEntry.all().count(), await RateLimitHit.all().count())


async def test_an_application_is_pending_with_consent_and_a_receipt_is_queued() -> None:
    net = await factories.network()
    receipt = await applications.submit(network_id=net.id, form=await good_form(), address=ADDRESS, now=NOW)
    person = await Person.get(email='aase@bib.dk')
    applied = await Membership.get(person_id=person.id, network_id=net.id)
    assert applied.status == MembershipStatus.PENDING
    assert applied.motivation == 'Jeg vil dele erfaringer.'
    assert person.consent_at == NOW and person.job_title == 'Fjernlånsbibliotekar'
    assert (await person.library).name == 'Aarhus Hovedbibliotek'  # type: ignore[union-attr]
    assert receipt.email == 'aase@bib.dk' and receipt.network_name == net.name
    mails = await OutgoingMail.filter(to_address='aase@bib.dk')
    assert len(mails) == 1
    assert 'modtaget din ansøgning' in mails[0].subject and 'Kære Åse Ærenlund' in mails[0].body_text
    await factories.assert_audit_complete(applied)


async def test_the_application_is_announced_after_its_commit_and_not_inside_it() -> None:
    """What an event starts (a page's redraw) inherits the emitter's transaction: announced inside the still open
    transaction, the redraws read before the commit, and on PostgreSQL they used its connection while it committed
    ("another operation is in progress", which failed the commit; found by tests/test_drill_processes.py)."""
    net = await factories.network()
    inside: list[bool] = []
    events.membership.subscribe(lambda _network_id: inside.append(in_open_transaction()))
    await applications.submit(network_id=net.id, form=await good_form(), address=ADDRESS, now=NOW)
    assert inside == [False]


async def test_a_filled_honeypot_pretends_success_and_saves_and_sends_nothing() -> None:
    net = await factories.network()
    form = await good_form(honeypot='http://spam.example')
    before = await everything_counted()
    receipt = await applications.submit(network_id=net.id, form=form, address=ADDRESS, now=NOW)
    assert receipt.email == 'aase@bib.dk'  # the same answer as a person gets
    assert await everything_counted() == before


async def test_the_rate_limit_is_per_address_and_says_when_to_try_again() -> None:
    net = await factories.network()
    for i in range(applications.MAX_PER_ADDRESS):
        await applications.submit(network_id=net.id, form=await good_form(email=f'p{i}@bib.dk'), address=ADDRESS,
                                  now=NOW + dt.timedelta(minutes=i))
    i18n.set_language('da')
    with pytest.raises(DomainError) as refused:
        await applications.submit(network_id=net.id, form=await good_form(email='late@bib.dk'), address=ADDRESS,
                                  now=NOW + dt.timedelta(minutes=30))
    # the first of the five (10.00 Danish time) leaves the one-hour window at 11.00
    assert 'Prøv igen efter kl. 11.00' in refused.value.message
    assert not await Person.exists(email='late@bib.dk')
    # another address is not limited, and the limited one may apply again after the window
    await applications.submit(network_id=net.id, form=await good_form(email='other@bib.dk'), address='192.0.2.99',
                              now=NOW + dt.timedelta(minutes=30))
    await applications.submit(network_id=net.id, form=await good_form(email='late@bib.dk'), address=ADDRESS,
                              now=NOW + dt.timedelta(minutes=61))
    assert await Person.exists(email='other@bib.dk') and await Person.exists(email='late@bib.dk')


async def test_a_known_address_gets_a_kind_message_and_no_duplicate() -> None:
    net = await factories.network()
    await applications.submit(network_id=net.id, form=await good_form(), address=ADDRESS, now=NOW)
    i18n.set_language('da')
    for status_changer in (None, 'approve'):
        if status_changer == 'approve':  # an active member is just as known as a pending applicant
            pending = await Membership.get(person__email='aase@bib.dk')
            await membership.approve(membership_id=pending.id, by=SYSTEM, now=NOW)
        with pytest.raises(DomainError) as known:
            await applications.submit(network_id=net.id, form=await good_form(email=' AASE@bib.dk '),
                                      address='192.0.2.20', now=NOW)
        assert known.value.field == 'email'
        assert known.value.message.startswith('Vi kender allerede din e-mailadresse')
    assert await Person.filter(email='aase@bib.dk').count() == 1
    assert await Membership.filter(person__email='aase@bib.dk').count() == 1
    assert await OutgoingMail.filter(to_address='aase@bib.dk').count() == 2  # the receipt and the welcome, no more


async def test_a_former_member_can_apply_again_with_new_details() -> None:
    net = await factories.network()
    old = await membership.apply(network_id=net.id, name='Åse Ærenlund', email='aase@bib.dk', approve=True,
                                 by=SYSTEM, now=NOW - dt.timedelta(days=400))
    await membership.resign(membership_id=old.id, by=SYSTEM, now=NOW - dt.timedelta(days=100))
    form = await good_form(municipality='Odense', library_id=None, new_library='Odense Centralbibliotek',
                           job_title='Bibliotekar')
    await applications.submit(network_id=net.id, form=form, address=ADDRESS, now=NOW)
    again = await factories.refreshed(old)
    assert again.status == MembershipStatus.PENDING and again.applied_at == NOW
    person = await Person.get(id=old.person_id).select_related('library')
    assert person.library is not None and person.library.name == 'Odense Centralbibliotek'
    assert person.job_title == 'Bibliotekar' and person.consent_at == NOW
    await factories.assert_audit_complete(again)


async def test_every_field_problem_is_shown_at_its_field_and_nothing_is_saved() -> None:
    net = await factories.network()
    await factories.library('Aarhus Hovedbibliotek', 'Aarhus')
    before = await everything_counted()
    i18n.set_language('da')
    form = ApplicationForm(name='  ', email='ikke-en-adresse', municipality='Atlantis', consented=False,
                           motivation='x' * (applications.MAX_MOTIVATION + 1), job_title='y' * 201)
    with pytest.raises(FormErrors) as problems:
        await applications.submit(network_id=net.id, form=form, address=ADDRESS, now=NOW)
    errors = problems.value.errors
    assert set(errors) == {'name', 'email', 'municipality', 'consent', 'motivation', 'job_title'}
    assert errors['name'] == 'Skriv navnet.'
    assert errors['municipality'] == 'Vælg din kommune.'
    assert errors['consent'].startswith('For at søge skal du give samtykke')
    assert await everything_counted() == before
    # a municipality but no library (neither chosen nor written)
    with pytest.raises(FormErrors) as problems:
        await applications.submit(network_id=net.id, form=await good_form(library_id=None), address=ADDRESS, now=NOW)
    assert problems.value.errors == {'library': 'Vælg dit bibliotek, eller skriv navnet, hvis det ikke er på listen.'}
    # a library from another municipality than the one chosen
    with pytest.raises(FormErrors) as problems:
        await applications.submit(network_id=net.id, form=await good_form(municipality='Odense'), address=ADDRESS,
                                  now=NOW)
    assert set(problems.value.errors) == {'library'}
    assert await everything_counted() == before


async def test_a_library_not_in_the_list_is_created_with_the_application_in_its_municipality() -> None:
    net = await factories.network()
    form = await good_form(municipality='  ærø ', library_id=None, new_library='Ærø Bibliotek')
    await applications.submit(network_id=net.id, form=form, address=ADDRESS, now=NOW)
    library = await Library.get(name='Ærø Bibliotek')
    assert library.municipality == 'Ærø'
    assert (await Person.get(email='aase@bib.dk')).library_id == library.id
    assert await AuditEntry.exists(subject='library', subject_id=library.id, action='create')
    assert await public.libraries_in('Ærø') == [(library.id, 'Ærø Bibliotek')]
    # the next applicant who types the same name (any case) gets the same library, not a second one
    again = await good_form(email='bo@bib.dk', municipality='Ærø', library_id=None, new_library='ÆRØ bibliotek')
    await applications.submit(network_id=net.id, form=again, address=ADDRESS, now=NOW)
    assert await Library.filter(municipality='Ærø').count() == 1
    assert (await Person.get(email='bo@bib.dk')).library_id == library.id


async def test_a_failed_application_leaves_no_new_library_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library is created inside the application's transaction: when the application fails, neither is saved."""
    net = await factories.network()
    await applications.submit(network_id=net.id, form=await good_form(), address=ADDRESS, now=NOW)
    before = await everything_counted()
    # Slip past the service's own check (as a second browser at the same moment would) so that apply() refuses
    # the known address inside the transaction, after the library was created.
    monkeypatch.setattr(applications, '_known', _never_known)
    with pytest.raises(DomainError) as refused:
        await applications.submit(network_id=net.id, address='192.0.2.30', now=NOW, form=await good_form(
            municipality='Ærø', library_id=None, new_library='Ærø Bibliotek'))
    assert refused.value.field == 'email'
    assert not await Library.exists(name='Ærø Bibliotek')
    assert await everything_counted() == before


async def _never_known(email: str, network_id: int) -> bool:
    return False


async def test_a_library_name_known_in_another_municipality_is_refused_at_the_field() -> None:
    net = await factories.network()
    await factories.library('Hovedbiblioteket', 'Aarhus')
    with pytest.raises(FormErrors) as problems:
        await applications.submit(network_id=net.id, address=ADDRESS, now=NOW, form=await good_form(
            municipality='Odense', library_id=None, new_library='hovedbiblioteket'))
    assert set(problems.value.errors) == {'new_library'}


async def test_the_receipt_arrives_by_smtp_in_danish(smtp_server) -> None:  # type: ignore[no-untyped-def]
    net = await factories.network()
    await applications.submit(network_id=net.id, form=await good_form(), address=ADDRESS, now=NOW)
    report = await mail.deliver_due(now=NOW)
    assert report.configured
    assert len(smtp_server.received) == 1
    recipients, message = smtp_server.received[0]
    assert recipients == ['aase@bib.dk']
    assert message['Subject'] == f'Vi har modtaget din ansøgning til {net.name}'
    body = message.get_content()
    assert 'Kære Åse Ærenlund' in body
    assert 'onsdag den 4. marts 2026' in body
    assert 'Netværkskoordinatoren' in body or 'netværkskoordinatoren' in body
