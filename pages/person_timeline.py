"""The timeline on a person's page: every audited change that concerns the person, newest first, in words.

The entries keep stored values (statuses, answers, roles) and, for some, a code of the service that wrote them in
`reason`; both are put into words here, and only a reason a person wrote (a status change's, an agreement's note, an
apology's) is shown as it is."""
from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from flnet_ui import i18n
from flnet_ui.components import design
from flnet_ui.i18n import N_, _
from flnet_ui.labels import ANSWER, ATTENDANCE_STATUS, MEMBERSHIP_STATUS, ROLE
from flnet_ui.services.audit import Timeline
from models import Answer, AttendanceStatus, AuditEntry, MembershipStatus, Role

FIELDS = {'name': N_('Name'), 'email': N_('E-mail'), 'phone': N_('Phone'), 'job_title': N_('Job title'),
          'library': N_('Library')}
# The subjects whose reason is words a person wrote; the others' reasons are codes (e.g. 'first login link').
WRITTEN_REASONS = {'membership', 'agreement', 'meeting'}


def timeline(shown: Timeline) -> None:
    for entry in reversed(shown.entries):
        who = entry.actor_name or _('the rules')
        with ui.column().classes('gap-0 w-full border-l-4 pl-3').style(f'border-color: {design.PRIMARY}') \
                .mark('timeline-entry'):
            ui.label(f'{i18n.date_time(entry.at)} · {who}').classes(f'{design.MUTED} text-sm')
            ui.label(describe(entry, shown.meeting_titles.get(entry.id, '')))
            if entry.reason and entry.subject in WRITTEN_REASONS:
                ui.label(entry.reason).classes('text-sm italic')


def describe(entry: AuditEntry, meeting: str) -> str:
    """One entry in words; `meeting` is the title of the meeting it concerns, where it concerns one."""
    words = _WORDS.get((entry.subject, entry.action))
    if words is None:
        return _('Change recorded: {before} → {after}').format(before=entry.from_value or '–',
                                                               after=entry.to_value or '–')
    return words(entry, meeting)


def _status_change(entry: AuditEntry, _meeting: str) -> str:
    if not entry.from_value:
        return _('Status: {to}').format(to=_status(entry.to_value))
    return _('Status: {before} → {after}').format(before=_status(entry.from_value), after=_status(entry.to_value))


def _answer(entry: AuditEntry, meeting: str) -> str:
    return _('Answered the invitation to «{meeting}»: {answer}').format(
        meeting=meeting, answer=_word(ANSWER, Answer, entry.to_value))


def _answer_withdrawn(entry: AuditEntry, meeting: str) -> str:
    return _('Withdrew the answer to «{meeting}» ({answer})').format(
        meeting=meeting, answer=_word(ANSWER, Answer, entry.from_value))


def _attendance_corrected(entry: AuditEntry, meeting: str) -> str:
    return _('Attendance at «{meeting}» corrected: {before} → {after}').format(
        meeting=meeting, before=_word(ATTENDANCE_STATUS, AttendanceStatus, entry.from_value),
        after=_word(ATTENDANCE_STATUS, AttendanceStatus, entry.to_value))


def _password(entry: AuditEntry, _meeting: str) -> str:
    return _('Password changed by the person') if entry.reason.startswith('own') else _('Password changed')


Words = Callable[[AuditEntry, str], str]
_WORDS: dict[tuple[str, str], Words] = {
    ('membership', 'status'): _status_change,
    ('membership', 'move'): lambda e, _m: _('Moved on the waitlist from no. {before} to no. {after}').format(
        before=e.from_value, after=e.to_value),
    ('person', 'edit'): lambda e, _m: _person_change(e),
    ('person', 'anonymise'): lambda _e, _m: _('Personal data anonymised'),
    ('agreement', 'grant'): lambda _e, _m: _('Agreement granted'),
    ('agreement', 'end'): lambda _e, _m: _('Agreement ended'),
    ('meeting', 'answer'): _answer,
    ('meeting', 'withdraw answer'): _answer_withdrawn,
    ('attendance', 'correct'): _attendance_corrected,
    ('user', 'create'): lambda e, _m: _('Login created ({role})').format(role=_word(ROLE, Role, e.to_value)),
    ('user', 'password'): _password,
    ('user', 'calendar renew'): lambda _e, _m: _('Calendar address created or renewed'),
    ('user', 'calendar revoke'): lambda _e, _m: _('Calendar address removed'),
}


def _person_change(entry: AuditEntry) -> str:
    field = _(FIELDS.get(entry.reason, entry.reason))
    if not entry.from_value and not entry.to_value:  # the values were removed when the person was anonymised
        return _('{field} changed').format(field=field)
    return _('{field} changed: "{before}" → "{after}"').format(field=field, before=entry.from_value,
                                                               after=entry.to_value)


def _status(value: str) -> str:
    return _word(MEMBERSHIP_STATUS, MembershipStatus, value)


def _word(words: dict, kind: type, value: str) -> str:  # type: ignore[type-arg]
    """The stored value in words; a value no longer known (an older version's) as it is."""
    try:
        return _(words[kind(value)])
    except (ValueError, KeyError):
        return value
