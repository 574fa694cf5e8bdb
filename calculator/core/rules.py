"""Declarative rules, validated when a scheme is loaded and compiled to plain closures.

No eval(): each rule type below is a small, tested function of the facts. Every rule may carry
`cap` (upper bound) and `floor` (lower bound), applied after the rule itself. Rules return exact
Decimals; the scheme rounds each item once (see schemes.Scheme.rounding).

Types (see README, "Scheme files"):
  accrual            points per year of a duration fact (or of several, `facts`, counted together),
                     per unit, whole month (of a day count: floor(days x 12 / 365)), full year or
                     half year (of a day count: 6 whole months)
  tiered_accrual     a rate per unit that changes after thresholds (e.g. 1, 1.5, 2 a month)
  priority_durations several durations at different rates, counted in order, capped in years by
                     another duration (Beijing: owned home first, residence <= insured years),
                     the cap optionally rounded up to a number of places
  lookup             the highest row whose conditions all hold (education tables)
  linear             a sum of fact x points terms, or points mapped from a choice
  age                points by age bracket, age taken on a stated reference date
  shared             points split between people: points x count / among for each share, `among`
                     a whole number or another fact (Guangzhou: 20 / n per patent of n inventors)
  sum / best_of      combine sub-rules (one item built of parts; "choose one of")
  not_found          values not found in any source: scores 0, and the total is labelled partial
"""
from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from .facts import UNITS_PER_YEAR, Vocabulary, completed_years
from .numbers import ZERO, as_exact, exact_div, to_decimal

Evaluator = Callable[[dict, dt.date], Decimal]


@dataclass(frozen=True)
class Rule:
    evaluate: Evaluator
    facts: frozenset[str]
    spec: dict


class _Problems:
    """Collects validation problems with their paths instead of stopping at the first."""

    def __init__(self):
        self.items: list[tuple[str, str]] = []

    def add(self, path: str, msg: str):
        self.items.append((path, msg))


def _num(spec: dict, key: str, path: str, probs: _Problems, default=None) -> Decimal | None:
    if key not in spec or spec[key] is None:
        if default is None:
            probs.add(f"{path}.{key}", "is required")
        return default
    try:
        return to_decimal(spec[key], key)
    except ValueError as e:
        probs.add(f"{path}.{key}", str(e))
        return default


def _fact(spec: dict, key: str, path: str, vocab: Vocabulary, probs: _Problems,
          types: tuple[str, ...]) -> str | None:
    name = spec.get(key)
    if not isinstance(name, str) or name not in vocab:
        probs.add(f"{path}.{key}", f"unknown fact {name!r}")
        return None
    if vocab[name].type not in types:
        probs.add(f"{path}.{key}", f"fact {name} is {vocab[name].type}, expected {'/'.join(types)}")
        return None
    return name


def _units_per_year(vocab: Vocabulary, fact: str, path: str, probs: _Problems) -> int:
    unit = vocab[fact].unit
    if unit not in UNITS_PER_YEAR:
        probs.add(path, f"fact {fact} is not a duration (unit {unit})")
        return 1
    return UNITS_PER_YEAR[unit]


def _accrual_facts(spec, path, vocab, probs) -> tuple[str, ...]:
    """`fact`, or `facts`: several durations of one unit counted together (Chengdu: owned and
    rented time added up)."""
    if spec.get("facts") is None:
        fact = _fact(spec, "fact", path, vocab, probs, ("integer",))
        return (fact,) if fact else ()
    names = spec["facts"]
    if not isinstance(names, list) or not names:
        probs.add(f"{path}.facts", "must be a list of at least one fact")
        return ()
    facts = tuple(x for i, n in enumerate(names)
                  if (x := _fact({"f": n}, "f", f"{path}.facts[{i}]", vocab, probs, ("integer",))))
    if len({vocab[x].unit for x in facts}) > 1:
        probs.add(f"{path}.facts", "must all be counted in the same unit")
    return facts


def _accrual(spec, path, vocab, probs) -> Rule:
    facts = _accrual_facts(spec, path, vocab, probs)
    per_year = _num(spec, "per_year", path, probs, Decimal(0))
    granularity = spec.get("granularity", "unit")
    if granularity not in ("unit", "whole_month", "full_year", "half_year"):
        probs.add(f"{path}.granularity", "must be unit, whole_month, full_year or half_year")
    if not facts:
        return Rule(lambda f, d: ZERO, frozenset(), spec)
    upy = _units_per_year(vocab, facts[0], f"{path}.fact", probs)
    if granularity == "whole_month" or (granularity == "half_year" and upy == 365):
        if upy != 365:
            probs.add(f"{path}.granularity", "whole_month needs a fact counted in days")
        step = 6 if granularity == "half_year" else 1  # half years of days: 6 whole months

        def per_month(f, d, facts=facts, per_year=per_year, step=step):
            months = sum(f[x] for x in facts) * 12 // 365  # whole months of 365/12 days
            return exact_div((months - months % step) * per_year, 12)
        return Rule(per_month, frozenset(facts), spec)
    block = {"unit": 1, "full_year": upy, "half_year": max(upy // 2, 1)}.get(granularity, 1)
    def evaluate(f, d, facts=facts, block=block, per_year=per_year, upy=upy):
        q = sum(f[x] for x in facts)
        if block != 1:
            q -= q % block
        return exact_div(q * per_year, upy)
    return Rule(evaluate, frozenset(facts), spec)


def _tiered_accrual(spec, path, vocab, probs) -> Rule:
    fact = _fact(spec, "fact", path, vocab, probs, ("integer",))
    tiers = []
    lower = 0
    for i, t in enumerate(spec.get("tiers") or []):
        p = f"{path}.tiers[{i}]"
        upto = t.get("up_to")
        rate = _num(t, "per_unit", p, probs, Decimal(0))
        if upto is not None and (not isinstance(upto, int) or upto <= lower):
            probs.add(f"{p}.up_to", "must be a whole number above the previous tier")
            upto = lower + 1
        tiers.append((lower, upto, rate))
        if upto is None:
            break
        lower = upto
    if not tiers:
        probs.add(f"{path}.tiers", "needs at least one tier")
    if fact is None:
        return Rule(lambda f, d: ZERO, frozenset(), spec)

    def evaluate(f, d, fact=fact, tiers=tuple(tiers)):
        q = f[fact]
        total = ZERO
        for lo, hi, rate in tiers:
            if q <= lo:
                break
            total += (min(q, hi) - lo if hi is not None else q - lo) * rate
        return total
    return Rule(evaluate, frozenset({fact}), spec)


def _priority_durations(spec, path, vocab, probs) -> Rule:
    comps = []
    for i, c in enumerate(spec.get("components") or []):
        p = f"{path}.components[{i}]"
        fact = _fact(c, "fact", p, vocab, probs, ("integer",))
        rate = _num(c, "per_year", p, probs, Decimal(0))
        if fact:
            comps.append((fact, Decimal(_units_per_year(vocab, fact, p, probs)), rate))
    if not comps:
        probs.add(f"{path}.components", "needs at least one component")
    cap_fact = None
    if spec.get("cap_years_by") is not None:
        cap_fact = _fact(spec, "cap_years_by", path, vocab, probs, ("integer",))
    cap_upy = Decimal(_units_per_year(vocab, cap_fact, path, probs)) if cap_fact else None
    up = spec.get("cap_round_up_places")
    if up is not None and (not isinstance(up, int) or not 0 <= up <= 4):
        probs.add(f"{path}.cap_round_up_places", "must be a whole number from 0 to 4")
        up = None

    # Exact integer arithmetic in units of 1/U year, U a common multiple of every unit (and of
    # 10^places when the cap is rounded up), with one division at the end.
    upys = [int(c[1]) for c in comps] + ([int(cap_upy)] if cap_fact else []) + ([10 ** up] if up is not None else [])
    U = math.lcm(*upys) if upys else 1
    scaled = tuple((fact, U // int(upy), rate) for fact, upy, rate in comps)
    cap_mult = U // int(cap_upy) if cap_fact else None
    step = U // 10 ** up if up is not None else None

    def evaluate(f, d, scaled=scaled, cap_fact=cap_fact):
        remaining = f[cap_fact] * cap_mult if cap_fact else None
        if step is not None and remaining is not None:
            remaining = -(-remaining // step) * step  # round the cap up to the places
        total = ZERO
        for fact, mult, rate in scaled:
            years = f[fact] * mult
            if remaining is not None:
                if years > remaining:
                    years = remaining
                remaining -= years
            total += years * rate
        return exact_div(total, U)
    used = {c[0] for c in comps} | ({cap_fact} if cap_fact else set())
    return Rule(evaluate, frozenset(used), spec)


def _condition(fact: str, want: Any, path: str, vocab: Vocabulary, probs: _Problems):
    """One lookup condition: equals a value, or {at_least: value} in the fact's order."""
    d = vocab[fact]
    at_least = isinstance(want, dict)
    value = want.get("at_least") if at_least else want
    if d.type == "choice":
        value = str(value)
        if value not in d.rank:
            probs.add(path, f"{value!r} is not a choice of {fact}")
            return lambda f: False
        r = d.rank[value]
        return (lambda f: d.rank[f[fact]] >= r) if at_least else (lambda f: f[fact] == value)
    if d.type == "boolean":
        return lambda f: bool(f[fact]) == bool(value)
    if d.type == "integer":
        return (lambda f: f[fact] >= value) if at_least else (lambda f: f[fact] == value)
    probs.add(path, f"fact {fact} of type {d.type} cannot be a lookup condition")
    return lambda f: False


def _lookup(spec, path, vocab, probs) -> Rule:
    rows = []
    used = set()
    for i, row in enumerate(spec.get("rows") or []):
        p = f"{path}.rows[{i}]"
        conds = []
        for fact, want in (row.get("when") or {}).items():
            if fact not in vocab:
                probs.add(f"{p}.when.{fact}", "unknown fact")
                continue
            used.add(fact)
            conds.append(_condition(fact, want, f"{p}.when.{fact}", vocab, probs))
        if not conds:
            probs.add(f"{p}.when", "needs at least one condition")
        rows.append((tuple(conds), _num(row, "points", p, probs, Decimal(0))))
    if not rows:
        probs.add(f"{path}.rows", "needs at least one row")
    otherwise = _num(spec, "otherwise", path, probs, Decimal(0))

    def evaluate(f, d, rows=tuple(rows), otherwise=otherwise):
        best = None
        for conds, pts in rows:
            if (best is None or pts > best) and all(c(f) for c in conds):
                best = pts
        return otherwise if best is None else best
    return Rule(evaluate, frozenset(used), spec)


def _linear(spec, path, vocab, probs) -> Rule:
    terms = []
    used = set()
    for i, t in enumerate(spec.get("terms") or []):
        p = f"{path}.terms[{i}]"
        fact = _fact(t, "fact", p, vocab, probs, ("integer", "boolean", "choice"))
        if fact is None:
            continue
        used.add(fact)
        if "map" in t:
            mapping = {}
            for k, v in (t["map"] or {}).items():
                k = str(k)
                if k not in vocab[fact].rank:
                    probs.add(f"{p}.map.{k}", f"not a choice of {fact}")
                mapping[k] = _num({"v": v}, "v", f"{p}.map.{k}", probs, Decimal(0))
            terms.append((fact, None, mapping))
        else:
            if vocab[fact].type == "choice":
                probs.add(p, "a choice fact needs a map")
            terms.append((fact, _num(t, "points", p, probs, Decimal(0)), None))
    if not terms:
        probs.add(f"{path}.terms", "needs at least one term")

    def evaluate(f, d, terms=tuple(terms)):
        total = ZERO
        for fact, per, mapping in terms:
            v = f[fact]
            total += mapping.get(v, ZERO) if mapping is not None else per * int(v)
        return total
    return Rule(evaluate, frozenset(used), spec)


AGE_REFERENCES = ("as_of", "end_of_year", "end_of_previous_month")


def age_on(born: dt.date, as_of: dt.date, reference: str, year_offset: int, basis: str) -> int:
    """Age in whole years on the rule's reference date; basis 'started' counts a begun year."""
    if reference == "end_of_year":
        on = dt.date(as_of.year + year_offset, 12, 31)
    elif reference == "end_of_previous_month":
        on = as_of.replace(day=1) - dt.timedelta(days=1)
    else:
        on = as_of
    age = completed_years(born, on)
    if basis == "started" and (on.month, on.day) != (born.month, born.day):
        age += 1
    return age


def _age(spec, path, vocab, probs) -> Rule:
    reference = spec.get("reference", "as_of")
    if reference not in AGE_REFERENCES:
        probs.add(f"{path}.reference", f"must be one of {', '.join(AGE_REFERENCES)}")
    offset = spec.get("year_offset", 0)
    if not isinstance(offset, int):
        probs.add(f"{path}.year_offset", "must be a whole number")
        offset = 0
    basis = spec.get("basis", "completed")
    if basis not in ("completed", "started"):
        probs.add(f"{path}.basis", "must be completed or started")
    brackets = []
    last = -1
    for i, b in enumerate(spec.get("brackets") or []):
        p = f"{path}.brackets[{i}]"
        top = b.get("max_age")
        if not isinstance(top, int) or top <= last:
            probs.add(f"{p}.max_age", "must be a whole number above the previous bracket")
            continue
        brackets.append((top, _num(b, "points", p, probs, Decimal(0))))
        last = top
    if not brackets:
        probs.add(f"{path}.brackets", "needs at least one bracket")
    otherwise = _num(spec, "otherwise", path, probs, Decimal(0))
    min_age = spec.get("min_age", 0)

    def evaluate(f, d, brackets=tuple(brackets)):
        age = age_on(f["birth_date"], d, reference, offset, basis)
        if age < min_age:
            return otherwise
        for top, pts in brackets:
            if age <= top:
                return pts
        return otherwise
    return Rule(evaluate, frozenset({"birth_date"}), spec)


def _shared(spec, path, vocab, probs) -> Rule:
    """Points split equally: each share is `count` things worth `points` / `among` each, where
    `among` is a whole number or the value of `among_fact` (0 of them: nothing). Exact: a third
    of 20 stays a Fraction until the item is rounded."""
    per = _num(spec, "points", path, probs, Decimal(0))
    shares = []
    used = set()
    for i, sh in enumerate(spec.get("shares") or []):
        p = f"{path}.shares[{i}]"
        count = _fact(sh, "count", p, vocab, probs, ("integer",))
        if sh.get("among_fact") is not None:
            among = _fact(sh, "among_fact", p, vocab, probs, ("integer",))
            if among:
                used.add(among)
        else:
            among = sh.get("among")
            if isinstance(among, bool) or not isinstance(among, int) or among < 1:
                probs.add(f"{p}.among", "must be a whole number of at least 1, or give among_fact")
                among = 1
        if count:
            used.add(count)
            shares.append((count, among))
    if not shares:
        probs.add(f"{path}.shares", "needs at least one share")

    def evaluate(f, d, shares=tuple(shares), per=per):
        parts = []
        for count, among in shares:
            n = f[among] if isinstance(among, str) else among
            if n > 0 and f[count]:
                parts.append(exact_div(per * f[count], n))
        if any(isinstance(x, Fraction) for x in parts):
            return sum((as_exact(x) for x in parts), Fraction(0))
        return sum(parts, ZERO)
    return Rule(evaluate, frozenset(used), spec)


def _combinator(kind):
    def build(spec, path, vocab, probs) -> Rule:
        subs = [compile_rule(s, f"{path}.rules[{i}]", vocab, probs)
                for i, s in enumerate(spec.get("rules") or [])]
        if len(subs) < 1:
            probs.add(f"{path}.rules", "needs at least one rule")
        fns = tuple(s.evaluate for s in subs)
        if kind == "sum":
            def evaluate(f, d):
                parts = [fn(f, d) for fn in fns]
                if any(isinstance(p, Fraction) for p in parts):
                    return sum((as_exact(p) for p in parts), Fraction(0))
                return sum(parts, ZERO)
        else:
            def evaluate(f, d):
                return max((fn(f, d) for fn in fns), default=ZERO)
        used = frozenset().union(*(s.facts for s in subs)) if subs else frozenset()
        return Rule(evaluate, used, spec)
    return build


def _not_found(spec, path, vocab, probs) -> Rule:
    """An item whose values were not found in any source: scores nothing, and the scheme marks
    the total as partial (a lower bound) instead of guessing."""
    return Rule(lambda f, d: ZERO, frozenset(), spec)


BUILDERS = {
    "not_found": _not_found,
    "accrual": _accrual,
    "tiered_accrual": _tiered_accrual,
    "priority_durations": _priority_durations,
    "lookup": _lookup,
    "linear": _linear,
    "age": _age,
    "shared": _shared,
    "sum": _combinator("sum"),
    "best_of": _combinator("best_of"),
}


def compile_rule(spec: Any, path: str, vocab: Vocabulary, probs: _Problems) -> Rule:
    if not isinstance(spec, dict) or spec.get("type") not in BUILDERS:
        probs.add(f"{path}.type", f"must be one of {', '.join(BUILDERS)}")
        return Rule(lambda f, d: ZERO, frozenset(), spec if isinstance(spec, dict) else {})
    rule = BUILDERS[spec["type"]](spec, path, vocab, probs)
    cap = _num(spec, "cap", path, probs, None) if spec.get("cap") is not None else None
    floor = _num(spec, "floor", path, probs, None) if spec.get("floor") is not None else None
    if cap is None and floor is None:
        return rule
    inner = rule.evaluate

    def bounded(f, d):
        v = inner(f, d)
        if cap is not None and v > cap:
            v = cap
        if floor is not None and v < floor:
            v = floor
        return v
    return Rule(bounded, rule.facts, spec)
