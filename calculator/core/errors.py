"""Errors the core reports as data (a code and parameters), so every caller can translate them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .problems import Problem


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field, e.g. ("facts.birth_date", "required", {})."""

    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


class InputError(ValueError):
    """Bad input from a user: carries every field error found, never a partial result."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.code} {e.params}" for e in errors))
        self.errors = errors


class SchemeError(ValueError):
    """A scheme document is invalid: says where (a path like items[2].rule.per_year) and why (a
    problems.Problem: a code and its parameters, put into words by wording/problems.py)."""

    def __init__(self, problems: list[tuple[str, "Problem"]]):
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))
        self.problems = problems
