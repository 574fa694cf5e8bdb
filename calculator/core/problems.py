"""Scheme problems as codes with parameters, so each caller says them in its reader's language.

The core never writes a sentence about a scheme: it records where (a path such as
items[2].rule.per_year) and a Problem (`unknown_fact{name}`, `not_a_duration{fact, unit}`,
`required`, ...). The one table of sentences, zh and en, is calculator/wording/problems.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:  # for logs and tracebacks; readers get wording.problems' sentence
        return f"{self.code} {self.params}" if self.params else self.code


class NumberError(ValueError):
    """A value that is not an exact number; `problem` says which way (numbers.to_decimal)."""

    def __init__(self, what: str, problem: Problem):
        value = problem.params.get("value")
        text = {"boolean_not_number": "a boolean is not a number",
                "not_finite": f"{value} is not a finite number"}.get(problem.code, f"{value} is not a number")
        super().__init__(f"{what}: {text}")
        self.problem = problem


class Problems:
    """Collects problems with their paths instead of stopping at the first.

    add(path, code, **params) records a code. core/rules.py (rewritten by the one-module-per-rule
    work) still passes English sentences; `from_rule_sentence` turns those few, exact sentences
    into codes at this one boundary until its rule modules pass codes too."""

    def __init__(self):
        self.items: list[tuple[str, Problem]] = []

    def add(self, path: str, code: str | Problem, **params):
        if isinstance(code, Problem):
            problem = code
        elif " " in code or ":" in code:
            problem = from_rule_sentence(code)
        else:
            problem = Problem(code, params)
        self.items.append((path, problem))


# The exact sentences core/rules.py gives today (and numbers.NumberError's, which it passes on as
# str(e)): constant ones by lookup, the few with values by their one shape each.
_RULE_SENTENCES = {
    "is required": "required", "unknown fact": "unknown_fact_here",
    "must be a list of at least one fact": "needs_facts", "must all be counted in the same unit": "mixed_units",
    "must be unit, whole_month, full_year or half_year": "bad_granularity",
    "whole_month needs a fact counted in days": "whole_month_needs_days",
    "must be a whole number above the previous tier": "tier_not_above", "needs at least one tier": "needs_tier",
    "needs at least one component": "needs_component", "must be a whole number from 0 to 4": "not_places",
    "needs at least one condition": "needs_condition", "needs at least one row": "needs_row",
    "a choice fact needs a map": "needs_map", "needs at least one term": "needs_term",
    "must be a whole number": "not_whole", "must be completed or started": "bad_basis",
    "must be a whole number above the previous bracket": "bracket_not_above",
    "needs at least one bracket": "needs_bracket",
    "must be a whole number of at least 1, or give among_fact": "bad_among",
    "needs at least one share": "needs_share", "needs at least one rule": "needs_rule",
}
_RULE_SHAPES = [(re.compile(rx), code) for rx, code in (
    (r"^[\w.\[\]]+: a boolean is not a number$", "boolean_not_number"),
    (r"^[\w.\[\]]+: (?P<value>.+) is not a finite number$", "not_finite"),
    (r"^[\w.\[\]]+: (?P<value>.+) is not a number$", "not_a_number"),
    (r"^unknown fact (?P<name>.+)$", "unknown_fact"),
    (r"^fact (?P<fact>\S+) is (?P<type>\w+), expected (?P<expected>\S+)$", "wrong_fact_type"),
    (r"^fact (?P<fact>\S+) is not a duration \(unit (?P<unit>[^)]*)\)$", "not_a_duration"),
    (r"^(?P<value>.+) is not a choice of (?P<fact>\S+)$", "not_a_choice_value"),
    (r"^fact (?P<fact>\S+) of type (?P<type>\w+) cannot be a lookup condition$", "not_a_condition"),
    (r"^not a choice of (?P<fact>\S+)$", "not_a_choice"),
    (r"^must be one of (?P<values>.+)$", "not_one_of"),
)]


def from_rule_sentence(text: str) -> Problem:
    """The Problem a core/rules.py sentence stands for; `unexplained{text}` if it is new."""
    if text in _RULE_SENTENCES:
        return Problem(_RULE_SENTENCES[text])
    for rx, code in _RULE_SHAPES:
        m = rx.match(text)
        if m:
            return Problem(code, m.groupdict())
    return Problem("unexplained", {"text": text})
