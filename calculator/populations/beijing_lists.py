"""Facts that reproduce a row of Beijing's official list of admitted applicants.

The official lists (公示名单) publish each admitted person's points item by item, not their
situation. Each item of the 2020 rules is invertible, so for every row we build facts that give
exactly those points: a real population for golden tests and impact simulation. It holds
admitted people only (everyone here reached the cutoff): say so wherever it is shown.
"""
from __future__ import annotations

import csv
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ITEM_COLUMNS = ("employment", "residence", "education", "study_deduction", "job_residence_area",
                "innovation", "tax", "age", "honours", "law_record")
EDUCATION = {Decimal("0"): ("none", "none"), Decimal("10.5"): ("associate", "none"),
             Decimal("15"): ("bachelor", "bachelor"), Decimal("26"): ("master", "master"),
             Decimal("37"): ("doctorate", "doctorate")}
AGE_POINTS = {Decimal(p): 45 + i for i, p in enumerate((20, 16, 12, 8, 4))}
CENT = Decimal("0.01")
# The official 2022 list, shipped beside the repository in shared/data (see its README).
LIST_PATH = Path(__file__).resolve().parents[3] / "shared" / "data" / "beijing-admitted-2022.csv"


def _r2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def _days_for(points: Decimal, per_year: Decimal) -> int:
    """Smallest whole number of days whose points at `per_year` round to `points`."""
    d = int(((points - Decimal("0.005")) * 365 / per_year).to_integral_value(rounding="ROUND_CEILING"))
    d = max(d, 0)
    while _r2(Decimal(d) * per_year / 365) < points:
        d += 1
    if _r2(Decimal(d) * per_year / 365) != points:
        raise ValueError(f"no whole number of days gives {points}")
    return d


def _overlap_months(deduction: Decimal) -> int:
    m = int((-deduction * 12 / Decimal("3.5")).to_integral_value(rounding=ROUND_HALF_UP))
    if _r2(-Decimal(m) * Decimal("3.5") / 12) != deduction:
        raise ValueError(f"no whole number of months gives {deduction}")
    return m


def _relocation(points: int) -> tuple[int, int]:
    """(residence-only years, job-and-residence years) with 2a + 3b = points."""
    if points == 1:
        raise ValueError("1 point of job/residence location cannot be reached (2 and 3 a year)")
    b, r = divmod(points, 3)
    return {0: (0, b), 1: (2, b - 1), 2: (1, b)}[r]


def facts_for_row(row: dict, round_year: int) -> dict:
    """Facts (API vocabulary) whose score under Beijing 2020 is exactly this row's items."""
    v = {k: Decimal(row[k]) for k in ITEM_COLUMNS}
    if v["employment"] % Decimal("0.25"):
        raise ValueError("employment points are not a whole number of months")
    si_months = int(v["employment"] * 4)
    owned = _days_for(v["residence"], Decimal(1))
    education, degree = EDUCATION[v["education"]]
    a, b = _relocation(int(v["job_residence_area"]))
    age = AGE_POINTS.get(v["age"], 50)
    born = dt.date(round_year - 2 - age, 6, 15)
    if v["law_record"] % 30:
        raise ValueError("law-record points are not a multiple of -30")
    return {
        "birth_date": born.isoformat(), "sex": "male", "holds_residence_permit": True,
        "social_insurance_months": si_months, "residence_owned_days": owned, "residence_rented_days": 0,
        "education": education, "degree": degree, "study_overlap_months": _overlap_months(v["study_deduction"]),
        "relocated_residence_years": a, "relocated_job_and_residence_years": b,
        "beijing_innovation_points": int(v["innovation"]), "income_tax_years_over_100k": int(v["tax"] / 2),
        "honour": v["honours"] > 0, "administrative_detentions": int(-v["law_record"] / 30),
        "criminal_record": False,
    }


def read_list(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
