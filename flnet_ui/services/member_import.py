"""Importing members from a CSV file: a preview with a Danish error per bad row, then all good rows or nothing.

Files come as UTF-8 (with or without BOM, comma or semicolon) or as Danish Excel saves them: semicolons and
Windows-1252 (a superset of Latin-1 for the letters used here). The commit re-checks every row against the database
and runs `membership.apply(approve=True)` for each inside one outer transaction (apply's own transactions become
savepoints), so the capacity and waitlist rules apply, and any failure rolls the whole import back.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from flnet_ui import events, mail
from flnet_ui.i18n import _
from models import FORMER, Membership, MembershipStatus

from . import libraries, membership
from .audit import Actor
from .errors import DomainError

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
# Accepted header spellings (compared without case, spaces, hyphens and underscores).
HEADERS = {
    'name': {'navn', 'name', 'fuldtnavn', 'fuldenavn'},
    'email': {'email', 'mail', 'emailadresse', 'emailaddress', 'epost'},
    'library': {'bibliotek', 'library', 'arbejdssted'},
    'municipality': {'kommune', 'municipality'},
    'job_title': {'stilling', 'titel', 'jobtitel', 'stillingsbetegnelse', 'jobtitle', 'title'},
    'phone': {'telefon', 'tlf', 'telefonnummer', 'phone', 'mobil'},
}


@dataclass
class ImportRow:
    line: int  # the line in the file, as a spreadsheet shows it (the header is line 1)
    name: str
    email: str
    library: str = ''
    municipality: str = ''
    job_title: str = ''
    phone: str = ''
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def valid(self) -> list[ImportRow]:
        return [row for row in self.rows if row.ok]

    @property
    def invalid(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.ok]


@dataclass
class ImportResult:
    active: int = 0
    waitlisted: int = 0


async def preview(*, network_id: int, data: bytes) -> ImportPreview:
    """Read the file and check every row; nothing is saved."""
    rows = parse(data)
    await _check(network_id, rows)
    return ImportPreview(rows)


async def commit(*, network_id: int, rows: list[ImportRow], by: Actor, now: dt.datetime) -> ImportResult:
    """Import the rows the coordinator confirmed: every one, or (if any fails) none."""
    rows = [ImportRow(r.line, r.name, r.email, r.library, r.municipality, r.job_title, r.phone) for r in rows]
    if not rows:
        raise DomainError(_('There are no valid rows to import.'))
    await _check(network_id, rows)  # the network may have changed since the preview
    if any(not row.ok for row in rows):
        raise DomainError(_('Some rows are no longer valid. Upload the file again to see why.'))
    result, row = ImportResult(), rows[0]
    try:
        async with in_transaction():
            for row in rows:
                library_id = await _library_id(row, by=by, now=now)
                added = await membership.apply(network_id=network_id, name=row.name, email=row.email,
                                               library_id=library_id, job_title=row.job_title, phone=row.phone,
                                               approve=True, by=by, now=now)
                added = await Membership.get(id=added.id)
                if added.status == MembershipStatus.ACTIVE:
                    result.active += 1
                else:
                    result.waitlisted += 1
    except DomainError as error:
        raise DomainError(_('Nothing was imported. Line {line}: {error}').format(line=row.line, error=error.message)) \
            from error
    mail.wake()  # apply() left announcing the approvals (and their e-mails) to whoever commits: now it is done
    events.membership.emit(network_id)
    return result


def parse(data: bytes) -> list[ImportRow]:
    if len(data) > MAX_BYTES:
        raise DomainError(_('The file is too large (at most 1 MB).'), field='file')
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise DomainError(_('The file is empty.'), field='file')
    delimiter = max(';,\t', key=lines[0].count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns = _columns(next(reader))
    rows: list[ImportRow] = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        value = {key: ' '.join(cells[index].split()) if index < len(cells) else '' for key, index in columns.items()}
        rows.append(ImportRow(line, value.get('name', ''), value.get('email', ''), value.get('library', ''),
                              value.get('municipality', ''), value.get('job_title', ''), value.get('phone', '')))
        if len(rows) > MAX_ROWS:
            raise DomainError(_('The file has too many rows (at most 2000).'), field='file')
    if not rows:
        raise DomainError(_('The file has no rows below the header.'), field='file')
    return rows


def _decode(data: bytes) -> str:
    if data.startswith(b'\xef\xbb\xbf'):
        return data[3:].decode('utf-8', errors='replace')
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return data.decode('cp1252', errors='replace')


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        folded = ''.join(ch for ch in title.casefold() if ch not in ' -_.')
        for key, spellings in HEADERS.items():
            if folded in spellings and key not in columns:
                columns[key] = index
    if 'name' not in columns or 'email' not in columns:
        raise DomainError(_('The first line must name the columns, at least "navn" and "e-mail".'), field='file')
    return columns


async def _check(network_id: int, rows: list[ImportRow]) -> None:
    """Fill each row's errors (in Danish) and normalise what is good."""
    emails = [row.email.strip().lower() for row in rows]
    taken = {email for email, status in await Membership.filter(
        network_id=network_id, person__email__in=emails).values_list('person__email', 'status') if status not in FORMER}
    seen: dict[str, int] = {}
    for row in rows:
        row.errors = []
        try:
            row.name = membership._clean_name(row.name)
        except DomainError as error:
            row.errors.append(error.message)
        try:
            row.email = membership._clean_email(row.email)
        except DomainError as error:
            row.errors.append(error.message)
        if row.email in seen:
            row.errors.append(_('The same e-mail address is also on line {line}.').format(line=seen[row.email]))
        elif row.email:
            seen[row.email] = row.line
        if row.email in taken:
            row.errors.append(_('This e-mail address already has an application or a membership.'))
        await _check_library(row)


async def _check_library(row: ImportRow) -> None:
    municipality = libraries.find_municipality(row.municipality) if row.municipality else None
    if row.municipality and municipality is None:
        row.errors.append(_('Unknown municipality "{name}".').format(name=row.municipality))
        return
    if municipality:
        row.municipality = municipality
    if not row.library:
        return
    library = await libraries.find_library(row.library)
    if library is not None:
        row.library = library.name
        if municipality and library.municipality != municipality:
            row.errors.append(_('{library} is in {municipality} Municipality.').format(
                library=library.name, municipality=library.municipality))
        row.municipality = library.municipality
    elif not municipality:
        row.errors.append(_('The library "{name}" is not known yet: write its municipality so it can be added.')
                          .format(name=row.library))


async def _library_id(row: ImportRow, *, by: Actor, now: dt.datetime) -> int | None:
    if not row.library:
        return None
    library = await libraries.find_library(row.library)
    if library is None:
        library = await libraries.create_library(name=row.library, municipality=row.municipality, by=by, now=now)
    return library.id

