"""The group assignment's promises (DESIGN.md §1.3), checked over many generated meetings with Hypothesis."""
from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flnet_ui.services.errors import DomainError
from flnet_ui.services.grouping import Attendee, assign, group_count
from models import Landsdel

# A library lies in one part of the country (its municipality decides), so the generator fixes each library's part;
# people without a library may be from either part or from none.
LIBRARY_PART = {library: (Landsdel.EAST if library % 3 else Landsdel.WEST) for library in range(1, 13)}


@st.composite
def attendees(draw: st.DrawFn) -> list[Attendee]:
    ids = draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=45, unique=True))
    people = []
    for membership_id in ids:
        library = draw(st.one_of(st.none(), st.integers(1, 12)))
        part = LIBRARY_PART[library] if library else draw(st.sampled_from([Landsdel.EAST, Landsdel.WEST, None]))
        people.append(Attendee(membership_id, library, part))
    return people


@st.composite
def meeting(draw: st.DrawFn) -> tuple[list[Attendee], dict[str, int], int]:
    people = draw(attendees())
    if draw(st.booleans()):
        ask = {'groups': draw(st.integers(1, len(people)))}
    else:
        ask = {'size': draw(st.integers(1, len(people) + 2))}
    return people, ask, draw(st.integers(0, 2**31 - 1))


@settings(max_examples=400, deadline=None)
@given(meeting())
def test_everyone_is_placed_once_in_groups_of_even_size(case: tuple[list[Attendee], dict[str, int], int]) -> None:
    people, ask, seed = case
    result = assign(people, **ask, seed=seed)
    assert len(result) == group_count(len(people), **ask)
    placed = [membership_id for group in result for membership_id in group]
    assert sorted(placed) == sorted(p.membership_id for p in people)
    sizes = [len(group) for group in result]
    assert max(sizes) - min(sizes) <= 1
    if 'size' in ask:
        assert max(sizes) <= ask['size']


@settings(max_examples=400, deadline=None)
@given(meeting())
def test_every_group_mixes_east_and_west_when_there_are_enough_of_each(
        case: tuple[list[Attendee], dict[str, int], int]) -> None:
    people, ask, seed = case
    result = assign(people, **ask, seed=seed)
    part = {p.membership_id: p.landsdel for p in people}
    east = sum(p.landsdel == Landsdel.EAST for p in people)
    west = sum(p.landsdel == Landsdel.WEST for p in people)
    for landsdel, total in ((Landsdel.EAST, east), (Landsdel.WEST, west)):
        per_group = [sum(part[m] == landsdel for m in group) for group in result]
        if total >= len(result):
            assert min(per_group) >= 1, (landsdel, per_group)
        else:  # too few to reach every group: they are at least spread out, one to a group
            assert max(per_group) <= 1, (landsdel, per_group)


@settings(max_examples=400, deadline=None)
@given(meeting())
def test_colleagues_from_one_library_are_apart_whenever_possible(
        case: tuple[list[Attendee], dict[str, int], int]) -> None:
    """Possible exactly when no library has more people than there are groups (pigeonhole: a library with more must
    share; with no more it can be spread, and the deal does so). A larger library is spread as evenly as can be."""
    people, ask, seed = case
    result = assign(people, **ask, seed=seed)
    library = {p.membership_id: p.library_id for p in people}
    sizes = Counter(p.library_id for p in people if p.library_id is not None)
    for lib, total in sizes.items():
        per_group = [sum(library[m] == lib for m in group) for group in result]
        assert max(per_group) == math.ceil(total / len(result)), (lib, total, per_group)


@settings(max_examples=200, deadline=None)
@given(meeting())
def test_the_same_input_and_seed_give_the_same_groups(case: tuple[list[Attendee], dict[str, int], int]) -> None:
    people, ask, seed = case
    assert assign(people, **ask, seed=seed) == assign(list(reversed(people)), **ask, seed=seed)


def test_different_seeds_give_different_groups() -> None:
    people = [Attendee(i, i % 7 or None, Landsdel.EAST if i % 2 else Landsdel.WEST) for i in range(1, 25)]
    draws = {tuple(map(tuple, assign(people, groups=4, seed=seed))) for seed in range(20)}
    assert len(draws) >= 15


@pytest.mark.parametrize(('ask', 'people', 'message'), [
    ({'groups': 0}, 5, 'Vælg mindst én gruppe.'),
    ({'groups': 6}, 5, r'flere grupper end deltagere \(5 deltagere\)'),
    ({'size': 0}, 5, 'mindst én person'),
    ({}, 5, 'enten et antal grupper eller en gruppestørrelse'),
    ({'groups': 2, 'size': 2}, 5, 'enten et antal grupper eller en gruppestørrelse'),
    ({'groups': 1}, 0, 'ingen at dele i grupper'),
])
def test_nonsense_is_refused(ask: dict[str, int], people: int, message: str) -> None:
    crowd = [Attendee(i, None, None) for i in range(1, people + 1)]
    with pytest.raises(DomainError, match=message):
        assign(crowd, **ask, seed=1)
