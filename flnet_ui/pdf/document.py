"""What a minutes or agenda PDF shows, as plain values.

The PDF builders never touch the database: a service maps a meeting onto these, with every label (status, kind)
already translated, and names already in Danish order. Frozen so a document can be handed to a worker thread.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Action:
    """An action item (opfølgningspunkt)."""
    what: str
    responsible: str  # a member's name or a free name; '' for nobody yet
    deadline: dt.date | None
    status: str  # already a translated label, e.g. 'åben' / 'udført'


@dataclass(frozen=True)
class ItemMinutes:
    """One agenda item, with what the minutes say about it (all empty in an agenda)."""
    number: int
    title: str
    kind: str  # translated kind label, e.g. 'Oplæg'
    starts: dt.time | None  # planned start (local time)
    presenter: str  # '' for none
    notes: str  # free text, may contain newlines; in an agenda, the item's description
    decisions: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    group_outcomes: list[tuple[str, str]] = field(default_factory=list)  # ('Gruppe 1', outcome text)
    minutes: int | None = None  # planned duration; shown in the agenda when known
    pause: bool = False  # a break: an empty one is not flagged as "nothing recorded"


@dataclass(frozen=True)
class MinutesDocument:
    network_name: str
    meeting_title: str
    day: dt.date
    starts: dt.time
    ends: dt.time
    venue: str  # address, may be ''
    host: str  # host library name, may be ''
    referent: str
    attendees: list[str]  # deltagere
    apologies: list[str]  # afbud
    absent: list[str]  # udeblevne
    excused: list[str]  # fravær aftalt
    items: list[ItemMinutes]
    status: str  # translated, e.g. 'Udkast' or 'Godkendt'
    version: int | None  # the approved version's number, None for a draft
    generated_at: dt.datetime  # aware UTC; printed in Danish local time


@dataclass(frozen=True)
class AgendaDocument:
    """The programme of a meeting (dagsorden)."""
    network_name: str
    meeting_title: str
    day: dt.date
    starts: dt.time
    ends: dt.time
    venue: str
    host: str
    items: list[ItemMinutes]  # notes hold the description; decisions/actions empty
    generated_at: dt.datetime
