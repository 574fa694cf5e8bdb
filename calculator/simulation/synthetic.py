"""A synthetic population of applicants, seeded and with stated assumptions.

The assumptions are deliberately simple and published with every figure drawn from them (they
follow the OpenFisca peer benchmark so both engines score the same kind of population):
- social insurance 84..359 months (everyone meets Beijing's 7-year condition), uniform;
- owned home 0..3,999 days and rented home 0..5,999 days, uniform, independent;
- education: none, associate, bachelor+bachelor, master+master, doctorate+doctorate, equally likely;
- study overlap 0..47 months, but never more than the months insured;
- moved home out of the centre 0..2 years, moved job and home 0..1 year;
- years with income tax over 100,000 yuan 0..3; born 1962..1997 on a uniform day of the year;
- honours 0.3%, one administrative detention 0.1%; all hold a residence permit; no crime.
It is not a model of real applicants: use the official list or an uploaded CSV for that.
"""
from __future__ import annotations

import numpy as np

from ..core.facts import Vocabulary
from .batch import I64, Population

ASSUMPTIONS = __doc__


def synthetic_population(n: int, vocab: Vocabulary, seed: int = 7) -> Population:
    g = np.random.default_rng(seed)
    si = g.integers(84, 360, n, dtype=I64)
    edu_code = g.integers(0, 5, n)
    edu_rank = vocab["education"].rank
    deg_rank = vocab["degree"].rank
    edu = np.array([edu_rank[v] for v in ("none", "associate", "bachelor", "master", "doctorate")], dtype=I64)[edu_code]
    deg = np.array([deg_rank[v] for v in ("none", "none", "bachelor", "master", "doctorate")], dtype=I64)[edu_code]
    day_of_year = g.integers(0, 365, n)
    month_starts = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365])
    month = np.searchsorted(month_starts, day_of_year, side="right")
    day = day_of_year - month_starts[month - 1] + 1
    cols = {
        "social_insurance_months": si,
        "residence_owned_days": g.integers(0, 4000, n, dtype=I64),
        "residence_rented_days": g.integers(0, 6000, n, dtype=I64),
        "education": edu, "degree": deg,
        "study_overlap_months": np.minimum(g.integers(0, 48, n, dtype=I64), si),
        "relocated_residence_years": g.integers(0, 3, n, dtype=I64),
        "relocated_job_and_residence_years": g.integers(0, 2, n, dtype=I64),
        "income_tax_years_over_100k": g.integers(0, 4, n, dtype=I64),
        "beijing_innovation_points": np.zeros(n, dtype=I64),
        "birth_date.y": g.integers(1962, 1998, n, dtype=I64), "birth_date.m": month.astype(I64),
        "birth_date.d": day.astype(I64),
        "sex": np.zeros(n, dtype=I64),
        "honour": (g.random(n) < 0.003).astype(I64),
        "administrative_detentions": (g.random(n) < 0.001).astype(I64),
        "tax_violations": np.zeros(n, dtype=I64),
        "holds_residence_permit": np.ones(n, dtype=I64),
        "criminal_record": np.zeros(n, dtype=I64),
    }
    return Population(n, cols)


def row_facts(pop: Population, i: int, vocab: Vocabulary) -> dict:
    """One synthetic applicant as a facts dict (to score with the per-applicant engine)."""
    import datetime as dt
    out = {}
    for key, col in pop.cols.items():
        if key.startswith("birth_date."):
            continue
        d = vocab[key]
        v = int(col[i])
        out[key] = d.choices[v].value if d.type == "choice" else bool(v) if d.type == "boolean" else v
    out["birth_date"] = dt.date(int(pop.cols["birth_date.y"][i]), int(pop.cols["birth_date.m"][i]),
                                int(pop.cols["birth_date.d"][i]))
    return out
