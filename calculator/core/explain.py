"""Explanation: what dominates a total, what one more year adds, how far the last cutoff is
(when it would be reached, with age and everything else moving, is core.projection).

Everything here is derived from the same scoring function, so the advice can never disagree with
the score. Cutoffs are past published lines, never predictions.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import Decimal

from .facts import Vocabulary
from .numbers import ZERO
from .schemes import Citation, Cutoff
from .scoring import ItemScore, Result

@dataclass(frozen=True)
class Explanation:
    ranked: tuple[ItemScore, ...]
    dominant: ItemScore | None
    per_year: Decimal | None
    grown_facts: tuple[str, ...]
    cutoff: Cutoff | None
    gap: Decimal | None  # to the latest published cutoff; when it is reached: core.projection
    citations: tuple[Citation, ...]


_POINTS = operator.attrgetter("points")

_GROWING: dict[tuple[int, frozenset], tuple[tuple, list[str]]] = {}


def _growing(used: frozenset[str], vocab: Vocabulary):
    """The facts that grow with time, in vocabulary order, each as (id, per year, maximum or
    None, whether it grows only while positive), and the housing ones (cached: a scheme's fact
    set never changes)."""
    key = (id(vocab), used)
    hit = _GROWING.get(key)
    if hit is None:
        order = {f: i for i, f in enumerate(vocab.defs)}
        growing = tuple(sorted((f for f in used if vocab[f].grows_per_year > 0), key=order.get))
        housing = [f for f in growing if vocab[f].grows_when_positive]
        hit = _GROWING[key] = (tuple((f, vocab[f].grows_per_year, vocab[f].max, vocab[f].grows_when_positive)
                                     for f in growing), housing)
    return hit


def rescored_total(result: Result, facts: dict, changed: frozenset[str]):
    """The total with `facts`, re-evaluating only the items that read a changed fact (the same
    rounded points and floor as score_items; the others keep their points). Exact: the sum of
    the points, each changed one's difference added to it."""
    scheme = result.scheme
    floor = scheme.total_floor
    items, rounded, as_of = result.items, scheme.rounded_evaluators, result.as_of
    total = result.total if floor is None else sum([s.points for s in items], ZERO)  # (before the floor)
    for k in scheme.items_reading(changed):
        total += rounded[k](facts, as_of) - items[k].points
    return floor if floor is not None and total < floor else total


def one_more_year(facts: dict, used: frozenset[str], vocab: Vocabulary) -> tuple[dict, tuple[str, ...]]:
    """The same facts a year later for contributions and residence (age and the rest unchanged).

    Of the housing durations, the one the applicant has now keeps growing: an owned home if
    they have one, otherwise renting (where most migrants start)."""
    grown = dict(facts)
    names = []
    growing, housing = _growing(used, vocab)
    current = [f for f in housing if facts.get(f, 0) > 0][:1] or housing[-1:]
    for fid, per_year, most, only_current in growing:
        if only_current and fid not in current:
            continue
        value = facts[fid] + per_year
        grown[fid] = value if most is None or value < most else most
        names.append(fid)
    return grown, tuple(sorted(names))


def explain(result: Result, vocab: Vocabulary) -> Explanation:
    scheme = result.scheme
    # by points, ties in the scheme's own order (the index, not Item equality: that compares all fields)
    ranked = tuple(sorted(result.items, key=_POINTS, reverse=True))  # reverse keeps ties in order
    dominant = ranked[0] if ranked and ranked[0].points > 0 else None

    grown, names = one_more_year(result.facts, scheme.facts, vocab)
    per_year = None
    if names:
        per_year = rescored_total(result, grown, frozenset(names)) - result.total

    cutoff = scheme.latest_cutoff()
    gap = None if cutoff is None else max(cutoff.points - result.total, ZERO)
    # Explanation(...) without the frozen dataclass's __init__ (a guarded setattr per field)
    e = _new(Explanation)
    _set(e, "__dict__", {"ranked": ranked, "dominant": dominant, "per_year": per_year, "grown_facts": names,
                         "cutoff": cutoff, "gap": gap, "citations": citations(scheme)})
    return e


_new, _set = object.__new__, object.__setattr__


def citations(scheme) -> tuple[Citation, ...]:
    """Every source and article the scheme cites, each once (Scheme.citations, kept with it)."""
    return scheme.citations
