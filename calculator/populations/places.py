"""Where a total would have stood in a published list of admitted applicants.

Only real lists are used (Beijing's official 2022 list, shipped in shared/data): never invented
figures. A list is tied to the scheme version that scored it, so a total is placed only against
a list scored by the same rules.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .beijing_lists import LIST_PATH, read_list

# scheme version -> (round, path of the list scored under it)
PUBLISHED_LISTS = {"beijing-2020": (2022, LIST_PATH)}


@dataclass(frozen=True)
class Place:
    round: int
    admitted: int          # people on the list
    rank: int | None       # the place this total would have taken (None: below the last admitted)
    cutoff: Decimal        # the lowest total admitted
    tied_at_cutoff: int    # people admitted with exactly the cutoff
    above: int             # people on the list with a higher total


@lru_cache(maxsize=4)
def _totals(scheme_id: str) -> tuple[int, tuple[Decimal, ...]] | None:
    entry = PUBLISHED_LISTS.get(scheme_id)
    if entry is None or not entry[1].exists():
        return None
    round_, path = entry
    return round_, tuple(sorted(Decimal(r["total"]) for r in read_list(path)))


def place_in_list(scheme_id: str, total: Decimal) -> Place | None:
    """The rank a total would have taken (1 + the number strictly above it: ties share a
    place), or None when no published list was scored by this version."""
    found = _totals(scheme_id)
    if found is None:
        return None
    round_, totals = found
    cutoff = totals[0]
    above = len(totals) - bisect.bisect_right(totals, total)
    tied = bisect.bisect_right(totals, cutoff)
    return Place(round_, len(totals), above + 1 if total >= cutoff else None, cutoff, tied, above)
