"""The public application form (issue 4 §1): check the form, keep abuse out, and hand a clean application to
`membership.apply`, which creates the pending membership and queues the receipt e-mail.

Abuse: a honeypot field that people never see (a bot that fills it is told "thank you" and nothing is saved), and a
rate limit per network address. An e-mail address the network already knows (an application or a membership that
is not former) gets a kind message and no duplicate; a former member may apply again.

A library that is not in the list yet is created in the applicant's municipality inside the same transaction as the
application: both are saved, or neither.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from flnet_ui import events, i18n, mail
from flnet_ui.db import seat_lock
from flnet_ui.i18n import _
from models import FORMER, Library, Membership, Person, RateLimitHit

from . import libraries, membership, people
from .audit import Actor
from .errors import DomainError
from .inputs import MAX_ID, clean_text, is_whole
from .networks import get_network

RATE_KIND = 'application'
RATE_WINDOW = dt.timedelta(hours=1)
MAX_PER_ADDRESS = 5  # a library's staff may share one public address; five an hour is plenty for people
MAX_MOTIVATION = 1000
MAX_TEXT = 200


class FormErrors(DomainError):
    """Every problem of the form at once, by field; the message (and field) of the first, for a single-message view."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field)
        self.errors = errors


@dataclass(frozen=True)
class ApplicationForm:
    name: str = ''
    email: str = ''
    municipality: str = ''
    library_id: int | None = None
    new_library: str = ''  # the library's name when it is not in the list
    job_title: str = ''
    motivation: str = ''
    consented: bool = False
    honeypot: str = ''  # filled only by bots: the field is hidden from people and from assistive technology


@dataclass(frozen=True)
class Receipt:
    """What the applicant is shown afterwards: only what they typed themselves and the network's own facts."""
    network_name: str
    coordinator_org: str
    email: str
    received_on: dt.date


async def submit(*, network_id: int, form: ApplicationForm, address: str, now: dt.datetime) -> Receipt:
    """Apply to the network from the public form. Raises FormErrors (problems at fields) or DomainError (rate limit,
    known address); either way nothing is saved, except that a known address counts toward the rate limit."""
    network = await get_network(network_id)
    address = (address or 'unknown')[:254]
    form = dataclasses.replace(  # free text loses what cannot be stored; the e-mail address is refused instead
        form, name=clean_text(form.name), municipality=clean_text(form.municipality),
        new_library=clean_text(form.new_library), job_title=clean_text(form.job_title),
        motivation=clean_text(form.motivation))
    receipt = Receipt(network.name, network.coordinator_org, ' '.join(form.email.split()).lower(), i18n.today(now))
    if form.honeypot.strip():
        return receipt  # a bot: it sees the same answer as a person, and nothing is saved or sent
    await _check_rate_limit(address, now=now)
    email, library = await _checked(form)
    if await _known(email, network_id):
        await RateLimitHit.create(kind=RATE_KIND, key=address, at=now)  # probing addresses counts, too
        raise DomainError(_('We already know your e-mail address – you already have an application or a membership. '
                            'Log in to see your status.'), field='email')
    applicant = Actor(None, email)
    try:
        async with seat_lock(network_id):  # the outer transaction: rate limit, new library and application together
            await _check_rate_limit(address, now=now)  # again, now serialised with other applications
            await RateLimitHit.create(kind=RATE_KIND, key=address, at=now)
            library_id = await _library_id(library, form, by=applicant, now=now)
            applied = await membership.apply(
                network_id=network_id, name=form.name, email=email, library_id=library_id, job_title=form.job_title,
                motivation=form.motivation, consented=True, by=applicant, now=now)
            await _update_returning_person(applied, form, library_id, by=applicant, now=now)
    except DomainError as error:
        if error.field == 'email':  # the same address applied at the same moment
            raise DomainError(_('We already know your e-mail address – you already have an application or a '
                                'membership. Log in to see your status.'), field='email') from error
        raise
    # apply() leaves announcing to whoever commits: now everything is.
    mail.wake()
    events.membership.emit(network_id)
    return receipt


async def retry_time(address: str, *, now: dt.datetime) -> dt.datetime | None:
    """When the address may apply again, or None when it is not limited."""
    since = now - RATE_WINDOW
    hits = await RateLimitHit.filter(kind=RATE_KIND, key=address, at__gte=since).order_by('-at') \
        .limit(MAX_PER_ADDRESS).values_list('at', flat=True)
    if len(hits) < MAX_PER_ADDRESS:
        return None
    return min(hits) + RATE_WINDOW  # type: ignore[operator]


async def _check_rate_limit(address: str, *, now: dt.datetime) -> None:
    await RateLimitHit.filter(kind=RATE_KIND, at__lt=now - RATE_WINDOW).delete()  # only the window matters
    retry = await retry_time(address, now=now)
    if retry is not None:
        raise DomainError(_('Too many applications have been sent from your network address within the last hour. '
                            'Try again after {time}.').format(time=i18n.clock(i18n.local(retry).time())))


async def _checked(form: ApplicationForm) -> tuple[str, Library | None]:
    """The cleaned e-mail and the chosen library (None: a new one is to be created), or FormErrors with every
    problem."""
    errors: dict[str, str] = {}
    email = ''
    try:
        membership._clean_name(form.name)
    except DomainError as error:
        errors['name'] = error.message
    try:
        email = membership._clean_email(form.email)
    except DomainError as error:
        errors['email'] = error.message
    library = None
    try:
        library = await _chosen_library(form)
    except DomainError as error:
        errors[error.field or 'library'] = error.message
    if len(form.job_title.strip()) > MAX_TEXT:
        errors['job_title'] = _('The job title can be at most {n} characters.').format(n=MAX_TEXT)
    if len(form.motivation.strip()) > MAX_MOTIVATION:
        errors['motivation'] = _('The motivation can be at most {n} characters.').format(n=i18n.number(MAX_MOTIVATION))
    if not form.consented:
        errors['consent'] = _('To apply, you must agree that the network handles your personal data.')
    if errors:
        raise FormErrors(errors)
    return email, library


async def _chosen_library(form: ApplicationForm) -> Library | None:
    """The library picked in the list, an existing one with the typed name, or None: the typed one is new."""
    municipality = libraries.find_municipality(form.municipality)
    if municipality is None:
        raise DomainError(_('Choose your municipality.'), field='municipality')
    if form.library_id is not None:
        library = await Library.get_or_none(id=form.library_id) if is_whole(form.library_id, 1, MAX_ID) else None
        if library is None or library.municipality != municipality:
            raise DomainError(_('Choose your library from the list.'), field='library')
        return library
    name = ' '.join(form.new_library.split())
    if not name:
        raise DomainError(_('Choose your library, or write its name if it is not in the list.'), field='library')
    if len(name) > MAX_TEXT:
        raise DomainError(_("The library's name can be at most 200 characters."), field='new_library')
    existing = await libraries.find_library(name)
    if existing is not None and existing.municipality != municipality:
        raise DomainError(_('A library with this name already exists in {municipality}. Choose that municipality and '
                            'the library in the list.').format(municipality=existing.municipality), field='new_library')
    return existing


async def _known(email: str, network_id: int) -> bool:
    person = await Person.get_or_none(email=email)
    if person is None:
        return False
    return await Membership.filter(person_id=person.id, network_id=network_id).exclude(status__in=FORMER).exists()


async def _library_id(library: Library | None, form: ApplicationForm, *, by: Actor, now: dt.datetime) -> int:
    if library is not None:
        return library.id
    found = await libraries.find_library(form.new_library)  # added by someone else since the check
    if found is not None:
        return found.id
    created = await libraries.create_library(name=form.new_library, municipality=form.municipality, by=by, now=now)
    return created.id


async def _update_returning_person(applied: Membership, form: ApplicationForm, library_id: int, *, by: Actor,
                                   now: dt.datetime) -> None:
    """A former member who applies again may have moved: keep the name, library and job title written now. Not for a
    person who is still in another network: their details are that network's coordinator's to change."""
    others = Membership.filter(person_id=applied.person_id).exclude(id=applied.id).exclude(status__in=FORMER)
    if await others.exists():
        return
    person = await Person.get(id=applied.person_id)
    try:
        await people.update_person(person_id=person.id, name=form.name, email=person.email, phone=person.phone,
                                   job_title=form.job_title, library_id=library_id, by=by, now=now)
    except DomainError:  # a stored detail the form does not show (an old phone number) fails today's checks:
        pass  # the application stands with the details on record; the coordinator can correct them
