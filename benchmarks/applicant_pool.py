"""The Beijing applicant pool (122,852 people): simulate under the published version and a draft."""
from __future__ import annotations

import datetime as dt
import statistics
import time

from calculator.core.policy import default_policy
from calculator.simulation.populations import applicants
from calculator.simulation.simulate import simulate

BUDGET_MS = 200


def run() -> list[str]:
    policy = default_policy()
    t0 = time.perf_counter()
    loaded = applicants("beijing", policy.vocab, dt.date(2020, 6, 30))
    drawn = time.perf_counter() - t0
    pop, p = loaded.population, loaded.pool
    published, draft = policy.schemes["beijing-2020"], policy.schemes["beijing-2016"]
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        rep = simulate(pop, p.as_of, p.quota, published, policy.vocab, draft=draft)
        times.append(time.perf_counter() - t0)
    ms = statistics.median(times) * 1000
    return [f"pool drawn once per process: {pop.n:,} applicants in {drawn * 1000:.0f} ms",
            f"simulate the pool under beijing-2020 and the beijing-2016 draft, quota {p.quota:,}, with every "
            f"summary and who enters/leaves: {ms:.0f} ms (median of 7; cutoff {rep.published['cutoff']}) "
            f"[budget {BUDGET_MS} ms: {'within' if ms <= BUDGET_MS else 'OVER'}]"]
