"""Where can I settle: one set of answers in every city, closest first.

Each city with a scheme in force on the date is scored by Policy.assess, the very call its own
result page and the API's /score make, so a total or a verdict here can never differ from the
city's own. Every other city is placed by its route (no restriction, relaxed conditions,
settlement by conditions, points not calculable, services only).

Closeness is one unit for every scale: the years (yearly rounds at the person's own pace, from
core.projection) until the total reaches the city's line (the latest published cutoff, else its
own minimum score), then the total as a percentage of that line. A required answer left blank
is asked, never scored as a no: the city waits for it, with every other city asking it, so one
follow-up form answers them all.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .cities import TIERS, City
from .decision import Decision
from .errors import FieldError, InputError
from .explain import Explanation
from .projection import Line
from .schemes import Scheme
from .scoring import Result
from .verdict import percent_of

UNRESTRICTED, RELAXED, POINTS = TIERS  # the national opinion's tiers, lowest first
# the groups of cities not scored, in the order a page lists them
GROUPS = ("open", "relaxed", "conditions", "points", "services")
ROUTE_GROUPS = {"open": "open", "services_points": "services", "points": "points"}
TIER_GROUPS = {UNRESTRICTED: "open", RELAXED: "relaxed", POINTS: "points"}


@dataclass(frozen=True)
class Distance:
    line: Line | None          # the latest published cutoff, else the scheme's minimum score
    percent: Decimal | None    # the total as % of the line (one decimal, half up)
    years: int | None          # yearly rounds until the line is reached with no condition unmet (0: now)
    reaches_on: dt.date | None


@dataclass(frozen=True)
class Scored:
    """A city with a scheme in force: its result, or the answers it still needs."""
    city: City
    scheme: Scheme
    result: Result | None = None
    explanation: Explanation | None = None
    decision: Decision | None = None
    missing: tuple[str, ...] = ()            # required facts not answered: not scored until they are
    errors: tuple[FieldError, ...] = ()      # answers this city refuses (shown once for all cities)
    distance: Distance | None = None

    @property
    def state(self) -> str:
        """The result page's verdict state; `unanswered` too while answers are missing."""
        return self.decision.verdict.state if self.decision is not None else "unanswered"

    @property
    def questions(self) -> tuple[str, ...]:
        """The facts whose answers would decide this city: required ones left blank, or those
        the verdict waits for."""
        if self.decision is not None:
            return self.decision.verdict.unanswered_facts
        return self.missing


@dataclass
class Comparison:
    as_of: dt.date
    scored: list[Scored]                               # closest first
    others: dict[str, list[City]]                       # by group (GROUPS), in registry order
    questions: dict[str, list[str]] = field(default_factory=dict)  # fact -> cities asking it, closest first
    problems: list[tuple[FieldError, list[str]]] = field(default_factory=list)  # each once, with its cities


def route_group(city: City) -> str:
    """Where a city without a scheme to score is listed: its own route where it chose one,
    else its tier's. Conditions are 'relaxed' where that is the tier, the city's own rule otherwise."""
    if city.route == "conditions":
        return "relaxed" if city.tier == RELAXED else "conditions"
    return ROUTE_GROUPS.get(city.route) or TIER_GROUPS.get(city.tier, "points")


def distance(result: Result, decision: Decision) -> Distance:
    p = decision.projection
    line = p.line
    pct = None if line is None or line.points <= 0 else percent_of(result.total, line.points)
    years = None if p.reaches is None else p.rows.index(p.reaches)
    return Distance(line, pct, years, None if p.reaches is None else p.reaches.as_of)


def closeness(s: Scored) -> tuple:
    """Sort key: settlement before services; then reached soonest, then nearest in % of the
    line; a city with no published line after those reached; cities waiting for answers last."""
    services = s.scheme.kind == "services"
    d = s.distance
    if s.decision is None:
        rank = (5, 0, Decimal(0))
    elif s.state == "unanswered":
        rank = (4, 0, -(d.percent or 0))
    elif d.years is not None:
        rank = (0, d.years, -(d.percent or 0))
    elif s.state == "no_published_line":
        rank = (1, 0, Decimal(0))
    elif d.percent is not None:
        rank = (2, 0, -d.percent)
    else:
        rank = (3, 0, Decimal(0))
    return (services, *rank, s.city.id)


def _facts_of(errors) -> tuple[list[str], list[FieldError]]:
    missing, other = [], []
    for e in errors:
        (missing if e.code == "required" else other).append(e)
    return [e.field.removeprefix("facts.") for e in missing], other


def assess_city(policy, city: City, scheme: Scheme, raw_facts, day: dt.date, strict: bool = False) -> Scored:
    try:
        result, expl, decision = policy.assess(city.id, raw_facts, day, scheme.id, strict=strict,
                                               with_scenarios=False)
    except InputError as exc:
        missing, other = _facts_of(exc.errors)
        order = list(policy.vocab.defs)
        missing.sort(key=lambda f: order.index(f) if f in policy.vocab else len(order))
        return Scored(city, scheme, missing=tuple(missing), errors=tuple(other))
    return Scored(city, scheme, result, expl, decision, distance=distance(result, decision))


def compare(policy, raw_facts, day: dt.date, cities=None, strict: bool = False) -> Comparison:
    """Every city (or those named) with a scheme in force on `day` scored with the same answers;
    the others by route. Never raises for a city's own refusal: that is its questions or problems."""
    chosen = list(policy.cities.values()) if cities is None else [policy.cities[c] for c in dict.fromkeys(cities)]
    scored: list[Scored] = []
    others: dict[str, list[City]] = {g: [] for g in GROUPS}
    for c in chosen:
        s = policy.scheme_for(c.id, day)
        if s is None:
            others[route_group(c)].append(c)
        else:
            scored.append(assess_city(policy, c, s, raw_facts, day, strict))
    scored.sort(key=closeness)
    asked: dict[str, list[str]] = {}
    seen: dict[tuple, tuple[FieldError, list[str]]] = {}
    for s in scored:
        for f in s.questions:
            asked.setdefault(f, []).append(s.city.id)
        for e in s.errors:
            key = (e.field, e.code, repr(sorted(e.params.items())))
            seen.setdefault(key, (e, []))[1].append(s.city.id)
    # asked in the order of the closest city asking (each city's own in vocabulary order)
    return Comparison(day, scored, others, asked, list(seen.values()))
