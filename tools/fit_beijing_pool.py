"""Fit the Beijing applicant pool's model (calculator/simulation/pools.py) to the published 2020
round: the top 6,032 of 122,852 applicants under the 2020 scheme should have the published cutoff
(97.13) and mean item values (reference/city-schemes.md §3.5).

A seeded coordinate search over the model's parameters, minimising the squared relative misfit
of each item's mean among the admitted plus the cutoff's. Deterministic: run it again and it
prints the same model. `python tools/fit_beijing_pool.py` prints the Model(...) to paste and the
fit per item."""
import dataclasses
import datetime as dt
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calculator.core.policy import default_policy  # noqa: E402
from calculator.simulation.batch import BatchScheme  # noqa: E402
from calculator.simulation.pools import POOLS, Model, draw  # noqa: E402

POOL = POOLS["beijing-applicants"]
TARGETS = {k: float(v) for k, v in POOL.targets.items()}
CUTOFF = float(POOL.cutoff)
SCALE = {"employment": 1.0, "residence": 0.5, "education": 0.5, "job_residence_area": 0.3, "tax": 0.2,
         "age": 0.3, "innovation": 0.1, "honours": 0.05, "study_deduction": 0.2, "total": 1.0}

policy = default_policy()
scheme = policy.schemes["beijing-2020"]
batch = BatchScheme(scheme, policy.vocab)
ids = [it.id for it in scheme.items]


N = int(__import__("os").environ.get("FIT_N", POOL.applicants))


def fit_of(model: Model, n=None):
    n = n or N
    pop = draw(n, model, POOL.seed, POOL.round_year, policy.vocab)
    items, total = batch.score(pop, POOL.as_of)
    k = POOL.quota * n // POOL.applicants
    order = np.argsort(-total, kind="stable")
    top = order[:k]
    cut = total[order[k - 1]] / 100
    means = {i: float(items[j][top].mean() / 100) for j, i in enumerate(ids)}
    means["total"] = float(total[top].mean() / 100)
    return cut, means


def loss(model):
    cut, means = fit_of(model)
    out = ((cut - CUTOFF) / 0.25) ** 2
    for k, t in TARGETS.items():
        out += ((means.get(k, 0) - t) / SCALE[k]) ** 2
    return out


STEPS = {"age_mean": 1.0, "age_sd": 0.5, "si_k": 3.0, "si_theta": 0.03, "si_per_edu": 0.3, "si_per_age": 0.05, "own": 0.05, "own_a": 0.3, "own_b": 0.3,
         "overlap": 0.03, "move": 0.05, "both": 0.05, "two_years": 0.05, "innovation": 0.001, "honour": 0.0001}


def tweak_tuple(model, name, i, step):
    t = list(getattr(model, name))
    t[i] = max(1e-4, t[i] + step)
    return dataclasses.replace(model, **{name: tuple(t)})


def search(model, rounds=6):
    best = loss(model)
    for r in range(rounds):
        scale = 1.0 / (r + 1)
        for name, step in STEPS.items():
            for sign in (1, -1):
                v = getattr(model, name) + sign * step * scale
                if v <= 0 or (name in ("own", "overlap", "move", "both", "two_years") and v >= 1):
                    continue
                cand = dataclasses.replace(model, **{name: round(v, 5)})
                lc = loss(cand)
                if lc < best:
                    model, best = cand, lc
                    break
        for name in ("edu", "tax"):
            for i in range(len(getattr(model, name))):
                for sign in (1, -1):
                    cand = tweak_tuple(model, name, i, sign * 0.02 * scale)
                    lc = loss(cand)
                    if lc < best:
                        model, best = cand, lc
                        break
        print(f"round {r + 1}: loss {best:.3f}", file=sys.stderr)
    return model, best


if __name__ == "__main__":
    start = POOL.model
    model, best = search(start, int(sys.argv[1]) if len(sys.argv) > 1 else 6)
    cut, means = fit_of(model)
    print(model)
    print(f"cutoff {cut:.2f} (published {CUTOFF})")
    for k, t in TARGETS.items():
        print(f"{k:20s} {means[k]:7.2f}  published {t:7.2f}")
