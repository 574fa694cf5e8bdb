"""The one population loader, for the CLI (`flask simulate --population ...`) and the console.

Names: "<city>-applicants" (the applicant pool of simulation/pools.py: Beijing's sized and fitted
to the 2020 round; other cities an illustrative synthetic pool, since no applicant count of
theirs is published), "beijing-2022" (the official list of the admitted), "synthetic:N[:SEED]",
or, for the CLI, a CSV file of facts. Pools and the list are drawn or read once per process and
copied for each use (filling defaults adds columns, and must not leak into the next use).

What a population can tell apart: `distinguishes` says, for each fact a scheme reads, whether the
population holds it as observed data, as a modelled assumption, or not at all (filled with its
default): the page warns when a changed item rests on facts the population cannot tell apart.
"""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from ..core.facts import Vocabulary
from .batch import Population
from .pools import Pool, pool, pool_population
from .synthetic import synthetic_population

LIST_ROUND = 2022
LIST_AS_OF = dt.date(2022, 6, 30)
ILLUSTRATIVE_N = 20_000
ILLUSTRATIVE_SEED = 7
_lock = threading.Lock()
_cache: dict = {}

# What each kind of population holds, fact by fact: "observed" (from published data, item by item),
# "modelled" (drawn under the stated assumptions), anything else is "absent" (its default).
LIST_OBSERVED = {"social_insurance_months", "residence_owned_days", "education", "degree", "study_overlap_months",
                 "relocated_residence_years", "relocated_job_and_residence_years", "beijing_innovation_points",
                 "income_tax_years_over_100k", "honour", "administrative_detentions", "birth_date"}
# The list gives residence as one number: owned and rented cannot be told apart (all taken as
# owned), nor the two kinds of relocation (only their points), nor sex.
LIST_CONFLATED = {"residence_rented_days": "residence_owned_days",
                  "relocated_residence_years": "job_residence_area",
                  "relocated_job_and_residence_years": "job_residence_area"}


@dataclass
class Loaded:
    kind: str                    # applicants | illustrative | official_list | synthetic | csv
    population: Population
    as_of: dt.date
    pool: Pool | None = None
    defaults: list[str] = field(default_factory=list)   # facts needed that the population lacks
    seed: int | None = None

    @property
    def quota(self) -> int | None:
        return self.pool.quota if self.pool is not None else None


class UnknownPopulation(ValueError):
    pass


def _cached(key, make):
    with _lock:
        if key not in _cache:
            _cache[key] = make()
        return _cache[key]


def _copy(pop: Population) -> Population:
    return Population(pop.n, dict(pop.cols))


def official_list(vocab: Vocabulary) -> Population | None:
    """Beijing's official 2022 list of the admitted, as facts (None when the file is absent)."""
    from ..populations.beijing_lists import LIST_PATH, facts_for_row, read_list

    def make():
        if not LIST_PATH.exists():
            return None
        rows = read_list(LIST_PATH)
        needed = set(facts_for_row(rows[0], LIST_ROUND))
        facts = [vocab.validate(facts_for_row(r, LIST_ROUND), LIST_AS_OF, needed=needed) for r in rows]
        return Population.from_facts(facts, vocab, needed | {"birth_date"})

    pop = _cached(("list", id(vocab)), make)
    return _copy(pop) if pop is not None else None


def applicants(city: str, vocab: Vocabulary, today: dt.date | None = None) -> Loaded:
    """The city's applicant pool: fitted to published figures where they exist, else illustrative."""
    p = pool(f"{city}-applicants")
    if p is not None:
        pop = _cached(("pool", p.id, id(vocab)), lambda: pool_population(p, vocab))
        return Loaded("applicants", _copy(pop), p.as_of, p, seed=p.seed)
    pop = _cached(("illustrative", id(vocab)),
                  lambda: synthetic_population(ILLUSTRATIVE_N, vocab, ILLUSTRATIVE_SEED))
    return Loaded("illustrative", _copy(pop), today or dt.date.today(), seed=ILLUSTRATIVE_SEED)


def load(source: str, city: str, vocab: Vocabulary, today: dt.date | None = None) -> Loaded:
    """A named population (see the module's docstring); CSV files are read by the caller."""
    if source in ("applicants", f"{city}-applicants"):
        return applicants(city, vocab, today)
    if source == "beijing-2022":
        pop = official_list(vocab)
        if pop is None:
            raise UnknownPopulation("the official 2022 list is not available on this machine")
        return Loaded("official_list", pop, LIST_AS_OF)
    if source.startswith("synthetic:"):
        parts = source.split(":")
        try:
            n, seed = int(parts[1]), int(parts[2]) if len(parts) > 2 else 7
        except (IndexError, ValueError):
            raise UnknownPopulation("write synthetic:N or synthetic:N:SEED") from None
        return Loaded("synthetic", synthetic_population(n, vocab, seed), today or dt.date.today(), seed=seed)
    raise UnknownPopulation(f"unknown population {source!r}")


def fill(loaded: Loaded, needed: set[str], vocab: Vocabulary) -> Loaded:
    """The facts the schemes need and the population lacks, at their defaults (named in
    loaded.defaults); KeyError when one of them has no default."""
    loaded.defaults = sorted(f for f in needed if vocab[f].type != "date" and f not in loaded.population.cols)
    loaded.population.ensure(needed, vocab)
    return loaded


def distinguishes(kind: str, fact: str, generated: set[str]) -> str:
    """observed | modelled | conflated | absent: how a population holds `fact`.

    `generated`: the facts the population had before defaults were filled."""
    if kind == "official_list":
        if fact in LIST_CONFLATED:
            return "conflated"
        return "observed" if fact in LIST_OBSERVED else "absent"
    if kind == "csv":
        return "observed" if fact in generated else "absent"
    return "modelled" if fact in generated else "absent"
