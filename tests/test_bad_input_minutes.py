"""Bad input, property-tested (issue 7 §4): the minutes (notes, decisions, referent), action items (what, a free name,
a deadline), the reason for reopening approved minutes, and agreements (note, end date). Each input is stored and
read back intact, or refused with a Danish message at a field and nothing saved (tests/bad_input.py)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from flnet_ui.i18n import today
from flnet_ui.services import agreements, listings, minutes, minutes_actions, minutes_versions
from models import ActionItem, Agreement, AuditEntry, Minutes, MinutesItem, MinutesStatus, MinutesVersion
from tests import factories as f
from tests.bad_input import (
    PerTest,
    Spec,
    attempt,
    bad_date,
    bad_text,
    changes,
    expect,
    nasty_examples,
    notes,
    one_line,
    profile,
    storable,
    trimmed,
    verdict,
)
from tests.conftest import NOW
from tests.minutes_scene import DAY, LATER, Scene, scene

BY = f.COORDINATOR
PROFILE = profile()
running, closed, members = PerTest(), PerTest(), PerTest()


def decision_lines(text: str) -> list[str]:
    """One decision per line, as written (a browser's text area, or a list of lines)."""
    return [line.strip() for line in storable(text).splitlines() if line.strip()]


def decisions() -> st.SearchStrategy[str | list[str]]:
    return st.one_of(bad_text(), st.lists(bad_text(), max_size=3))


# --- notes, decisions and the referent ------------------------------------------------------------------------------

@PROFILE
@nasty_examples('notes', 'decisions', 'referent')
@given(bad=changes({'notes': bad_text(), 'decisions': decisions(), 'referent': bad_text()}))
async def test_writing_the_minutes(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    s: Scene = await running.get(db, lambda: scene(close=False))
    view = await minutes.minutes_view(s.meeting.id)
    [talk] = [item for item in view.items if item.agenda_item_id == s.talk.id]

    if 'referent' in bad:
        outcome = await attempt(lambda: minutes.set_referent(meeting_id=s.meeting.id, referent=bad['referent'],
                                                             expected_revision=view.revision, by=BY, now=LATER),
                                involved=[Minutes], fields=['referent'])
        if expect(outcome, must_store=verdict(Spec(one_line, 200), bad['referent'])):
            assert (await minutes.minutes_view(s.meeting.id)).referent == one_line(bad['referent'])
    if 'notes' not in bad and 'decisions' not in bad:
        return
    values = {'notes': 'Godt oplæg.', 'decisions': ['Vi prøver det.'],
              **{name: value for name, value in bad.items() if name != 'referent'}}
    written = values['decisions'] if isinstance(values['decisions'], str) else '\n'.join(values['decisions'])
    verdicts = {'notes': verdict(Spec(notes, 20_000), values['notes']),
                'decisions': all(len(line) <= 1000 for line in decision_lines(written))}

    outcome = await attempt(lambda: minutes.save_item(meeting_id=s.meeting.id, agenda_item_id=s.talk.id,
                                                      expected_revision=talk.revision, by=BY, now=LATER, **values),
                            involved=[Minutes, MinutesItem], fields=['notes', 'decisions'])

    if not expect(outcome, must_store=all(verdicts.values()), allowed=[k for k, ok in verdicts.items() if not ok]):
        return
    [shown] = [item for item in (await minutes.minutes_view(s.meeting.id)).items if item.agenda_item_id == s.talk.id]
    assert (shown.notes, shown.decisions) == (notes(values['notes']), decision_lines(written))


# --- action items -----------------------------------------------------------------------------------------------

@PROFILE
@nasty_examples('what', 'responsible_name')
@given(bad=changes({'what': bad_text(), 'responsible_name': bad_text(), 'deadline': bad_date()}))
async def test_action_items(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    s: Scene = await running.get(db, lambda: scene(close=False))
    values = {'what': 'Send slides rundt.', 'responsible_name': 'Ole Hansen', 'deadline': DAY, **bad}
    deadline = values['deadline']
    verdicts = {'what': verdict(Spec(notes, 1000, required=True), values['what']),
                'responsible_name': verdict(Spec(one_line, 200), values['responsible_name']),
                'deadline': deadline is None or (isinstance(deadline, dt.date) and deadline >= DAY)}

    outcome = await attempt(lambda: minutes_actions.add_action(meeting_id=s.meeting.id, agenda_item_id=s.talk.id,
                                                               **values, by=BY, now=LATER),
                            involved=[ActionItem], fields=['what', 'responsible_name', 'deadline'])

    if not expect(outcome, must_store=all(verdicts.values()), allowed=[k for k, ok in verdicts.items() if not ok]):
        return
    [shown] = [a for a in await minutes.action_views(s.meeting.id) if a.id == outcome.result.id]
    assert (shown.what, shown.responsible_name, shown.deadline) == (
        notes(values['what']), one_line(values['responsible_name']), deadline)
    overview = await minutes_actions.action_overview(s.net.id, today(NOW))   # the follow-up page reads it too
    assert outcome.result.id in {line.id for line in overview.open}


# --- reopening approved minutes ---------------------------------------------------------------------------------

async def approved_scene() -> Scene:
    s = await scene()
    await minutes.set_referent(meeting_id=s.meeting.id, referent='Mette Ølgaard', expected_revision=0, by=BY,
                               now=LATER)
    return s


@PROFILE
@nasty_examples('reason')
@given(bad=changes({'reason': bad_text()}))
async def test_the_reason_for_reopening(db, bad: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    s: Scene = await closed.get(db, approved_scene)
    if (await minutes.minutes_view(s.meeting.id)).status == MinutesStatus.DRAFT:
        await minutes_versions.approve(meeting_id=s.meeting.id, by=BY, now=LATER)

    outcome = await attempt(lambda: minutes_versions.reopen(meeting_id=s.meeting.id, reason=bad['reason'], by=BY,
                                                            now=LATER),
                            involved=[Minutes, MinutesVersion], fields=['reason'])

    if not expect(outcome, must_store=bool(trimmed(bad['reason']))):
        return
    assert (await minutes.minutes_view(s.meeting.id)).status == MinutesStatus.DRAFT
    entry = await AuditEntry.filter(subject='minutes', subject_id=s.meeting.id, action='reopen').order_by('-id').first()
    assert entry is not None and entry.reason == trimmed(bad['reason'])


# --- agreements -------------------------------------------------------------------------------------------------

@PROFILE
@nasty_examples('note')
@given(bad=changes({'note': bad_text(), 'until': bad_date()}))
async def test_agreements(db, bad: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    net = await members.get(db, f.network)
    m = await f.member(net, now=NOW)
    values = {'note': 'Barsel til sommer.', 'until': dt.date(2026, 8, 1), **bad}
    until = values['until']
    verdicts = {'note': bool(trimmed(values['note'])),
                'until': until is None or (isinstance(until, dt.date) and until >= today(NOW))}

    outcome = await attempt(lambda: agreements.grant_agreement(membership_id=m.id, **values, by=BY, now=NOW),
                            involved=[Agreement], fields=['note', 'until'])

    if not expect(outcome, must_store=all(verdicts.values()), allowed=[k for k, ok in verdicts.items() if not ok]):
        return
    [row] = [row for row in await listings.agreements(net.id, now=NOW) if row.agreement_id == outcome.result.id]
    assert (row.note, row.valid_until) == (trimmed(values['note']), until)
