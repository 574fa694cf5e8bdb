"""Scoring: one applicant's validated facts under one scheme version, in exact Decimals.

Each item is computed by its rule, bounded, then rounded once to the scheme's places (half up);
the total is the sum of the rounded items (then floored if the scheme says so), so the items a
user sees always add up to the total shown.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat
from typing import NamedTuple

from .numbers import ZERO
from .schemes import Item, Prerequisite, Scheme

HALF = Decimal("0.5")


class ItemScore(NamedTuple):
    """One item's points (a named tuple: made 11 times a score, it is built in a third of a
    frozen dataclass's time)."""
    item: Item
    points: Decimal
    total: Decimal  # the applicant's total, for the share

    @property
    def share(self) -> Decimal | None:
        """points / total, when the total is positive (worked out when a page asks: most
        callers of score() never read it)."""
        return self.points / self.total if self.total > 0 else None


MET, UNMET, UNANSWERED = "met", "unmet", "unanswered"


@dataclass(frozen=True)
class PrereqOutcome:
    prerequisite: Prerequisite
    met: bool
    detail: dict
    status: str  # met, unmet or unanswered

    @property
    def unanswered_facts(self) -> tuple[str, ...]:
        """The unanswered facts that decide this condition (empty unless it is unanswered)."""
        return tuple(self.detail.get("unanswered", ())) if self.status == UNANSWERED else ()


def condition_status(met: bool, detail: dict, unanswered: frozenset[str],
                     facts_read: frozenset[str]) -> tuple[str, list[str]]:
    """Three statuses, never two: a test that fails only where a fact was left blank (and so
    took its default) is unanswered, not unmet. any_of is met by one met part, whatever the
    others; all_of is unmet by one unmet part, whatever the others."""
    if met:
        return MET, []
    parts = detail.get("parts")
    if parts is not None:
        statuses = [condition_status(p.get("met", False), p, unanswered, frozenset()) for p in parts]
        if detail.get("kind") == "all_of" and any(st == UNMET for st, _ in statuses):
            return UNMET, []
        missing = [f for st, fs in statuses if st == UNANSWERED for f in fs]
        return (UNANSWERED, sorted(set(missing))) if missing else (UNMET, [])
    read = frozenset(detail["facts"]) if "facts" in detail else \
        frozenset((detail["fact"],)) if "fact" in detail else facts_read
    missing = sorted(read & unanswered)
    return (UNANSWERED, missing) if missing else (UNMET, [])


@dataclass(frozen=True)
class Result:
    scheme: Scheme
    as_of: dt.date
    facts: dict
    items: tuple[ItemScore, ...]
    total: Decimal
    prerequisites: tuple[PrereqOutcome, ...]
    main_share: Decimal | None  # social insurance + residence items / total

    unanswered_facts: frozenset[str] = frozenset()  # facts left blank: their values are defaults

    @property
    def unmet(self) -> list[PrereqOutcome]:
        return [p for p in self.prerequisites if p.status == UNMET]

    @property
    def unanswered(self) -> list[PrereqOutcome]:
        """Conditions that only a missing answer decides: "answer these to know"."""
        return [p for p in self.prerequisites if p.status == UNANSWERED]

    @property
    def threshold_met(self) -> bool | None:
        t = self.scheme.threshold
        return None if t is None else self.total >= t

    @property
    def eligible(self) -> bool:
        """All prerequisites met (none unmet or unanswered) and, where the scheme has a minimum
        score, that score reached."""
        return all(p.status == MET for p in self.prerequisites) and self.threshold_met is not False

    @property
    def is_main_share(self) -> bool | None:
        return is_main_share(self.main_share)

    def points(self, item_id: str) -> Decimal:
        return next(s.points for s in self.items if s.item.id == item_id)


def is_main_share(share) -> bool | None:
    """The national opinion's test: social insurance and residence make up more than half of
    the points (the one definition: one applicant's share here, a population's mean share in the
    console and the simulations). Takes a Decimal, a float, or an array of floats (batch
    scoring), and answers in kind."""
    if share is None:
        return None
    if isinstance(share, Decimal):
        return share > HALF
    return share > float(HALF)


def main_share_positions(scheme: Scheme) -> list[int]:
    """The positions of the items the main-share test counts (social insurance, residence)."""
    return list(scheme.main_share_positions)


def population_main_shares(scheme: Scheme, items, total):
    """Each person's main share from batch scores (items: one row per item, total: one column
    per person, both in the same units), over the people with a positive total; None if nobody
    has one. The one place a population's share is computed (simulation and console)."""
    pos = total > 0
    if not pos.any():
        return None
    return items[main_share_positions(scheme)].sum(axis=0)[pos] / total[pos]


def score_items(scheme: Scheme, facts: dict, as_of: dt.date) -> tuple[list[Decimal], Decimal]:
    """Just the rounded item points and the total: the hot path used by batch callers (each
    item's points already rounded half up once to the scheme's places by its rule)."""
    pts = [points(facts, as_of) for points in scheme.rounded_evaluators]
    total = sum(pts, ZERO)
    if scheme.total_floor is not None and total < scheme.total_floor:
        total = scheme.total_floor
    return pts, total


def prerequisite_outcomes(scheme: Scheme, facts: dict, as_of: dt.date,
                          unanswered: frozenset[str] = frozenset()) -> tuple[PrereqOutcome, ...]:
    out = []
    for p in scheme.prerequisites:
        met, detail = p.check(facts, as_of)
        if met:  # the usual case: nothing to work out
            met, status = True, MET
        else:
            status, missing = condition_status(met, detail, unanswered, p.facts)
            if missing:
                detail = {**detail, "unanswered": missing}
        # PrereqOutcome(p, met, detail, status) without the frozen dataclass's __init__ (a
        # guarded setattr per field): a quarter of a score went to building its records
        o = _new(PrereqOutcome)
        _set(o, "__dict__", {"prerequisite": p, "met": met, "detail": detail, "status": status})
        out.append(o)
    return tuple(out)


_new, _set = object.__new__, object.__setattr__
_tuple_new = tuple.__new__  # ItemScore(...) without the named tuple's Python-level __new__ (mapped: no
# Python frame per item at all)


def _result(scheme, as_of, facts, items, total, prerequisites, main_share, unanswered_facts) -> Result:
    """Result(...) without the frozen dataclass's __init__: its eight fields set at once (the same
    object, in a third of the time)."""
    r = _new(Result)
    _set(r, "__dict__", {"scheme": scheme, "as_of": as_of, "facts": facts, "items": items, "total": total,
                         "prerequisites": prerequisites, "main_share": main_share,
                         "unanswered_facts": unanswered_facts})
    return r


def score(scheme: Scheme, facts: dict, as_of: dt.date, unanswered: frozenset[str] = frozenset()) -> Result:
    pts, total = score_items(scheme, facts, as_of)
    items = tuple(map(_tuple_new, repeat(ItemScore), zip(scheme.items, pts, repeat(total))))
    main = sum([pts[k] for k in scheme.main_share_positions], ZERO)
    prereqs = prerequisite_outcomes(scheme, facts, as_of, unanswered)
    return _result(scheme, as_of, facts, items, total, prereqs, (main / total) if total > 0 else None,
                   unanswered & scheme.facts if unanswered else frozenset())
