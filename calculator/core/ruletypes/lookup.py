"""lookup: the highest row whose conditions all hold (education tables); a condition equals a
value, or is {at_least: value} in the fact's order."""
from __future__ import annotations

import itertools
import math
import operator
from decimal import Decimal
from typing import Any

import numpy as np

from ..facts import Vocabulary
from ..numbers import round_item
from .columns import I64, R, _wide, frac, scaled
from ..problems import Problems
from .common import Rule, _num

TYPE = "lookup"


def _condition(fact: str, want: Any, path: str, vocab: Vocabulary, probs: Problems):
    d = vocab[fact]
    at_least = isinstance(want, dict)
    value = want.get("at_least") if at_least else want
    if d.type == "choice":
        value = str(value)
        if value not in d.rank:
            probs.add(path, "not_a_choice_value", value=repr(value), fact=fact)
            return lambda f: False
        r = d.rank[value]
        return (lambda f: d.rank[f[fact]] >= r) if at_least else (lambda f: f[fact] == value)
    if d.type == "boolean":
        return lambda f: bool(f[fact]) == bool(value)
    if d.type == "integer":
        return (lambda f: f[fact] >= value) if at_least else (lambda f: f[fact] == value)
    probs.add(path, "not_a_condition", fact=fact, type=d.type)
    return lambda f: False


def single(spec, path, vocab, probs, sub) -> Rule:
    rows = []
    used = set()
    for i, row in enumerate(spec.get("rows") or []):
        p = f"{path}.rows[{i}]"
        conds = []
        for fact, want in (row.get("when") or {}).items():
            if fact not in vocab:
                probs.add(f"{p}.when.{fact}", "unknown_fact_here")
                continue
            used.add(fact)
            conds.append(_condition(fact, want, f"{p}.when.{fact}", vocab, probs))
        if not conds:
            probs.add(f"{p}.when", "needs_condition")
        rows.append((tuple(conds), _num(row, "points", p, probs, Decimal(0))))
    if not rows:
        probs.add(f"{path}.rows", "needs_row")
    otherwise = _num(spec, "otherwise", path, probs, Decimal(0))
    # the rows by points, highest first: the first row that holds is the answer
    ordered = tuple(sorted(rows, key=lambda r: r[1], reverse=True))

    def evaluate(f, d, rows=ordered, otherwise=otherwise):
        for conds, pts in rows:
            for c in conds:
                if not c(f):
                    break
            else:
                return pts
        return otherwise
    table = _table(evaluate, used, vocab)
    if table is None:
        return Rule(evaluate, frozenset(used), spec)
    return Rule(_looked_up(table, used, evaluate, lambda v: v), frozenset(used), spec,
                lambda quantum: _looked_up(table, used, evaluate, lambda v: round_item(v, quantum)))


MAX_TABLE = 4096


def _table(evaluate, used: set[str], vocab: Vocabulary) -> dict | None:
    """The lookup's answer for every combination of the values of the facts it reads, worked
    out once by the row search itself, when each is a choice or yes/no and the combinations are
    few; None otherwise. Keyed as _looked_up reads the facts (one fact: its value)."""
    names = sorted(used)
    domains = []
    for name in names:
        d = vocab[name]
        domains.append(tuple(d.rank) if d.type == "choice" else (False, True) if d.type == "boolean" else None)
    if not names or None in domains or math.prod(len(v) for v in domains) > MAX_TABLE:
        return None
    return {values[0] if len(names) == 1 else values: evaluate(dict(zip(names, values)), None)
            for values in itertools.product(*domains)}


def _looked_up(table: dict, used: set[str], evaluate, convert):
    """The lookup as one dict read of convert(points) (the points, or the points rounded); a
    value outside the table, which validation never lets through, still gets the row search."""
    table = {k: convert(v) for k, v in table.items()}
    key = operator.itemgetter(*sorted(used))  # one name: its value; several: their tuple
    missing = object()

    def looked_up(f, d):
        pts = table.get(key(f), missing)
        return convert(evaluate(f, d)) if pts is missing else pts
    return looked_up


def _column_condition(vocab, fact: str, want):
    d = vocab[fact]
    at_least = isinstance(want, dict)
    value = want.get("at_least") if at_least else want
    if d.type == "choice":
        r = d.rank[str(value)]
        return (lambda pop: pop.cols[fact] >= r) if at_least else (lambda pop: pop.cols[fact] == r)
    if d.type == "boolean":
        return lambda pop: pop.cols[fact] == int(bool(value))
    return (lambda pop: pop.cols[fact] >= value) if at_least else (lambda pop: pop.cols[fact] == value)


def population(spec, vocab, sub):
    rows = [([_column_condition(vocab, f, w) for f, w in row["when"].items()], frac(row["points"]))
            for row in spec["rows"]]
    otherwise = frac(spec.get("otherwise", 0))
    nums, L = scaled([otherwise] + [p for _, p in rows])
    low = np.iinfo(I64).min

    def fn(pop, d):
        best = _wide(np.full(pop.n, low, dtype=I64), L)
        for (conds, _), pts in zip(rows, nums[1:]):
            hit = np.ones(pop.n, dtype=bool)
            for c in conds:
                hit &= c(pop)
            np.maximum(best, np.where(hit, pts, best), out=best)
        best[best == low] = nums[0]
        return R(best, L)
    return fn
