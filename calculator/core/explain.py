"""Explanation: what dominates a total, what one more year adds, how far the last cutoff is.

Everything here is derived from the same scoring function, so the advice can never disagree with
the score. Cutoffs are past published lines, never predictions.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .facts import Vocabulary
from .numbers import ZERO, ceil_to, round_item
from .schemes import Citation, Cutoff
from .scoring import ItemScore, Result

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Explanation:
    ranked: tuple[ItemScore, ...]
    dominant: ItemScore | None
    per_year: Decimal | None
    grown_facts: tuple[str, ...]
    cutoff: Cutoff | None
    gap: Decimal | None
    years_to_cutoff: Decimal | None
    citations: tuple[Citation, ...]


_GROWING: dict[tuple[int, frozenset], tuple[tuple[str, ...], list[str]]] = {}


def _growing(used: frozenset[str], vocab: Vocabulary):
    """The facts that grow with time, and the housing ones in vocabulary order (cached: a
    scheme's fact set never changes)."""
    key = (id(vocab), used)
    hit = _GROWING.get(key)
    if hit is None:
        order = {f: i for i, f in enumerate(vocab.defs)}
        growing = tuple(sorted((f for f in used if vocab[f].grows_per_year > 0), key=order.get))
        housing = [f for f in growing if vocab[f].grows_when_positive]
        hit = _GROWING[key] = (growing, housing)
    return hit


def rescored_total(result: Result, facts: dict, changed: frozenset[str]):
    """The total with `facts`, re-evaluating only the items that read a changed fact (the same
    rounding and floor as score_items; the others keep their points)."""
    scheme = result.scheme
    q = scheme.quantum
    total = ZERO
    for item, s in zip(scheme.items, result.items):
        total += round_item(item.rule.evaluate(facts, result.as_of), q) if item.rule.facts & changed else s.points
    if scheme.total_floor is not None and total < scheme.total_floor:
        total = scheme.total_floor
    return total


def one_more_year(facts: dict, used: frozenset[str], vocab: Vocabulary) -> tuple[dict, tuple[str, ...]]:
    """The same facts a year later for contributions and residence (age and the rest unchanged).

    Of the housing durations, the one the applicant has now keeps growing: an owned home if
    they have one, otherwise renting (where most migrants start)."""
    grown = dict(facts)
    names = []
    growing, housing = _growing(used, vocab)
    current = [f for f in housing if facts.get(f, 0) > 0][:1] or housing[-1:]
    for fid in growing:
        d = vocab[fid]
        if d.grows_when_positive and fid not in current:
            continue
        grown[fid] = min(facts[fid] + d.grows_per_year, d.max if d.max is not None else facts[fid] + d.grows_per_year)
        names.append(fid)
    return grown, tuple(sorted(names))


def explain(result: Result, vocab: Vocabulary) -> Explanation:
    scheme = result.scheme
    # by points, ties in the scheme's own order (the index, not Item equality: that compares all fields)
    ranked = tuple(s for _, s in sorted(enumerate(result.items), key=lambda p: (-p[1].points, p[0])))
    dominant = ranked[0] if ranked and ranked[0].points > 0 else None

    grown, names = one_more_year(result.facts, scheme.facts, vocab)
    per_year = None
    if names:
        per_year = rescored_total(result, grown, frozenset(names)) - result.total

    cutoff = scheme.latest_cutoff()
    gap = years = None
    if cutoff is not None:
        gap = max(cutoff.points - result.total, ZERO)
        if gap == 0:
            years = ZERO
        elif per_year is not None and per_year > 0:
            years = ceil_to(gap / per_year, TENTH)

    return Explanation(ranked, dominant, per_year, names, cutoff, gap, years, citations(scheme))


def citations(scheme) -> tuple[Citation, ...]:
    """Every source and article the scheme's items and prerequisites cite, each once (cached on
    the scheme: a version never changes)."""
    cached = scheme.__dict__.get("_citations")
    if cached is None:
        seen, cites = set(), []
        for c in [i.citation for i in scheme.items] + [p.citation for p in scheme.prerequisites]:
            key = (c.source.id, c.article)
            if key not in seen:
                seen.add(key)
                cites.append(c)
        cached = tuple(cites)
        object.__setattr__(scheme, "_citations", cached)
    return cached


@dataclass(frozen=True)
class Suggestion:
    """One change to one answer and what it does to the total, by the same rules."""
    fact: str
    current: object
    proposed: object
    delta: Decimal
    new_total: Decimal


NOT_ACTIONABLE = frozenset({"birth_date", "sex", "criminal_record", "administrative_detentions",
                            "tax_violations", "bad_credit_records"})


def suggestions(result: Result, vocab: Vocabulary, limit: int = 5) -> list[Suggestion]:
    """Answers one step better (the next education level, one more year of a counted item),
    each rescored: only changes that raise the total, largest first. Durations that simply grow
    with time are covered by the one-more-year figure, not repeated here."""
    scheme, facts = result.scheme, result.facts
    out = []
    for fid in sorted(scheme.facts - NOT_ACTIONABLE):
        d = vocab[fid]
        current = facts.get(fid)
        if d.type == "choice":
            order = [c.value for c in d.choices]
            i = order.index(current)
            if i + 1 >= len(order):
                continue
            proposed = order[i + 1]
        elif d.type == "integer" and d.grows_per_year == 0 and d.unit in ("year", "count"):
            if d.max is not None and current >= d.max:
                continue
            proposed = current + 1
        else:
            continue
        changed = dict(facts)
        changed[fid] = proposed
        total = rescored_total(result, changed, frozenset((fid,)))
        if total > result.total:
            out.append(Suggestion(fid, current, proposed, total - result.total, total))
    out.sort(key=lambda s: (-s.delta, s.fact))
    return out[:limit]
