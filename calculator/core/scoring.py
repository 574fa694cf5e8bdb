"""Scoring: one applicant's validated facts under one scheme version, in exact Decimals.

Each item is computed by its rule, bounded, then rounded once to the scheme's places (half up);
the total is the sum of the rounded items (then floored if the scheme says so), so the items a
user sees always add up to the total shown.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .numbers import ZERO, round_item
from .schemes import MAIN_SHARE_CATEGORIES, Item, Prerequisite, Scheme

HALF = Decimal("0.5")


@dataclass(frozen=True)
class ItemScore:
    item: Item
    points: Decimal
    share: Decimal | None  # points / total, when the total is positive


@dataclass(frozen=True)
class PrereqOutcome:
    prerequisite: Prerequisite
    met: bool
    detail: dict


@dataclass(frozen=True)
class Result:
    scheme: Scheme
    as_of: dt.date
    facts: dict
    items: tuple[ItemScore, ...]
    total: Decimal
    prerequisites: tuple[PrereqOutcome, ...]
    main_share: Decimal | None  # social insurance + residence items / total

    @property
    def unmet(self) -> list[PrereqOutcome]:
        return [p for p in self.prerequisites if not p.met]

    @property
    def threshold_met(self) -> bool | None:
        t = self.scheme.threshold
        return None if t is None else self.total >= t

    @property
    def eligible(self) -> bool:
        """All prerequisites met and, where the scheme has a minimum score, that score reached."""
        return not self.unmet and self.threshold_met is not False

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


def score_items(scheme: Scheme, facts: dict, as_of: dt.date) -> tuple[list[Decimal], Decimal]:
    """Just the rounded item points and the total: the hot path used by batch callers."""
    q = scheme.quantum
    # exact half-up rounding of each item (Decimal or, for non-terminating values, Fraction)
    pts = [round_item(item.rule.evaluate(facts, as_of), q) for item in scheme.items]
    total = sum(pts, ZERO)
    if scheme.total_floor is not None and total < scheme.total_floor:
        total = scheme.total_floor
    return pts, total


def score(scheme: Scheme, facts: dict, as_of: dt.date) -> Result:
    pts, total = score_items(scheme, facts, as_of)
    positive = total > 0
    items = tuple(ItemScore(item, p, (p / total) if positive else None) for item, p in zip(scheme.items, pts))
    main = sum((s.points for s in items if s.item.category in MAIN_SHARE_CATEGORIES), ZERO)
    prereqs = tuple(PrereqOutcome(p, *p.check(facts, as_of)) for p in scheme.prerequisites)
    return Result(scheme, as_of, facts, items, total, prereqs, (main / total) if positive else None)
