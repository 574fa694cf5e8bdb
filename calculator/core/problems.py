"""Scheme problems as codes with parameters, so each caller says them in its reader's language.

The core never writes a sentence about a scheme: it records where (a path such as
items[2].rule.per_year) and a Problem (`unknown_fact{name}`, `not_a_duration{fact, unit}`,
`required`, ...). The one table of sentences, zh and en, is calculator/wording/problems.py.
"""
from __future__ import annotations

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

    add(path, code, **params) records a code; add(path, problem) an already made Problem (a
    NumberError's). The rule types (core/ruletypes/) and the scheme loader both add codes."""

    def __init__(self):
        self.items: list[tuple[str, Problem]] = []

    def add(self, path: str, code: str | Problem, **params):
        problem = code if isinstance(code, Problem) else Problem(code, params)
        self.items.append((path, problem))
