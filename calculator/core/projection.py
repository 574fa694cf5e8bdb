"""Projection: the same engine run on the person as they will be at each future round.

Each row is the applicant's facts grown to that row's date (months and days of insurance and
residence added for the time elapsed, age and caps re-evaluated by the rules themselves) and
scored by the scheme in force today. Rows stop where time itself closes the door: a condition
that was met fails (the scheme's age limit) or the statutory retirement age is reached. The
line compared with is the latest *published* cutoff (or the scheme's own minimum), never a
predicted future cutoff.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

from .facts import Vocabulary, add_years, completed_years, months_between
from .retirement import add_months
from .numbers import ZERO
from .prerequisites import lean
from .schemes import Cutoff, Scheme
from .scoring import MET, UNMET, PrereqOutcome, Result, condition_status, prerequisite_outcomes

HORIZON_YEARS = 40
# condition kinds that time can only make worse: unmet now, never met by waiting
AGEING_KINDS = frozenset({"age_below", "below_retirement_age"})


@dataclass(frozen=True)
class Growth:
    """One fact growing with time from `start` (to `end`, if it stops), at the fact's own rate
    (a month a month, a day a day, or `per_year` for year and count facts)."""
    fact: str
    start: dt.date
    end: dt.date | None = None
    per_year: int | None = None  # overrides the vocabulary's rate (a scenario's new growth)


class Row:
    """One round of a projection (a plain class with slots: a projection makes up to 41 of them
    per applicant, and a frozen dataclass costs three times as much to build). Rows compare by
    date, age, total and statuses, not by the facts behind them."""
    __slots__ = ("as_of", "age", "total", "statuses", "facts", "points")

    def __init__(self, as_of: dt.date, age: int | None, total: Decimal, statuses: tuple[str, ...],
                 facts: dict | None = None, points: tuple[Decimal, ...] = ()):
        self.as_of, self.age, self.total = as_of, age, total
        self.statuses = statuses  # per prerequisite: met, unmet or unanswered
        self.facts = {} if facts is None else facts
        self.points = points  # the points of the items time changes (Projection.kept)

    def _key(self):
        return self.as_of, self.age, self.total, self.statuses

    def __eq__(self, other):
        return self._key() == other._key() if isinstance(other, Row) else NotImplemented

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return f"Row(as_of={self.as_of!r}, age={self.age!r}, total={self.total!r}, statuses={self.statuses!r})"

    @property
    def open(self) -> bool:
        """No condition unmet (unanswered ones are the applicant's to answer)."""
        return UNMET not in self.statuses


@dataclass(frozen=True)
class Line:
    kind: str            # "cutoff" (latest published) or "threshold" (the scheme's minimum)
    points: Decimal
    cutoff: Cutoff | None = None


@dataclass(frozen=True)
class Projection:
    rows: tuple[Row, ...]
    stop: str                    # "condition" (e.g. the age limit), "retirement" or "horizon"
    stop_date: dt.date | None    # the first day the door is closed (None at the horizon)
    stop_condition: PrereqOutcome | None
    line: Line | None
    reaches: Row | None          # the first row at or above the line with no condition unmet
    kept: tuple[int, ...] = ()   # the items (positions in the scheme) whose points each row keeps

    @property
    def reaches_latest_cutoff(self) -> Row | None:
        return self.reaches if self.line is not None and self.line.kind == "cutoff" else None


def line_for(scheme: Scheme) -> Line | None:
    """What a total is measured against: the latest published cutoff, else the minimum score."""
    c = scheme.latest_cutoff()
    if c is not None:
        return Line("cutoff", c.points, c)
    if scheme.threshold is not None:
        return Line("threshold", scheme.threshold)
    return None


@dataclass(frozen=True)
class TimeFacts:
    """What time can change in one scheme, in vocabulary order: the facts that grow, the
    housing ones among them, those that grow once chosen, and the dates (age)."""
    growing: tuple[str, ...]
    housing: tuple[str, ...]
    can_grow: tuple[tuple[str, int], ...]
    dated: frozenset[str]
    plan_facts: frozenset[str]  # those whose values choose the growth plan (housing, years counting)
    moving: frozenset[str]      # every fact time can change: growing, can start to, dates
    order: tuple[str, ...] = ()  # every fact the scheme reads, in vocabulary order
    conditioned: frozenset[str] = frozenset()  # every fact a prerequisite reads


class _TimeFactsCache:
    """TimeFacts per (scheme, vocabulary) object: a scheme version never changes, and the
    vocabulary has hundreds of facts where a scheme reads a dozen. Bounded (drafts come and
    go); the objects are held so an id is never reused while its entry lives."""

    def __init__(self, size: int = 256):
        self.size, self.entries = size, {}

    def get(self, scheme: Scheme, vocab: Vocabulary) -> TimeFacts:
        key = (id(scheme), id(vocab))
        hit = self.entries.get(key)
        if hit is not None and hit[0] is scheme and hit[1] is vocab:
            return hit[2]
        order = [f for f in vocab.defs if f in scheme.facts]
        growing = tuple(f for f in order if vocab[f].grows_per_year > 0)
        housing = tuple(f for f in growing if vocab[f].grows_when_positive)
        can_grow = tuple((f, vocab[f].can_grow_per_year) for f in order if vocab[f].can_grow_per_year)
        dated = frozenset(f for f in order if vocab[f].type == "date")
        starting = frozenset(f for f, _ in can_grow)
        found = TimeFacts(growing, housing, can_grow, dated, frozenset(housing) | starting,
                          frozenset(growing) | starting | dated, tuple(order),
                          frozenset().union(*(p.facts for p in scheme.prerequisites)))
        if len(self.entries) >= self.size:
            self.entries.clear()
        self.entries[key] = (scheme, vocab, found)
        return found


time_facts = _TimeFactsCache().get


def baseline_growth(facts: dict, scheme: Scheme, vocab: Vocabulary, start: dt.date) -> list[Growth]:
    """Everything that grows with time keeps growing: contributions, permits, registrations;
    of the housing durations, the one the applicant has now (owned if any, else renting); and
    years that count only while a choice lasts (living outside the centre) if already counting."""
    tf = time_facts(scheme, vocab)
    current = [f for f in tf.housing if facts.get(f, 0) > 0][:1] or list(tf.housing[-1:])
    plan = [Growth(f, start) for f in tf.growing if f not in tf.housing or f in current]
    # years already counting (a home moved out of the centre) go on counting
    plan += [Growth(f, start, per_year=rate) for f, rate in tf.can_grow if facts.get(f, 0) > 0]
    return plan


def compile_plan(plan: Iterable[Growth], vocab: Vocabulary) -> list[tuple]:
    """The plan as plain tuples (fact, start, end, unit, rate, maximum), looked up once: a
    projection applies it to every row and every day of a binary search."""
    out = []
    for g in plan:
        d = vocab[g.fact]
        unit = d.unit if g.per_year is None and d.unit in ("month", "day") else "year"
        rate = 1 if unit != "year" else (g.per_year if g.per_year is not None else d.grows_per_year)
        out.append((g.fact, g.start, g.end, unit, rate, d.max))
    return out


def _span(start: dt.date, end: dt.date, unit: str) -> int:
    return months_between(start, end) if unit == "month" else \
        (end - start).days if unit == "day" else completed_years(start, end)


def apply_plan(facts: dict, compiled: list[tuple], day: dt.date) -> dict:
    """The facts as they will be on `day`, each held to its maximum (most growths share one
    start and unit, in a row: a span is counted again only when they change)."""
    out = dict(facts)
    last = None
    n = 0
    for fact, start, stop, unit, rate, maximum in compiled:
        end = day if stop is None or stop > day else stop
        if end <= start:
            continue
        if last is None or last[0] is not start or last[1] is not end or last[2] != unit:
            last = (start, end, unit)
            n = _span(start, end, unit)
        value = out.get(fact, 0) + n * rate
        out[fact] = value if maximum is None or value < maximum else maximum
    return out


def grown(facts: dict, plan: Iterable[Growth], vocab: Vocabulary, day: dt.date) -> dict:
    """The facts as they will be on `day` under the growth plan, each held to its maximum."""
    return apply_plan(facts, compile_plan(plan, vocab), day)


class _Rescorer:
    """Totals at other dates re-evaluating only the items time can change: those reading a
    growing fact or a date (age). The rest keep their points: the same rounding and floor as
    scoring.score_items, checked equal by a property test."""

    def __init__(self, result: Result, vocab: Vocabulary, changing: frozenset[str]):
        scheme = result.scheme
        moving = changing | time_facts(scheme, vocab).dated
        self.scheme = scheme
        self.fixed = sum((s.points for s in result.items if not (s.item.rule.facts & moving)), ZERO)
        self.positions = tuple(k for k, s in enumerate(result.items) if s.item.rule.facts & moving)
        self.evaluators = tuple(scheme.rounded_evaluators[k] for k in self.positions)  # points, rounded
        self.floor = scheme.total_floor
        self.first = tuple(result.items[k].points for k in self.positions)  # on the application date

    def points(self, facts: dict, day: dt.date) -> tuple[Decimal, tuple[Decimal, ...]]:
        """The total and the points of the items time changes (in `positions` order): a row
        keeps them, so a scenario needs not evaluate them again."""
        total = self.fixed
        pts = []
        for points in self.evaluators:
            v = points(facts, day)
            pts.append(v)
            total += v
        floor = self.floor
        return (floor if floor is not None and total < floor else total), tuple(pts)


def _fails_from(p, facts_at: Callable[[dt.date], dict], lo: dt.date, hi: dt.date) -> dt.date:
    """The first day in (lo, hi] on which condition p fails, p met on lo and failing on hi."""
    while (hi - lo).days > 1:
        mid = lo + (hi - lo) // 2
        if p.check(facts_at(mid), mid)[0]:
            lo = mid
        else:
            hi = mid
    return hi


class _Conditions:
    """Prerequisite outcomes at other dates, re-checking only the conditions time can change
    (those reading a growing fact or a date); the others keep their first outcome."""

    def __init__(self, scheme: Scheme, vocab: Vocabulary, changing: frozenset[str],
                 unanswered: frozenset[str]):
        moving = changing | time_facts(scheme, vocab).dated
        self.scheme, self.unanswered = scheme, unanswered
        self.moving = [i for i, p in enumerate(scheme.prerequisites) if p.facts & moving]
        self.changing = changing
        self.first: list[PrereqOutcome] | None = None
        self.moving_checks: list[tuple] = []

    def begin(self, outcomes, facts: dict) -> None:
        """The first row's outcomes, and each moving condition with its lean forms
        (core.prerequisites.lean): the date it is met until, worked out here once where none of
        the facts it reads grow (they are the same on every row), else a met-only test."""
        self.first = list(outcomes)
        self.moving_checks = []
        for i in self.moving:
            p = self.scheme.prerequisites[i]
            met_only, met_until = lean(p.check)
            until = met_until(facts) if met_until is not None and not (p.facts & self.changing) else None
            self.moving_checks.append((i, p, met_only, until))

    def at(self, facts: dict, day: dt.date) -> tuple[PrereqOutcome, ...]:
        if self.first is None:
            self.begin(prerequisite_outcomes(self.scheme, facts, day, self.unanswered), facts)
            return tuple(self.first)
        out = list(self.first)
        for i in self.moving:
            out[i] = self.outcome(i, facts, day)
        return tuple(out)

    def outcome(self, i: int, facts: dict, day: dt.date) -> PrereqOutcome:
        p = self.scheme.prerequisites[i]
        met, detail = p.check(facts, day)
        status, missing = condition_status(met, detail, self.unanswered, p.facts)
        return PrereqOutcome(p, met, {**detail, "unanswered": missing} if missing else detail, status)

    def statuses(self, facts: dict, day: dt.date) -> tuple[str, ...]:
        """Only the statuses (what a row keeps), after `at` gave the first outcomes: no outcome
        objects are built for the years in between."""
        out = [o.status for o in self.first]
        unanswered = self.unanswered
        for i, p, met_only, until in self.moving_checks:
            if until is not None:
                if day < until:
                    out[i] = MET
                    continue
            elif met_only is not None and met_only(facts, day):
                out[i] = MET
                continue
            met, detail = p.check(facts, day)
            out[i] = MET if met else condition_status(met, detail, unanswered, p.facts)[0]
        return tuple(out)


def project(result: Result, vocab: Vocabulary, plan: list[Growth] | None = None,
            retirement: Callable[[dict], dt.date | None] | None = None,
            extra: dict | None = None, until_reached: bool = False,
            before: dt.date | None = None) -> Projection:
    """Round by round (yearly, on the application date's anniversary) from the application
    date: the total and every condition, until the age limit, the statutory retirement age
    (`retirement` gives its date from the facts) or HORIZON_YEARS. `extra` changes facts from
    the first row on (a scenario's new degree); `until_reached` stops at the first row that
    reaches the line, and `before` at a date (scenarios need only to know whether they reach
    it sooner than without them)."""
    scheme, start = result.scheme, result.as_of
    base = dict(result.facts)
    if extra:
        base.update(extra)
    if plan is None:
        plan = baseline_growth(base, scheme, vocab, start)
    changing = frozenset(g.fact for g in plan) | frozenset(extra or ())
    rescorer = _Rescorer(result, vocab, changing)
    unanswered = result.unanswered_facts
    conditions = _Conditions(scheme, vocab, changing | frozenset(extra or ()), unanswered)
    line = line_for(scheme)
    born = base.get("birth_date")
    retire = retirement(base) if retirement is not None else None

    compiled = compile_plan(plan, vocab)

    def facts_at(day: dt.date) -> dict:
        return apply_plan(base, compiled, day)

    rows: list[Row] = []
    stop, stop_date, stop_condition, reaches = "horizon", None, None, None
    previous: tuple[str, ...] | None = None
    dated_birth = isinstance(born, dt.date)
    for k in range(HORIZON_YEARS + 1):
        day = add_years(start, k)
        if before is not None and day >= before:
            break
        if retire is not None and day >= retire and k > 0:
            stop, stop_date = "retirement", retire
            break
        facts = apply_plan(base, compiled, day)
        if k == 0:
            if extra:
                outcomes = conditions.at(facts, day)
            else:
                outcomes = result.prerequisites
                conditions.begin(outcomes, facts)
            statuses = tuple([o.status for o in outcomes])
        else:
            statuses = conditions.statuses(facts, day)
        if previous is not None and statuses != previous:  # most years change no condition
            closed = next((i for i in conditions.moving if previous[i] == MET and statuses[i] == UNMET), None)
            if closed is not None:
                stop, stop_condition = "condition", conditions.outcome(closed, facts, day)
                stop_date = _fails_from(stop_condition.prerequisite, facts_at, rows[-1].as_of, day)
                break
        if k == 0 and not extra:
            total, pts = result.total, rescorer.first
        else:
            total, pts = rescorer.points(facts, day)
        row = Row(day, completed_years(born, day) if dated_birth else None, total, statuses, facts, pts)
        rows.append(row)
        if k == 0 and retire is not None and retire <= day:  # already past it: row 0 only
            stop, stop_date = "retirement", retire
            break
        if k == 0:
            ageing = next((o for o in outcomes if o.status == UNMET and o.detail.get("kind") in AGEING_KINDS), None)
            if ageing is not None:  # too old already: waiting cannot help
                stop, stop_date, stop_condition = "condition", day, ageing
                break
        if reaches is None and line is not None and row.open and total >= line.points:
            reaches = row
            if until_reached:
                break
        previous = statuses
    return Projection(tuple(rows), stop, stop_date, stop_condition, line, reaches, rescorer.positions)


def first_met(result: Result, vocab: Vocabulary, projection: Projection, index: int) -> dt.date | None:
    """The first month in which prerequisite `index`, unmet now, is met by time alone (the
    projection's growth), or None if it is not met before the projection stops."""
    rows = projection.rows
    p = result.scheme.prerequisites[index]
    hit = next((i for i, r in enumerate(rows) if r.statuses[index] == MET), None)
    if hit is None or hit == 0:
        return rows[0].as_of if hit == 0 else None
    plan = baseline_growth(result.facts, result.scheme, vocab, result.as_of)
    lo, hi = rows[hit - 1].as_of, rows[hit].as_of
    # month by month within the year that meets it (a growing count meets it in a month)
    day = lo
    for m in range(1, 13):
        day = add_months(lo, m)
        if day >= hi:
            return hi
        if p.check(grown(result.facts, plan, vocab, day), day)[0]:
            return day
    return hi

