"""Denmark's 98 municipalities with region and part of the country, from the reference data shipped in flnet_ui."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .enums import Landsdel


@dataclass(frozen=True)
class Municipality:
    name: str
    region: str
    landsdel: Landsdel


@cache
def municipalities() -> dict[str, Municipality]:
    text = resources.files('flnet_ui').joinpath('data/kommuner.csv').read_text(encoding='utf-8')
    rows = csv.DictReader(text.splitlines())
    parts = {'Øst': Landsdel.EAST, 'Vest': Landsdel.WEST}
    return {row['kommune']: Municipality(row['kommune'], row['region'], parts[row['landsdel']]) for row in rows}


def landsdel_of(municipality: str) -> Landsdel:
    return municipalities()[municipality].landsdel
