"""The verdict: one answer to "will I get in", the same for page, embed, API and CLI.

States (one vocabulary everywhere):
  not_eligible         a condition is unmet; for each, the date time alone meets it, or none
  unanswered           no condition unmet, but some are decided only by questions left blank
  below_threshold      under the scheme's own minimum score (e.g. Chengdu's 100)
  meets_threshold      at or above that minimum, where no cutoff has been published
  below_cutoff         below the latest published cutoff (points and % below, and its year)
  at_or_above_cutoff   at or above it
  no_published_line    eligible, but the scheme has neither a minimum nor a published cutoff
                       (Shenzhen: the lowest admitted scores were not found), so no distance
  no_points_needed     the city settles by conditions or has no restriction (city_verdict)

The verdict holds the figures it states, so every output words the same numbers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .facts import Vocabulary
from .projection import Projection, first_met, line_for
from .scoring import UNMET, PrereqOutcome, Result

STATES = ("not_eligible", "unanswered", "below_threshold", "meets_threshold", "below_cutoff",
          "at_or_above_cutoff", "no_published_line", "no_points_needed")
PERCENT_Q = Decimal("0.1")


@dataclass(frozen=True)
class Failing:
    outcome: PrereqOutcome
    met_on: dt.date | None       # the first month time alone meets it (None: it won't)
    blocked_by_time: bool        # time only makes it worse (an age limit)


@dataclass(frozen=True)
class Verdict:
    state: str
    total: Decimal | None = None
    line_kind: str | None = None           # "cutoff" or "threshold"
    line_points: Decimal | None = None
    line_round: int | None = None          # the cutoff's year
    gap: Decimal | None = None             # points below the line (0 at or above)
    percent_below: Decimal | None = None   # gap / line, in % (one decimal, half up)
    failing: tuple[Failing, ...] = ()
    unanswered: tuple[PrereqOutcome, ...] = ()
    unanswered_facts: tuple[str, ...] = ()
    route: str | None = None               # no_points_needed: the city's route
    notes: dict = field(default_factory=dict)


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(PERCENT_Q, rounding=ROUND_HALF_UP)


def verdict(result: Result, vocab: Vocabulary, projection: Projection | None = None) -> Verdict:
    """The state for a scored applicant. Conditions come first: a total means little to
    someone who cannot apply, and a blank question is asked, never counted as a no."""
    scheme = result.scheme
    unmet = [(i, o) for i, o in enumerate(result.prerequisites) if o.status == UNMET]
    if unmet:
        failing = []
        for i, o in unmet:
            ageing = o.detail.get("kind") in ("age_below", "below_retirement_age")
            when = None if ageing or projection is None else first_met(result, vocab, projection, i)
            failing.append(Failing(o, when, ageing))
        return Verdict("not_eligible", result.total, failing=tuple(failing))
    if result.unanswered:
        facts = sorted({f for o in result.unanswered for f in o.unanswered_facts},
                       key=list(vocab.defs).index)
        return Verdict("unanswered", result.total, unanswered=tuple(result.unanswered),
                       unanswered_facts=tuple(facts))
    total = result.total
    if scheme.threshold is not None and total < scheme.threshold:
        gap = scheme.threshold - total
        return Verdict("below_threshold", total, "threshold", scheme.threshold, gap=gap,
                       percent_below=percent_of(gap, scheme.threshold))
    line = line_for(scheme)
    if line is None:
        return Verdict("no_published_line", total)
    if line.kind == "threshold":
        return Verdict("meets_threshold", total, "threshold", line.points, gap=Decimal(0),
                       percent_below=Decimal(0))
    gap = max(line.points - total, Decimal(0))
    state = "at_or_above_cutoff" if gap == 0 else "below_cutoff"
    return Verdict(state, total, "cutoff", line.points, line.cutoff.round, gap,
                   percent_of(gap, line.points))


def city_verdict(route: str) -> Verdict:
    """A city without a points scheme to score: no restriction, or settlement by conditions."""
    return Verdict("no_points_needed", route=route)
