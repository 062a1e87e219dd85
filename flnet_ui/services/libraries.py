"""Libraries and the 98 municipalities they belong to (DESIGN.md §4): the picker's data and adding a missing library."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from flnet_ui.i18n import _, danish_sorted
from models import Landsdel, Library
from models.reference import municipalities

from .audit import Actor, log
from .errors import DomainError
from .inputs import clean_text


@dataclass(frozen=True)
class LibraryInfo:
    id: int
    name: str
    municipality: str
    landsdel: Landsdel | None  # None only for a municipality the reference data no longer knows


async def list_libraries() -> list[LibraryInfo]:
    """Every library, in Danish order by name, with its municipality and part of the country."""
    rows = await Library.all().values_list('id', 'name', 'municipality')
    known = municipalities()
    infos = [LibraryInfo(id_, name, municipality, known[municipality].landsdel if municipality in known else None)
             for id_, name, municipality in rows]
    return danish_sorted(infos, key=lambda info: info.name)


def municipality_names() -> list[str]:
    return danish_sorted(municipalities())


def find_municipality(text: str) -> str | None:
    """The reference spelling of a municipality written with any case or spacing ('  københavn ' -> 'København')."""
    wanted = ' '.join(text.split()).casefold().removesuffix(' kommune')
    if not wanted:
        return None
    return next((name for name in municipalities() if name.casefold() == wanted), None)


async def find_library(name: str) -> Library | None:
    """The library of that name, ignoring case. Compared here: SQLite folds the case of ASCII letters only (Æ Ø Å)."""
    wanted = ' '.join(clean_text(name).split()).casefold()
    return next((library for library in await Library.all() if library.name.casefold() == wanted), None)


async def create_library(*, name: str, municipality: str, by: Actor, now: dt.datetime) -> Library:
    """A public library that is not in the list yet; its municipality must be one of the 98."""
    name = ' '.join(clean_text(name).split())
    if not name:
        raise DomainError(_("Write the library's name."), field='library_name')
    if len(name) > 200:
        raise DomainError(_("The library's name can be at most 200 characters."), field='library_name')
    found = find_municipality(municipality)
    if found is None:
        raise DomainError(_('Choose a municipality from the list.'), field='municipality')
    try:
        async with in_transaction():
            if await find_library(name) is not None:
                raise DomainError(_('A library with this name already exists.'), field='library_name')
            library = await Library.create(name=name, municipality=found)
            await log(by=by, now=now, subject='library', subject_id=library.id, action='create', to_value=name,
                      reason=found)
    except IntegrityError as error:  # created at the same moment by someone else
        raise DomainError(_('A library with this name already exists.'), field='library_name') from error
    return library
