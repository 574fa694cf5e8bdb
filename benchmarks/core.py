"""Median time to score one Beijing applicant in process (budget: 20 µs, issue 19)."""
from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path

from calculator.core.explain import explain
from calculator.core.policy import default_policy
from calculator.core.scoring import score
from calculator.populations.beijing_lists import facts_for_row, read_list

LIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "beijing-admitted-2022.csv"
AS_OF = dt.date(2022, 6, 30)
BUDGET_US = 20.0


def _median_us(fn, items, repeat: int = 5) -> float:
    """Median over `repeat` passes of the mean time per item (one pass = every item once)."""
    per_pass = []
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        for x in items:
            fn(x)
        per_pass.append((time.perf_counter_ns() - t0) / len(items) / 1000)
    return statistics.median(per_pass)


def run() -> list[str]:
    policy = default_policy()
    scheme = policy.schemes["beijing-2020"]
    rows = read_list(LIST)
    raw = [facts_for_row(r, 2022) for r in rows]
    facts = [policy.vocab.validate(f, AS_OF, needed=set(scheme.facts)) for f in raw]
    scoring = _median_us(lambda f: score(scheme, f, AS_OF), facts)
    full = _median_us(lambda f: explain(score(scheme, f, AS_OF), policy.vocab), facts)
    validated = _median_us(lambda f: policy.evaluate("beijing", f, AS_OF), raw)
    verdict = "within" if scoring <= BUDGET_US else "OVER"
    return [
        f"score one Beijing applicant (6,006 real rows, median of 5 passes): {scoring:.1f} µs "
        f"[budget {BUDGET_US:.0f} µs: {verdict}]",
        f"  + explanation (one-more-year rescoring, cutoff gap): {full:.1f} µs",
        f"  validate + score + explain from raw JSON facts: {validated:.1f} µs",
    ]
