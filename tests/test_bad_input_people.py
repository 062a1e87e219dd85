"""Bad input, property-tested (issue 7 §4): a coordinator adding a member by hand, editing a person's contact data,
and adding a library. Each input is stored and read back intact, or refused with a Danish message at a field and
nothing saved (tests/bad_input.py says what that means)."""
from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given

from flnet_ui.services import libraries, membership, people
from models import Library, Membership, Person
from tests import factories as f
from tests.bad_input import (
    Spec,
    attempt,
    bad_text,
    changes,
    email_verdict,
    emails,
    expect,
    municipality_verdict,
    nasty_examples,
    one_line,
    profile,
    trimmed,
    verdict,
)
from tests.conftest import NOW

BY = f.COORDINATOR
PROFILE = profile()
PERSON = {'name': Spec(one_line, 200, required=True), 'job_title': Spec(trimmed, 200)}
PHONE_CHARACTERS = set('+0123456789 ()-')
serial = itertools.count(1)


def phone_verdict(text: str) -> bool | None:
    phone = one_line(text)
    return True if not phone else (False if set(phone) - PHONE_CHARACTERS or len(phone) > 20 else None)


async def contact_verdicts(values: dict[str, str], *, person_id: int | None = None,
                           others_address: bool = True) -> dict[str, bool | None]:
    """`others_address`: another person's address is refused (editing); when adding, it names that person."""
    verdicts: dict[str, bool | None] = {name: verdict(spec, values[name]) for name, spec in PERSON.items()}
    verdicts |= {'email': email_verdict(values['email']), 'phone': phone_verdict(values['phone'])}
    email = values['email'].strip().lower()
    if others_address and verdicts['email'] is not False \
            and await Person.filter(email=email).exclude(id=person_id).exists():
        verdicts['email'] = False
    return verdicts


def must_store(verdicts: dict[str, bool | None]) -> bool | None:
    return False if False in verdicts.values() else (True if all(verdicts.values()) else None)


def not_surely_valid(verdicts: dict[str, bool | None]) -> list[str]:
    return [name for name, ok in verdicts.items() if ok is not True]


# --- a member added by hand (the coordinator's dialog; the CSV import takes the same way) ------------------------

@PROFILE
@nasty_examples('name', 'email', 'phone', 'job_title', 'motivation')
@given(bad=changes({'name': bad_text(), 'email': emails(), 'phone': bad_text(), 'job_title': bad_text(),
                    'motivation': bad_text()}))
async def test_adding_a_member_by_hand(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    values: dict[str, Any] = {'name': 'Bo Ørum', 'email': f'bo.{next(serial)}@bib.dk', 'phone': '',
                              'job_title': 'Leder', 'motivation': '', **bad}
    verdicts = await contact_verdicts(values, others_address=False)
    verdicts['phone'] = len(trimmed(values['phone'])) <= 40   # as an imported list writes it: only the length counts
    email = values['email'].strip().lower()
    known = verdicts['email'] is not False and await Person.exists(email=email)

    outcome = await attempt(lambda: membership.apply(network_id=net.id, **values, approve=True, by=BY, now=NOW),
                            involved=[Person, Membership], fields=['name', 'email', 'phone', 'job_title'])

    if not expect(outcome, must_store=must_store(verdicts), allowed=not_surely_valid(verdicts)):
        return
    record = await people.person_record(membership_id=outcome.result.id, now=NOW)
    assert record is not None and record.row.email == email
    assert (await Membership.get(id=outcome.result.id)).motivation == trimmed(values['motivation'])
    if not known:   # a person already on record keeps the details on record
        assert (record.row.name, record.row.phone, record.row.job_title) == (
            one_line(values['name']), trimmed(values['phone']), trimmed(values['job_title']))


# --- editing a person -------------------------------------------------------------------------------------------

@PROFILE
@nasty_examples('name', 'email', 'phone', 'job_title')
@given(bad=changes({'name': bad_text(), 'email': emails(), 'phone': bad_text(), 'job_title': bad_text()}))
async def test_editing_a_person(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    net = await f.network()
    m = await f.member(net, now=NOW)
    person = await Person.get(id=m.person_id)
    values: dict[str, Any] = {'name': 'Bo Ørum', 'email': person.email, 'phone': '+45 12 34 56 78',
                              'job_title': 'Leder', **bad}
    email = values['email'].strip().lower()
    verdicts = await contact_verdicts(values, person_id=person.id)

    outcome = await attempt(lambda: people.update_person(person_id=person.id, **values, by=BY, now=NOW),
                            involved=[Person], fields=['name', 'email', 'phone', 'job_title'])

    if not expect(outcome, must_store=must_store(verdicts), allowed=not_surely_valid(verdicts)):
        return
    record = await people.person_record(membership_id=m.id, now=NOW)
    assert record is not None
    assert (record.row.name, record.row.email, record.row.phone, record.row.job_title) == (
        one_line(values['name']), email, one_line(values['phone']), trimmed(values['job_title']))


# --- a new library ----------------------------------------------------------------------------------------------

@PROFILE
@nasty_examples('name', 'municipality')
@given(bad=changes({'name': bad_text(), 'municipality': bad_text()}))
async def test_adding_a_library(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    values = {'name': f'Filial {next(serial)}', 'municipality': 'Odense', **bad}
    name = one_line(values['name'])
    exists = any(library.name.casefold() == name.casefold() for library in await Library.all())
    verdicts = {'library_name': verdict(Spec(one_line, 200, required=True), values['name']) and not exists,
                'municipality': municipality_verdict(values['municipality'])}

    outcome = await attempt(lambda: libraries.create_library(**values, by=BY, now=NOW), involved=[Library],
                            fields=['library_name', 'municipality'])

    if not expect(outcome, must_store=all(verdicts.values()),
                  allowed=[field for field, ok in verdicts.items() if not ok]):
        return
    found = [info for info in await libraries.list_libraries() if info.id == outcome.result.id]
    assert [(info.name, info.municipality.casefold()) for info in found] == [
        (name, one_line(values['municipality']).casefold().removesuffix(' kommune'))]
