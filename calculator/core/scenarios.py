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
from .projection import Growth, Projection, apply_plan, baseline_growth, compile_plan, project, time_facts
from .numbers import ZERO
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
    for fid in [f for f in time_facts(scheme, vocab).order if f not in NOT_ACTIONABLE]:
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
    base_steps = compile_plan(base_plan, vocab)
    now_points = _Points.of_result(result)
    later_points = None if later is None else _Points(result, apply_plan(result.facts, base_steps, later), later)
    base_hit = baseline.reaches.as_of if baseline.reaches else None
    out = []
    for kind, changed, extra, plan, award in _candidates(result, vocab):
        now = now_points.with_(extra) if extra else result.total
        delta_later = None
        if later_points is not None:
            steps = base_steps if plan is None else compile_plan(plan, vocab)
            own = _own_growth(result.facts, extra, base_steps, steps)
            facts = {**later_points.facts, **apply_plan(*own, later)}
            differ = {f for f in own[0].keys() | {s[0] for s in own[1]} if later_points.facts.get(f) != facts.get(f)}
            delta_later = later_points.with_(facts, differ) - later_points.total
        if now <= result.total and not (delta_later and delta_later > 0):
            continue  # no gain now nor in five years: no advice (deductions, capped items)
        # only a round sooner than without it matters: stop looking at the baseline's round
        found = _reach_by_difference(result, vocab, baseline, base_steps, plan, extra, now, base_hit)
        if found is not None:
            reaches, sooner = found
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


def _reach_by_difference(result: Result, vocab: Vocabulary, baseline: Projection, base_steps: list[tuple],
                         plan: list[Growth] | None, extra: dict, now: Decimal,
                         before: dt.date | None) -> tuple | None:
    """The scenario's first round reaching the line, read off the baseline's rows instead of
    projecting it again: (date or None, rounds sooner or None), or None where that cannot be done.

    A scenario changes some facts (a degree, an award) or how some grow (owning instead of
    renting, years outside the centre starting to count). Where no condition, no floor and
    nothing the retirement date reads depends on those facts, its rounds are the baseline's
    rounds, with the same dates, statuses and stop, and its totals differ only by the items that
    read them: those are evaluated on each open round's facts both ways (or once, when they read
    nothing time changes). A property test holds this equal to projecting every scenario."""
    scheme = result.scheme
    rows = baseline.rows
    if scheme.total_floor is not None or baseline.line is None or not rows:
        return None
    start_facts = {**result.facts, **extra}
    tf = time_facts(scheme, vocab)
    if plan is None and not (extra.keys() & tf.plan_facts):
        steps = base_steps  # the growth plan reads none of the changed facts
    else:
        steps = compile_plan(plan if plan is not None else baseline_growth(start_facts, scheme, vocab, result.as_of),
                             vocab)
    regrown = {s[0] for s in set(base_steps) ^ set(steps)} if steps is not base_steps else set()
    changed = frozenset(extra) | regrown
    if changed & (RETIREMENT_FACTS | tf.conditioned):
        return None
    if baseline.stop_date is not None and baseline.stop_date <= rows[0].as_of:
        return None, None  # closed from the start (past retirement, too old): no round counts
    positions = scheme.items_reading(changed)
    line = baseline.line.points
    if not regrown and not positions & scheme.items_reading(tf.moving):
        delta = now - result.total  # the same in every round
        for row in rows:
            if before is not None and row.as_of >= before:
                break
            if row.open and row.total + delta >= line:
                return row.as_of, _sooner(baseline, row)
        return None, None
    kept = {k: j for j, k in enumerate(baseline.kept)}  # the baseline rows hold these items' points
    rounded = scheme.rounded_evaluators
    touched = [(rounded[k], kept.get(k)) for k in sorted(positions)]
    own_start, own_steps = _own_growth(result.facts, extra, base_steps, steps)
    for row in rows:
        if before is not None and row.as_of >= before:
            break
        if not row.open:
            continue
        day = row.as_of
        facts = {**row.facts, **apply_plan(own_start, own_steps, day)}
        delta = ZERO
        for points, j in touched:
            delta += points(facts, day) - (row.points[j] if j is not None else points(row.facts, day))
        if row.total + delta >= line:
            return row.as_of, _sooner(baseline, row)
    return None, None


def _sooner(baseline: Projection, row) -> int | None:
    return None if baseline.reaches is None else baseline.reaches.as_of.year - row.as_of.year


def _own_growth(facts: dict, extra: dict, base_steps: list[tuple], steps: list[tuple]) -> tuple[dict, list[tuple]]:
    """What differs from the baseline: the starting values of the facts a scenario changes or
    grows differently, and their growth steps. Every other fact has the baseline row's value,
    so a scenario's facts on a day are that row's with just these grown (apply_plan)."""
    changed = extra.keys() | ({s[0] for s in set(base_steps) ^ set(steps)} if steps is not base_steps else set())
    start = {**facts, **extra}
    return {f: start[f] for f in changed if f in start}, [s for s in steps if s[0] in changed]


class _Points:
    """Item points of one set of facts on one day, and the total with some facts changed,
    re-evaluating only the items that read them (the same rounding and floor as scoring)."""

    def __init__(self, result: Result, facts: dict, day: dt.date, scored: tuple | None = None):
        self.scheme, self.facts, self.day = result.scheme, facts, day
        self.points, self.total = scored if scored is not None else score_items(result.scheme, facts, day)
        self.raw = sum(self.points, ZERO)  # before any floor

    @classmethod
    def of_result(cls, result: Result) -> "_Points":
        """The applicant's own points, as scored already."""
        return cls(result, result.facts, result.as_of, ([s.points for s in result.items], result.total))

    def with_(self, changes: dict, names: set[str] | None = None) -> Decimal:
        """The sum of the items with those reading `names` (default: the changed facts) scored
        again: the others' points are taken as they are (exact Decimal sums, in any order)."""
        scheme = self.scheme
        touched = scheme.items_reading(changes if names is None else names)
        total = self.raw
        if touched:
            facts = {**self.facts, **changes}
            rounded, points, day = scheme.rounded_evaluators, self.points, self.day
            for k in touched:
                total += rounded[k](facts, day) - points[k]
        floor = scheme.total_floor
        return floor if floor is not None and total < floor else total
