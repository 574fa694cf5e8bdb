"""The decision a person needs, in one call: the verdict, the projection behind its dates, and
the scenarios that would change it. Pages, embed, API, CLI and compare all come through here,
so they can never disagree."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from .facts import Vocabulary
from .projection import Projection, project
from .scenarios import Scenario, scenarios
from .scoring import Result
from .verdict import Verdict, verdict

RetirementRule = Callable[[dict], "dt.date | None"]


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    projection: Projection
    scenarios: tuple[Scenario, ...]


def decide(result: Result, vocab: Vocabulary, retirement: RetirementRule | None = None,
           with_scenarios: bool = True) -> Decision:
    projection = project(result, vocab, retirement=retirement)
    found = tuple(scenarios(result, vocab, projection, retirement)) if with_scenarios else ()
    return Decision(verdict(result, vocab, projection), projection, found)
