"""Scenarios: what would change the answer, each judged by its effect on the projected round.

A yes/no fact one step better says little; a person weighs alternatives: buy instead of rent,
move job or home out of the centre, study for a higher degree, keep going N more years. Each
alternative is the same projection with a different growth plan or different facts, so its
effect is "the first round reaching the line moves from 2048 to 2041", not a bare point count.
Honours and awards come last and are labelled as such: nobody can plan a commendation.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from .facts import Vocabulary, add_years
from .projection import Growth, Projection, baseline_growth, grown, project, time_facts
from .numbers import ZERO, round_item
from .scoring import Result, score_items

NOT_ACTIONABLE = frozenset({"birth_date", "sex", "criminal_record", "administrative_detentions",
                            "tax_violations", "bad_credit_records", "retirement_category"})
AWARD_CATEGORIES = frozenset({"honours"})
RETIREMENT_FACTS = frozenset({"birth_date", "sex", "retirement_category"})  # what retirement_of reads
OWNED, RENTED = "residence_owned_days", "residence_rented_days"


@dataclass(frozen=True)
class Scenario:
    kind: str                  # own_home, start_growing, upgrade, more, award
    facts: tuple[str, ...]     # the facts it changes
    proposed: dict             # fact -> new value (upgrade, more, award)
    points_now: Decimal        # the total at the application date, with the change
    delta_now: Decimal         # against today's total
    reaches: dt.date | None    # first round at or above the line, with the change
    sooner_years: int | None   # rounds earlier than without it (None: baseline never reaches)
    delta_later: Decimal | None  # points more than without it, five years on (None: past the stop)
    award: bool = False


def _effect(baseline: Projection, scenario: Projection) -> tuple[dt.date | None, int | None]:
    hit = scenario.reaches.as_of if scenario.reaches else None
    if hit is None or baseline.reaches is None:
        return hit, None
    return hit, baseline.reaches.as_of.year - hit.year


def _candidates(result: Result, vocab: Vocabulary):
    """(kind, facts changed, extra facts, plan-or-None, award?) for every alternative the scheme
    rewards; facts that scored nothing different are dropped later."""
    scheme, facts, start = result.scheme, result.facts, result.as_of
    plan = baseline_growth(facts, scheme, vocab, start)
    growing = {g.fact for g in plan}
    award_facts = {f for i in scheme.items if i.category in AWARD_CATEGORIES for f in i.rule.facts}
    out = []
    if OWNED in scheme.facts and RENTED in scheme.facts and facts.get(OWNED, 0) == 0:
        own = [g for g in plan if g.fact != RENTED] + [Growth(OWNED, start)]
        out.append(("own_home", (OWNED,), {}, own, False))
    for fid in sorted(scheme.facts - NOT_ACTIONABLE, key=list(vocab.defs).index):
        d = vocab[fid]
        if d.can_grow_per_year and fid not in growing:
            out.append(("start_growing", (fid,), {}, plan + [Growth(fid, start, per_year=d.can_grow_per_year)],
                        fid in award_facts))
            continue
        current = facts.get(fid)
        if d.type == "choice":
            order = [c.value for c in d.choices]
            i = order.index(current)
            if i + 1 >= len(order) or fid == "degree" and "education" in scheme.facts:
                continue
            extra = {fid: order[i + 1]}
            if fid == "education" and "degree" in scheme.facts and order[i + 1] in vocab["degree"].rank \
                    and vocab["degree"].rank[order[i + 1]] > vocab["degree"].rank.get(facts.get("degree"), -1):
                extra["degree"] = order[i + 1]
            out.append(("upgrade", tuple(extra), extra, None, fid in award_facts))
        elif d.type == "boolean" and not current and fid in award_facts:
            out.append(("award", (fid,), {fid: True}, None, True))
        elif d.type == "integer" and d.grows_per_year == 0 and d.unit in ("year", "count", "point") \
                and (d.max is None or current < d.max):
            out.append(("award" if fid in award_facts else "more", (fid,), {fid: current + 1}, None,
                        fid in award_facts))
    return out


LATER_YEARS = 5


def scenarios(result: Result, vocab: Vocabulary, baseline: Projection,
              retirement: Callable[[dict], dt.date | None] | None = None, limit: int = 6) -> list[Scenario]:
    """The alternatives that change the total or the round, best first: the earliest round
    reaching the line, then the most points in five years, then now; awards after everything
    else. A change that moves none of these is no advice and is left out."""
    later = add_years(result.as_of, LATER_YEARS)
    if baseline.stop_date is not None and later >= baseline.stop_date:
        later = None
    base_plan = baseline_growth(result.facts, result.scheme, vocab, result.as_of)
    now_points = _Points(result, result.facts, result.as_of)
    later_points = None if later is None else _Points(result, grown(result.facts, base_plan, vocab, later), later)
    base_hit = baseline.reaches.as_of if baseline.reaches else None
    out = []
    for kind, changed, extra, plan, award in _candidates(result, vocab):
        now = now_points.with_(extra) if extra else result.total
        delta_later = None
        if later_points is not None:
            facts = grown({**result.facts, **extra}, plan or base_plan, vocab, later)
            differ = {f for f, v in facts.items() if later_points.facts.get(f) != v}
            delta_later = later_points.with_(facts, differ) - later_points.total
        if now <= result.total and not (delta_later and delta_later > 0):
            continue  # no gain now nor in five years: no advice (deductions, capped items)
        # only a round sooner than without it matters: stop looking at the baseline's round
        shift = None if plan is not None else _constant_shift(result, vocab, baseline, extra, now)
        if shift is not None:
            reaches, sooner = _shifted_reach(baseline, shift, base_hit)
        else:
            p = project(result, vocab, plan, retirement, extra or None, until_reached=True, before=base_hit)
            reaches, sooner = _effect(baseline, p)
        if reaches is None and base_hit is not None:
            reaches, sooner = base_hit, 0
        out.append(Scenario(kind, changed, extra, now, now - result.total, reaches, sooner,
                            delta_later, award))
    far = dt.date.max
    out.sort(key=lambda s: (s.award, s.reaches or far, -(s.delta_later or 0), -s.delta_now, s.facts))
    plain = [s for s in out if not s.award][:limit]
    return plain + [s for s in out if s.award][:2]


def _constant_shift(result: Result, vocab: Vocabulary, baseline: Projection, extra: dict,
                    now: Decimal) -> Decimal | None:
    """The points a change of fixed facts adds to every round of the baseline, when it adds the
    same to each: the items it touches read nothing that time changes, no condition and nothing
    of the growth plan or of the retirement date reads it, and no floor bends the total. Then
    the scenario's projection is the baseline's rows shifted, with the same conditions and stop
    (a property test holds this equal to projecting it), and projecting it again is needless:
    most scenarios (a degree, one more year of tax, an award) are of this kind. None otherwise."""
    scheme = result.scheme
    if not extra or scheme.total_floor is not None or baseline.line is None:
        return None
    changed = frozenset(extra)
    if changed & RETIREMENT_FACTS or any(p.facts & changed for p in scheme.prerequisites):
        return None
    tf = time_facts(scheme, vocab)
    if changed & (frozenset(tf.housing) | {f for f, _ in tf.can_grow}):
        return None  # the growth plan itself depends on it
    moving = frozenset(tf.growing) | {f for f, _ in tf.can_grow} | tf.dated
    if any(i.rule.facts & changed and i.rule.facts & moving for i in scheme.items):
        return None
    return now - result.total


def _shifted_reach(baseline: Projection, shift: Decimal, before: dt.date | None) -> tuple[dt.date | None, int | None]:
    """The first baseline round before `before` that, `shift` points higher, reaches the line
    with no condition unmet; and how many rounds sooner than the baseline's own."""
    line = baseline.line.points
    if baseline.stop_date is not None and baseline.rows and baseline.stop_date <= baseline.rows[0].as_of:
        return None, None  # closed from the start (past retirement, too old): no round counts
    for row in baseline.rows:
        if before is not None and row.as_of >= before:
            break
        if row.open and row.total + shift >= line:
            return row.as_of, (None if baseline.reaches is None else baseline.reaches.as_of.year - row.as_of.year)
    return None, None


class _Points:
    """Item points of one set of facts on one day, and the total with some facts changed,
    re-evaluating only the items that read them (the same rounding and floor as scoring)."""

    def __init__(self, result: Result, facts: dict, day: dt.date):
        self.scheme, self.facts, self.day = result.scheme, facts, day
        self.points, self.total = score_items(result.scheme, facts, day)

    def with_(self, changes: dict, names: set[str] | None = None) -> Decimal:
        facts = {**self.facts, **changes}
        names = frozenset(changes if names is None else names)
        q = self.scheme.quantum
        total = ZERO
        for item, pts in zip(self.scheme.items, self.points):
            total += round_item(item.rule.evaluate(facts, self.day), q) if item.rule.facts & names else pts
        floor = self.scheme.total_floor
        return floor if floor is not None and total < floor else total
