"""Batch scoring with NumPy, exactly equal to the per-applicant engine.

Each rule type's population evaluation sits beside its single-applicant one, in
calculator/core/ruletypes/: an exact rational array (int64 numerators over one integer
denominator). Here each item is rounded half up (away from zero) to the scheme's places and kept
as integer units of 10^-places (hundredths for every scheme so far). No float ever touches a
point, so the batch totals equal calculator.core.scoring to the hundredth; a property test
checks it over random populations and schemes.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from ..core.facts import Vocabulary
from ..core.ruletypes import compile_population
from ..core.ruletypes.columns import I64, R, round_half_up
from ..core.schemes import Scheme

__all__ = ["I64", "BatchScheme", "Population"]

# Items over choices and booleans with at most this many input combinations are scored as a table.
TABLE_LIMIT = 4096


@dataclass
class Population:
    """Facts as columns: integers as they are, choices as their rank, booleans 0/1, and the
    birth date as year, month and day arrays."""
    n: int
    cols: dict[str, np.ndarray]

    @classmethod
    def from_facts(cls, facts: list[dict], vocab: Vocabulary, needed: set[str]) -> "Population":
        n = len(facts)
        cols = {}
        for fid in needed:
            d = vocab[fid]
            if d.type == "date":
                dates = [f[fid] for f in facts]
                cols[f"{fid}.y"] = np.fromiter((x.year for x in dates), I64, n)
                cols[f"{fid}.m"] = np.fromiter((x.month for x in dates), I64, n)
                cols[f"{fid}.d"] = np.fromiter((x.day for x in dates), I64, n)
            elif d.type == "choice":
                cols[fid] = np.fromiter((d.rank[f[fid]] for f in facts), I64, n)
            else:
                cols[fid] = np.fromiter((int(f[fid]) for f in facts), I64, n)
        return cls(n, cols)

    def ensure(self, needed: set[str], vocab: Vocabulary) -> "Population":
        """Fill facts a scheme needs but the population lacks with their defaults (a draft may
        add an item on a fact the population file did not have)."""
        for fid in sorted(needed):
            d = vocab[fid]
            if d.type == "date" or fid in self.cols:
                continue
            if d.default_from and d.default_from in self.cols:
                self.cols[fid] = self.cols[d.default_from]
            elif d.required:
                raise KeyError(f"the population has no {fid}, which has no default")
            else:
                v = d.rank[d.default] if d.type == "choice" else int(d.default or 0)
                self.cols[fid] = np.full(self.n, v, dtype=I64)
        return self

    def take(self, idx: np.ndarray) -> "Population":
        return Population(len(idx), {k: v[idx] for k, v in self.cols.items()})


class BatchScheme:
    """A scheme compiled to column operations, from the same validated document."""

    def __init__(self, scheme: Scheme, vocab: Vocabulary):
        self.scheme = scheme
        self.vocab = vocab
        self.places = scheme.places
        self.items = [self._tabulated(compile_population(i.rule.spec, vocab), i.rule.facts)
                      for i in scheme.items]
        self.floor = None if scheme.total_floor is None else round(scheme.total_floor * 10 ** self.places)

    # --- scoring --------------------------------------------------------------------------
    def score(self, pop: Population, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """(items, total): items[k] and total in integer units of 10^-places."""
        items = np.empty((len(self.items), pop.n), dtype=I64)
        for k, fn in enumerate(self.items):
            items[k] = np.asarray(round_half_up(fn(pop, as_of), self.places), dtype=I64)
        total = items.sum(axis=0)
        if self.floor is not None:
            np.maximum(total, self.floor, out=total)
        return items, total

    def _tabulated(self, fn, facts):
        """An item that reads only choices and yes/no answers has few possible inputs (Beijing's
        education: 7 levels x 5 degrees): score each combination once with the same column
        code, then look every applicant up in that table by index. Same numbers, a tenth of the
        time on 1,000,000 rows."""
        defs = [self.vocab[f] for f in sorted(facts)]
        if not defs or any(d.type not in ("choice", "boolean") for d in defs):
            return fn
        sizes = [len(d.choices) if d.type == "choice" else 2 for d in defs]
        n = math.prod(sizes)
        if n > TABLE_LIMIT:
            return fn
        grid = np.meshgrid(*(np.arange(k, dtype=I64) for k in sizes), indexing="ij")
        combos = Population(n, {d.id: g.ravel() for d, g in zip(defs, grid)})
        strides = [math.prod(sizes[i + 1:]) for i in range(len(sizes))]
        tables: dict = {}

        def fn_tabulated(pop, d):
            table = tables.get(d)
            if table is None:
                table = tables[d] = fn(combos, d)
            idx = pop.cols[defs[0].id] * strides[0]
            for fd, stride in zip(defs[1:], strides[1:]):
                idx = idx + pop.cols[fd.id] * stride
            return R(table.num[idx], table.den)
        return fn_tabulated
