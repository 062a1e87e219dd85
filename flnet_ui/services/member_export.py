"""The member list as a file: CSV that Danish Excel opens as it is (UTF-8 with BOM, semicolons) and XLSX."""
from __future__ import annotations

import csv
import datetime as dt
import io

from flnet_ui.i18n import _
from flnet_ui.labels import LANDSDEL, MEMBERSHIP_STATUS

from .membership import PHONE
from .people import MemberRow


def file_name(day: dt.date, extension: str) -> str:
    return f'medlemmer-{day.isoformat()}.{extension}'


def to_csv(rows: list[MemberRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=';', lineterminator='\r\n')
    writer.writerow(_header())
    writer.writerows([_safe(cell) for cell in _values(row)] for row in rows)
    return buffer.getvalue().encode('utf-8-sig')


def to_xlsx(rows: list[MemberRow]) -> bytes:
    # openpyxl is imported on the first export, not at start-up, where it would cost a twentieth of a second (bench/)
    from openpyxl import Workbook
    from openpyxl.styles import Font
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _('Members')
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(value) if isinstance(value, str) else value for value in _values(row)])
    for column, width in zip('ABCDEFGHIJ', (28, 32, 16, 28, 32, 18, 14, 22, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = 'A2'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header() -> list[str]:
    return [_('Name'), _('E-mail'), _('Phone'), _('Job title'), _('Library'), _('Municipality'),
            _('Part of the country'), _('Status'), _('Place on the waitlist'), _('Absences in a row')]


def _values(row: MemberRow) -> list[str | int | None]:
    return [row.name, row.email, row.phone, row.job_title, row.library, row.municipality,
            _(LANDSDEL[row.landsdel]) if row.landsdel else '', _(MEMBERSHIP_STATUS[row.status]), row.position,
            row.streak.count if row.streak else None]


def _safe(value: str | int | None) -> str | int | None:
    """A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection): make it plain text.
    A validated phone number ('+45 12 34 56 78') is left alone: it cannot carry a formula."""
    if isinstance(value, str) and value[:1] in ('=', '+', '-', '@', '\t', '\r') and not PHONE.match(value):
        return "'" + value
    return value
