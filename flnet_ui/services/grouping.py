"""Dividing a meeting's attendees into work groups (DESIGN.md §1.3): pure, no database.

The method is a deal of cards. Everybody is laid out in one line: East first, then West, then those without a part
of the country; within each part the people of one library stand together. The line is then dealt round the groups,
1, 2, ..., k, 1, 2, ... That gives, by construction:

- everyone is placed exactly once, and group sizes differ by at most one;
- any k people standing next to each other land in k different groups. A library with at most k people stands
  together, so nobody shares a group with a colleague whenever no library has more people than there are groups
  (and a larger library is spread as evenly as it can be);
- with at least k people from the East and at least k from the West, every group gets at least one of each (fewer
  are spread one to a group).

The seed shuffles the order of the libraries, of the people within a library and whether East or West is dealt first,
so a new seed gives new groups while the same input and seed give the same groups.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from itertools import groupby

from flnet_ui.i18n import _
from models import Landsdel

from .errors import DomainError
from .inputs import is_whole


@dataclass(frozen=True)
class Attendee:
    membership_id: int
    library_id: int | None
    landsdel: Landsdel | None


def assign(people: list[Attendee], *, groups: int | None = None, size: int | None = None,
           seed: int) -> list[list[int]]:
    """The groups as lists of membership ids (each sorted), numbered by their place in the result."""
    count = group_count(len(people), groups=groups, size=size)
    rng = random.Random(seed)
    line = _line(sorted(people, key=lambda person: person.membership_id), rng)
    dealt: list[list[int]] = [[] for _n in range(count)]
    for place, person in enumerate(line):
        dealt[place % count].append(person.membership_id)
    return [sorted(group) for group in dealt]


def group_count(people: int, *, groups: int | None = None, size: int | None = None) -> int:
    """How many groups: asked for directly, or from a group size (rounded up, so no group is bigger than asked)."""
    if people == 0:
        raise DomainError(_('There is nobody to divide into groups yet.'))
    if (groups is None) == (size is None):
        raise DomainError(_('Choose either a number of groups or a group size.'), field='groups')
    if size is not None:
        if not is_whole(size, 1):
            raise DomainError(_('A group must have at least one person.'), field='size')
        return math.ceil(people / size)
    assert groups is not None
    if not is_whole(groups, 1):
        raise DomainError(_('Choose at least one group.'), field='groups')
    if groups > people:
        raise DomainError(_('There are more groups than people ({n} people).').format(n=people), field='groups')
    return groups


def _line(people: list[Attendee], rng: random.Random) -> list[Attendee]:
    parts = [Landsdel.EAST, Landsdel.WEST]
    rng.shuffle(parts)
    line: list[Attendee] = []
    for part in [*parts, None]:
        line.extend(_libraries_together([p for p in people if p.landsdel == part], rng))
    return line


def _libraries_together(people: list[Attendee], rng: random.Random) -> list[Attendee]:
    """The people in an order where each library's people stand together; people without a library stand alone."""
    def library(person: Attendee) -> tuple[int, int]:
        return (person.library_id, 0) if person.library_id is not None else (-1, person.membership_id)

    blocks = [list(block) for _key, block in groupby(sorted(people, key=library), key=library)]
    rng.shuffle(blocks)
    for block in blocks:
        rng.shuffle(block)
    return [person for block in blocks for person in block]
