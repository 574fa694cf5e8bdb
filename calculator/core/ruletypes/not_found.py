"""not_found: an item whose values were not found in any source: scores nothing, and the scheme
marks the total as partial (a lower bound) instead of guessing."""
from __future__ import annotations

from ..numbers import ZERO
from .columns import zeros
from .common import Rule, constant_points

TYPE = "not_found"


def single(spec, path, vocab, probs, sub) -> Rule:
    return Rule(lambda f, d: ZERO, frozenset(), spec, constant_points(ZERO))


def population(spec, vocab, sub):
    return lambda pop, d: zeros(pop.n)
