"""Saving the minutes as you go (pages/minutes_editor.py): `Writer` is one text with its fields, `Desk` what survives a
live redraw of the page.

A text is saved when its field loses focus (the referent also on Enter), with the revision the text was based on.
Text typed but not yet saved stays in `Desk.drafts` with that revision: a live redraw shows it again, and a change
someone else saved meanwhile is shown beside it (ConflictDialog) instead of being overwritten."""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from nicegui import ui

from flnet_ui import i18n
from flnet_ui.components import design
from flnet_ui.i18n import _
from flnet_ui.services.minutes_rules import MinutesConflict

from .minutes_dialogs import ConflictDialog

Conflicted = Callable[[MinutesConflict], None]
# The page's guarded save: (texts, the expected revision, the fields for an error, where a conflict goes) -> (saved,
# the revision now stored)
Call = Callable[[tuple[str, ...], int, Mapping[str, Any], Conflicted], Awaitable[tuple[bool, Any]]]


@dataclass(frozen=True)
class Draft:
    texts: tuple[str, ...]   # as typed, not yet saved
    base: int                # the revision the writer started from


class Desk:
    """What survives a live redraw of the editor: text typed but not yet saved, each text's save status, and one
    save at a time per text (a second blur while the first save runs waits for it)."""

    def __init__(self, conflict: ConflictDialog) -> None:
        self.conflict = conflict
        self.drafts: dict[str, Draft] = {}
        self.status: dict[str, str] = {}
        self.writers: dict[str, Writer] = {}
        self.locks: dict[str, asyncio.Lock] = {}

    def lock(self, key: str) -> asyncio.Lock:
        return self.locks.setdefault(key, asyncio.Lock())

    async def flush(self) -> bool:
        """Save every text typed but not yet saved; True when nothing is left unsaved."""
        for key in list(self.drafts):
            writer = self.writers.get(key)
            if writer is not None:
                await writer.save()
        return not self.drafts


class Field(NamedTuple):
    name: str        # the service's name for it (a DomainError's field)
    label: str
    mark: str
    textarea: bool
    limit: int


class Writer:
    """One text of the minutes, saved as a whole: an agenda item's notes and decisions, or the referent."""

    def __init__(self, desk: Desk, key: str, *, fields: Sequence[Field], stored: tuple[str, ...], revision: int,
                 call: Call, split: Callable[[Any], tuple[str, ...]], status_mark: str) -> None:
        self.desk, self.key, self.call, self.split = desk, key, call, split
        self.names, self.labels = [f.name for f in fields], [f.label for f in fields]
        draft = desk.drafts.get(key)
        self.stored, self.base = stored, draft.base if draft else revision
        self.fields: list[ui.input | ui.textarea] = []
        for field, text in zip(fields, draft.texts if draft else stored, strict=True):
            element = ui.textarea(field.label, value=text).props(f'outlined autogrow maxlength={field.limit}') \
                if field.textarea else ui.input(field.label, value=text).props(f'outlined maxlength={field.limit}')
            element.classes('w-full').mark(field.mark)
            element.on_value_change(self.typed)
            element.on('blur', self.save)
            self.fields.append(element)
        self.status = ui.label(desk.status.get(key, '')).props('role=status') \
            .classes(f'text-sm {design.MUTED} min-h-5').mark(status_mark)
        desk.writers[key] = self

    def current(self) -> Writer:
        """The writer on the page now: a redraw replaces the one whose save is still running."""
        return self.desk.writers.get(self.key, self)

    def texts(self) -> tuple[str, ...]:
        return tuple(str(field.value or '') for field in self.fields)

    def say(self, text: str) -> None:
        self.desk.status[self.key] = text
        self.current().status.text = text

    def typed(self) -> None:
        texts = self.texts()
        if texts == self.stored:
            self.desk.drafts.pop(self.key, None)
            return
        if self.key not in self.desk.drafts:
            self.say(_('Not saved yet.'))
        self.desk.drafts[self.key] = Draft(texts, self.base)

    def fill(self, texts: tuple[str, ...]) -> None:
        for field, text in zip(self.fields, texts, strict=True):
            field.value = text

    def sync(self, stored: tuple[str, ...], revision: int) -> None:
        """Someone saved: show the stored text, unless this writer has typed something not yet saved (their next
        save then meets the conflict, and both texts are shown)."""
        if self.key in self.desk.drafts:
            return
        self.stored, self.base = stored, revision
        self.fill(stored)

    async def save(self) -> None:
        async with self.desk.lock(self.key):
            draft = self.desk.drafts.get(self.key)
            if draft is not None:
                await self.send(draft.texts, draft.base)

    async def send(self, texts: tuple[str, ...], base: int) -> None:
        self.say(_('Saving…'))
        conflicts: list[MinutesConflict] = []
        fields = dict(zip(self.names, self.current().fields, strict=True))
        ok, revision = await self.call(texts, base, fields, conflicts.append)
        if ok:
            self.current().saved(texts, revision)
        elif conflicts:
            self.say(_('Not saved: someone else saved this text meanwhile.'))
            conflict = conflicts[0]
            self.desk.conflict.open(conflict, labels=self.labels, theirs=self.split(conflict.theirs),
                                    yours=self.split(conflict.yours), save=self.resolve, take=self.take)
        else:
            self.say(_('Not saved.'))

    def saved(self, texts: tuple[str, ...], revision: int) -> None:
        self.stored, self.base = texts, revision
        typed = self.texts()
        if typed == texts:
            self.desk.drafts.pop(self.key, None)
        else:   # typed on while it was saved: that is a draft of the new revision
            self.desk.drafts[self.key] = Draft(typed, revision)
        self.say(_('Saved at {time}.').format(time=i18n.clock(i18n.local(dt.datetime.now(dt.UTC)).time())))

    async def resolve(self, texts: tuple[str, ...], revision: int) -> None:
        """Keep mine, or the merged text: saved over the revision the conflict showed."""
        async with self.desk.lock(self.key):
            self.current().fill(texts)
            await self.send(texts, revision)

    def take(self, texts: tuple[str, ...], revision: int) -> None:
        """Use theirs: it is what is stored, so nothing is saved; the field shows it."""
        writer = self.current()
        writer.stored, writer.base = texts, revision
        writer.fill(texts)
        self.desk.drafts.pop(self.key, None)
        self.say(_('Their text is in the field now.'))
