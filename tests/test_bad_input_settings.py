"""Bad input, property-tested (issue 7 §4): the network's rule parameters (as a settings form sends them: numbers,
whole floats or text) with the reason for changing them, the capacity alone, and passwords (too long, unicode).
Each input is stored and read back intact, or refused with a Danish message at a field and nothing saved."""
from __future__ import annotations

import itertools
import math
import re
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from flnet_ui.services import login_links, membership, public, rules, sessions, users
from models import AuditEntry, LoginLink, LoginSession, Network, Role, User
from tests import factories as f
from tests.bad_input import (
    PerTest,
    attempt,
    bad_int,
    bad_text,
    changes,
    email_verdict,
    emails,
    expect,
    nasty_examples,
    nasty_numbers,
    profile,
    trimmed,
    unstorable,
    whole,
)
from tests.conftest import NOW

BY = f.COORDINATOR
PROFILE = profile()
networks = PerTest()
serial = itertools.count(1)
RANGES = {'capacity': (1, 1000), 'absence_limit': (1, 20), 'meetings_per_year': (1, 12), 'offer_days': (1, 90),
          'offer_reminder_days': (0, 89), 'retention_months': (1, 120)}
TYPED = ('7', ' 12 ', '', ' ', 'x', '²', '--5', '-3', '٣', '７', '+5', '1e3', '0x10', '3.0', '\x00', '5\x00')


def form_number() -> st.SearchStrategy[Any]:
    """What a settings form may send: numbers of any kind, and text."""
    return st.one_of(bad_int(valid=[1, 2, 14, 89]), st.sampled_from(TYPED), st.text(max_size=4))


def whole_number(value: Any) -> int | None:
    """The oracle: an int, a whole float, or text of (Unicode) decimal digits with an optional minus sign."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r'-?\d+', value.strip()):
        return int(value.strip())
    return None


def rules_verdicts(values: dict[str, Any], network: Network) -> dict[str, bool]:
    numbers = {name: whole_number(value) for name, value in values.items() if name in RANGES and value is not None}
    verdicts = {name: number is not None and RANGES[name][0] <= number <= RANGES[name][1]
                for name, number in numbers.items()}
    window = numbers.get('offer_days') if verdicts.get('offer_days') else network.offer_days
    reminder = numbers.get('offer_reminder_days') if verdicts.get('offer_reminder_days') else None
    if reminder is None and verdicts.get('offer_days') and 'offer_reminder_days' not in numbers:
        reminder = network.offer_reminder_days
    if reminder is not None and verdicts.get('offer_days', True) and reminder >= window:   # type: ignore[operator]
        verdicts['offer_reminder_days' if 'offer_reminder_days' in numbers else 'offer_days'] = False
    return verdicts


@PROFILE
@nasty_examples('reason')
@nasty_numbers(*RANGES)
@nasty_examples(*RANGES, values=TYPED)
@given(bad=changes({**{name: form_number() for name in RANGES}, 'reason': bad_text()}))
async def test_the_rule_parameters(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    net = await networks.get(db, f.network)
    network = await Network.get(id=net.id)
    values = {'meetings_per_year': 3 if network.meetings_per_year == 2 else 2, **bad}   # always a change to log
    verdicts = rules_verdicts(values, network)

    outcome = await attempt(lambda: rules.update_rules(network_id=net.id, **values, by=BY, now=NOW),
                            involved=[Network], fields=list(RANGES))

    allowed = [name for name, ok in verdicts.items() if not ok]
    if not expect(outcome, must_store=all(verdicts.values()), allowed=allowed):
        return
    shown, stored = await public.rules(net.id), await Network.get(id=net.id)
    changed = False
    for name in RANGES:
        expected = getattr(network, name) if values.get(name) is None else whole_number(values[name])  # None: kept
        assert getattr(shown if hasattr(shown, name) else stored, name) == expected, name
        changed = changed or expected != getattr(network, name)
    if changed:   # with every value None (kept), nothing changed and nothing new is logged
        latest = (await rules.history(network_id=net.id, last=1))[0]
        assert latest.reason == trimmed(values.get('reason', ''))


@PROFILE
@nasty_numbers('capacity')
@given(bad=changes({'capacity': bad_int(valid=[1, 40, 1000, 1001])}))
async def test_the_capacity_alone(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    net = await networks.get(db, f.network)
    capacity = bad['capacity']

    outcome = await attempt(lambda: membership.set_capacity(network_id=net.id, capacity=capacity, by=BY, now=NOW),
                            involved=[Network], fields=['capacity'])

    if expect(outcome, must_store=whole(capacity, 1, 1000)):
        assert (await public.rules(net.id)).capacity == capacity


# --- passwords: argon2 takes a while, so fewer examples; the bad ones are refused before any hashing --------------

PASSWORDS = ('😀' * 1024, '😀' * 1025, 'a' * 1025, 'x' * 9, 'a' * 10, 'ø' * 9 + 'å', ' ' * 10,
             'פסוורד 🔑 שלום', 'Ole \u202eneseR\u202c 12', 'NUL\x00og mere', 'høj \ud800 lav \udfff!')


def password_verdict(password: str) -> bool:
    return 10 <= len(password) <= 1024 and len(set(password)) > 1 and not any(unstorable(ch) for ch in password)


@profile(max_examples=8)
@nasty_examples('password', values=PASSWORDS)
@given(bad=changes({'password': st.one_of(st.sampled_from(PASSWORDS), bad_text())}))
async def test_passwords(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    password, email = bad['password'], f'login{len(await User.all())}@bib.dk'

    outcome = await attempt(lambda: users.create_user(email=email, role=Role.COORDINATOR, password=password, by=BY,
                                                      now=NOW),
                            involved=[User], fields=['password'])

    if not expect(outcome, must_store=password_verdict(password)):
        return
    logged_in = await sessions.log_in(email=email, password=password, address='10.0.0.1', now=NOW)
    assert logged_in.user.id == outcome.result.id and await LoginSession.exists(user_id=outcome.result.id)
    assert await AuditEntry.filter(subject='user', subject_id=outcome.result.id, action='create').exists()


@profile(max_examples=10)   # every login checks a password hash, on purpose as slow for unknown addresses
@nasty_examples('email', 'password')
@example(bad={'email': 'x' * 240 + '@bibliotek.dk'})   # a valid address longer than the audit log's columns
@given(bad=changes({'email': emails(), 'password': bad_text()}))
async def test_logging_in_and_asking_for_a_link(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Nobody is known here: a login is refused at the password, a link request is quietly taken (or refused at a
    malformed address); a failed login is recorded on purpose, so only "no session, no link" is checked."""
    n = next(serial)
    values = {'email': f'ukendt.{n}@bib.dk', 'password': 'hemmeligt ord', **bad}
    address = f'10.1.{n}'

    outcome = await attempt(lambda: sessions.log_in(**values, address=address, now=NOW), involved=None,
                            fields=['password'])
    assert outcome.refused
    outcome = await attempt(lambda: login_links.request_link(email=values['email'], address=address, now=NOW),
                            involved=None, fields=['email'])
    expect(outcome, must_store=email_verdict(values['email']))
    assert not await LoginSession.exists() and not await LoginLink.exists()
