"""Bad input, property-tested (issue 7 §4): the application form, the membership verbs' reasons, editing a person,
adding a library, and a member's own page. Each input is stored and read back intact, or refused with a Danish
message at a field and nothing saved (tests/bad_input.py says what that means)."""
from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import given

from flnet_ui import i18n
from flnet_ui.services import audit, membership, people, responses, seats, self_service, users
from flnet_ui.services.applications import ApplicationForm, submit
from models import (
    Answer,
    Library,
    Meeting,
    MeetingResponse,
    Membership,
    MembershipStatus,
    Network,
    Person,
    RateLimitHit,
    Role,
    User,
)
from tests import factories as f
from tests.bad_input import (
    PerTest,
    Spec,
    attempt,
    bad_int,
    bad_text,
    changes,
    email_verdict,
    emails,
    expect,
    municipality_verdict,
    nasty_examples,
    nasty_numbers,
    one_line,
    profile,
    trimmed,
    verdict,
    whole,
)
from tests.conftest import NOW

BY = f.COORDINATOR
PROFILE = profile()
serial = itertools.count(1)


# --- the public application form --------------------------------------------------------------------------------

FORM = {'name': Spec(one_line, 200, required=True), 'new_library': Spec(one_line, 200, required=True),
        'job_title': Spec(trimmed, 200), 'motivation': Spec(trimmed, 1000)}
FORM_FIELDS = ('name', 'email', 'municipality', 'new_library', 'job_title', 'motivation')
FORM_ERRORS = {'name': ('name',), 'email': ('email',), 'municipality': ('municipality',),
               'new_library': ('library', 'new_library'), 'job_title': ('job_title',), 'motivation': ('motivation',)}


@PROFILE
@nasty_examples(*FORM_FIELDS)
@nasty_numbers('library_id')
@given(bad=changes({**{name: bad_text() for name in FORM_FIELDS}, 'email': emails(), 'library_id': bad_int()}))
async def test_the_application_form(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    n = next(serial)
    net = await f.network()
    values = {'name': 'Anne Holm', 'email': f'anne.{n}@bib.dk', 'municipality': 'Aarhus',
              'new_library': f'Testbibliotek {n}', 'job_title': 'Bibliotekar', 'motivation': 'Fjernlån.', **bad}
    verdicts: dict[str, bool | None] = {name: verdict(spec, values[name]) for name, spec in FORM.items()}
    verdicts |= {'email': email_verdict(values['email']), 'municipality': municipality_verdict(values['municipality'])}
    library = one_line(values['new_library'])
    if values.get('library_id') is not None:   # a pick from the list, or a forged one
        picked = await Library.get_or_none(id=values['library_id']) if whole(values['library_id'], 1, 2**31 - 1) \
            else None
        verdicts['new_library'] = picked is not None and picked.municipality == 'Aarhus'
        library = picked.name if picked else ''
    email = values['email'].strip().lower()
    known_person = await Person.get_or_none(email=email) if verdicts['email'] is not False else None

    outcome = await attempt(lambda: submit(network_id=net.id, form=ApplicationForm(**values, consented=True),
                                           address=f'10.0.{n}', now=NOW),
                            involved=[Person, Membership, Library, RateLimitHit], fields=sum(FORM_ERRORS.values(), ()))

    must = False if False in verdicts.values() else (True if all(verdicts.values()) else None)
    allowed = sum((FORM_ERRORS[name] for name, ok in verdicts.items() if ok is not True), ())
    if not expect(outcome, must_store=must, allowed=allowed):
        return
    [row] = (await people.list_members(network_id=net.id, now=NOW)).rows
    assert row.email == email and row.municipality == 'Aarhus'
    assert (await Membership.get(id=row.membership_id)).motivation == trimmed(values['motivation'])
    assert row.library_id is not None
    if known_person is None:  # a person already on record keeps the details on record
        assert (row.name, row.job_title) == (one_line(values['name']), trimmed(values['job_title']))
        assert row.library.casefold() == library.casefold()


# --- the reasons of the membership verbs ---------------------------------------------------------------------------

REQUIRED_REASON = {'reject', 'reinstate', 'move'}
networks = PerTest()


async def open_and_full_networks() -> tuple[Network, Network]:
    """One network with room for everyone, and one whose only seat is taken (newcomers wait)."""
    full = await f.network(capacity=1)
    await f.member(full, now=NOW)
    return await f.network(capacity=1000), full


async def _membership_for(verb: str, db: object) -> Membership:
    """A new membership in the status the verb needs."""
    roomy, full = await networks.get(db, open_and_full_networks)
    if verb == 'reject':
        return await f.member(roomy, now=NOW, approve=False)
    if verb == 'resign':
        return await f.member(roomy, now=NOW)
    if verb == 'reinstate':
        gone = await f.member(roomy, now=NOW)
        await membership.resign(membership_id=gone.id, by=BY, now=NOW)
        return gone
    return await f.member(full, now=NOW)   # waits: withdraw it, or move it (to the front)


async def _do(verb: str, m: Membership, reason: str) -> object:
    later = NOW + dt.timedelta(hours=1)
    if verb == 'move':
        await membership.move_in_waitlist(membership_id=m.id, position=1, reason=reason, by=BY, now=later)
        return None
    verbs = {'reject': membership.reject, 'resign': membership.resign, 'withdraw': membership.withdraw,
             'reinstate': membership.reinstate}
    return await verbs[verb](membership_id=m.id, reason=reason, by=BY, now=later)


@PROFILE
@nasty_examples('reject', 'resign', 'withdraw', 'reinstate', 'move')
@nasty_numbers('position')
@given(bad=changes({**{verb: bad_text() for verb in ('reject', 'resign', 'withdraw', 'reinstate', 'move')},
                    'position': bad_int(valid=[1, 2])}, most=1))
async def test_the_membership_verbs(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    [(verb, reason)] = bad.items()
    m = await _membership_for(verb, db)
    if verb == 'position':   # a waitlist move: the reason is fine, the position typed is not
        outcome = await attempt(lambda: membership.move_in_waitlist(membership_id=m.id, position=reason,
                                                                    reason='Aftalt', by=BY, now=NOW),
                                involved=[Membership], fields=['position'])
        waiting = await seats.waitlisted(m.network_id).count()
        if expect(outcome, must_store=whole(reason, 1, waiting)):
            assert await seats.position(await Membership.get(id=m.id)) == reason
        return

    outcome = await attempt(lambda: _do(verb, m, reason), involved=[Membership, Network], fields=['reason'])

    if not expect(outcome, must_store=bool(trimmed(reason)) or verb not in REQUIRED_REASON):
        return
    entry = (await audit.history(person_id=m.person_id))[-1]
    with i18n.language('da'):
        default = {'resign': i18n._('Resigned'), 'withdraw': i18n._('Left the waitlist')}.get(verb, '')
    assert entry.reason == (trimmed(reason) or default)


# --- a member's own page: the reason of an apology, of resigning, of leaving the waitlist ---------------------

meetings_ahead = PerTest()


@PROFILE
@nasty_examples('apology', 'resign', 'leave')
@given(bad=changes({verb: bad_text() for verb in ('apology', 'resign', 'leave')}, most=1))
async def test_a_members_own_reasons(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    [(verb, reason)] = bad.items()
    roomy, full = await networks.get(db, open_and_full_networks)
    meeting = await meetings_ahead.get(db, lambda: f.held_meeting(roomy, dt.date(2026, 5, 6), close=False))
    m = await f.member(full if verb == 'leave' else roomy, now=NOW)
    person = await Person.get(id=m.person_id)
    user = await users.create_user(email=person.email, role=Role.MEMBER, password=None, person_id=person.id, by=BY,
                                   now=NOW)

    async def act() -> object:
        if verb == 'apology':
            return await self_service.answer_meeting(user=user, membership_id=m.id, meeting_id=meeting.id,
                                                     answer=Answer.APOLOGY, reason=reason, now=NOW)
        call = self_service.resign if verb == 'resign' else self_service.leave
        return await call(user=user, membership_id=m.id, reason=reason, now=NOW)

    outcome = await attempt(act, involved=[Membership, MeetingResponse, Meeting, User], fields=['reason'])

    if not expect(outcome, must_store=verb != 'apology' or len(trimmed(reason)) <= responses.MAX_REASON):
        return
    if verb == 'apology':
        answers = await responses.answers_of(m.id, [meeting.id])
        assert answers[meeting.id].reason == trimmed(reason)
        return
    entry = (await audit.history(person_id=m.person_id))[-1]
    assert (await Membership.get(id=m.id)).status in (MembershipStatus.RESIGNED, MembershipStatus.WITHDRAWN)
    with i18n.language('da'):
        default = i18n._('Resigned on My page') if verb == 'resign' else i18n._('Left the waitlist on My page')
    assert entry.reason == (trimmed(reason) or default)
