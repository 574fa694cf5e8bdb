"""Applicant pools: everyone who applied in a round, not only those admitted.

The official lists publish only the admitted (6,032 people in Beijing's 2020 round), but 122,852
applied. A draft that changes a weight can only let someone *enter* if the population holds the
people who were refused. This module draws a synthetic pool of that size from a simple model of
applicants, whose parameters were fitted (tools/fit_beijing_pool.py, seeded, reproducible) so
that, scored under the 2020 scheme, its top 6,032 reproduce the published 2020 cutoff (97.13)
and the published mean item values of the admitted (reference/city-schemes.md §3.5, from the
official list [D]). The fit of each item and every assumption are in POOLS[...].fit and
ASSUMPTIONS, shown on the console's simulation page and in docs/simulation.md.

The assumptions, each a modelling choice and not an observation, are ASSUMPTIONS below (zh and
en, like scheme data): the page and docs/simulation.md show them all.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np

from ..core.facts import Vocabulary
from .batch import I64, Population

ASSUMPTIONS = (
    {"en": "Everyone in the pool meets the prerequisites (residence permit, 7 years of social insurance, under the "
           "retirement age, no criminal record): the ineligible are refused before scoring.",
     "zh": "池中每个人都符合申请条件（居住证、7年社保、未到法定退休年龄、无刑事犯罪记录）：不符合条件的人在积分前已被拒绝。"},
    {"en": "Age on 31 December two years before the round is normal (mean and spread fitted), 24 to 57 for men and "
           "24 to 47 for women; 55% are men.",
     "zh": "申报年度前两年12月31日的年龄服从正态分布（均值和离散程度为拟合值），男性24至57岁、女性24至47岁；男性占55%。"},
    {"en": "Work starts at 19 without a degree course, 22 with a bachelor's, 25 with a master's and 28 with a "
           "doctorate. Years of social insurance are 7 plus a Gamma-distributed number of years (shape and scale "
           "fitted), plus a fitted number of years per year of age above 35 (fewer below), less a fitted number "
           "of years per step of education (those who studied longer started later), never more than the years "
           "worked.",
     "zh": "无本科学历者19岁开始工作，本科22岁，硕士25岁，博士28岁。社保年限为7年加一个服从伽马分布的年数（形状和尺度为拟合值），"
           "35岁以上每大一岁加一个拟合的年数（35岁以下相应减少），再按学历每高一级减去一个拟合的年数（读书越久工作越晚），且不超过工作年限。"},
    {"en": "A fitted share owns a home, for a Beta-distributed share of their insured years; the rest of the insured "
           "time is rented (the 2020 rules count undeclared time before them as rented).",
     "zh": "拟合比例的人拥有自有住房，其自有住房年限占社保年限的比例服从贝塔分布；其余社保时间按租住计算（2020年细则将此前未申报的时间按租住计）。"},
    {"en": "Education (none, associate, bachelor with degree, master with degree, doctorate with degree) in fitted "
           "shares; a fitted share of graduates has 1 to 48 months of study overlapping their insurance.",
     "zh": "学历（无、大专、本科加学士、硕士加硕士学位、博士加博士学位）按拟合比例分布；拟合比例的毕业生有1至48个月的学习期间与社保重叠。"},
    {"en": "A fitted share moved out of the six central districts since 2018 (at most 2 whole years by the 2020 "
           "round); each year job and home moved together with a fitted probability, else the home only.",
     "zh": "拟合比例的人自2018年起迁出城六区（至2020年度最多2个整年）；每年以拟合概率为就业地和居住地同时迁出，否则仅居住地迁出。"},
    {"en": "Years with income tax over 100,000 yuan in the last three, innovation points (2 to 12) and honours (20) "
           "in fitted shares; 0.2% have one administrative detention.",
     "zh": "近3年个人所得税达10万元的年数、创新创业分值（2至12分）和荣誉表彰（20分）按拟合比例分布；0.2%的人有一次行政拘留记录。"},
    {"en": "All of these are independent of each other except as said above. The pool is not a record of real people: "
           "it is a model whose top reproduces the published figures.",
     "zh": "除上文所述外，各项相互独立。该人群不是真实人员的记录，而是一个模型，其排名靠前部分再现了公布的数字。"},
)

EDUCATION = ("none", "associate", "bachelor", "master", "doctorate")
DEGREE = ("none", "none", "bachelor", "master", "doctorate")
WORK_START = np.array([19, 19, 22, 25, 28])


@dataclass(frozen=True)
class Model:
    """The fitted parameters (see tools/fit_beijing_pool.py)."""
    age_mean: float = 36.87
    age_sd: float = 5.37
    si_k: float = 30.0          # years of insurance beyond 7: Gamma(si_k, si_theta), at most the years worked
    si_theta: float = 0.25
    si_per_age: float = 0.157    # more insured years per year of age above 35 (fewer below), fitted
    si_per_edu: float = 0.74    # fewer insured years per step of education (a later start), fitted
    own: float = 0.768          # share owning a home
    own_a: float = 2.96        # Beta(own_a, own_b): share of the insured years in the owned home
    own_b: float = 1.2
    edu: tuple = (0.0983, 0.3869, 0.4043, 0.0784, 0.0001)
    overlap: float = 0.685     # share of graduates with study months overlapping insurance
    move: float = 0.615        # share who moved out of the central districts since 2018
    both: float = 0.405       # each such year, job and home moved (else home only)
    two_years: float = 0.568    # of those who moved, share with two whole years by the round
    tax: tuple = (0.8734, 0.084, 0.0163, 0.0265)
    innovation: float = 0.00623
    honour: float = 0.00029
    detention: float = 0.002
    men: float = 0.55


@dataclass(frozen=True)
class Pool:
    """A round's pool: its size and quota from the published figures, the model, and the fit."""
    id: str
    city: str
    round_year: int
    applicants: int
    quota: int
    cutoff: str                 # the published cutoff the fit aims at
    as_of: dt.date
    seed: int
    model: Model
    source: dict                # {zh, en}: where the applicant count and the targets come from
    illustrative: bool = False  # True: no published applicant count, a size chosen for illustration
    targets: dict = field(default_factory=dict)   # item id -> published mean among the admitted
    fit: dict = field(default_factory=dict)       # item id -> the pool's top mean (filled by the fit)


def draw(n: int, model: Model, seed: int, round_year: int, vocab: Vocabulary) -> Population:
    """n applicants under `model`, reproducibly from `seed` (numpy's PCG64)."""
    g = np.random.default_rng(seed)
    men = g.random(n) < model.men
    age = np.rint(g.normal(model.age_mean, model.age_sd, n)).astype(I64)
    age = np.clip(age, 24, np.where(men, 57, 47))
    edu = g.choice(5, size=n, p=np.array(model.edu) / sum(model.edu))
    worked = np.maximum(age + 2 - WORK_START[edu], 7).astype(float)   # years worked by the round
    extra = np.maximum(g.gamma(model.si_k, model.si_theta, n) - model.si_per_edu * edu
                       + model.si_per_age * (age - 35), 0)
    years = 7 + np.minimum(extra, worked - 7)
    si_months = np.maximum(np.rint(years * 12), 84).astype(I64)
    owns = g.random(n) < model.own
    owned_share = np.where(owns, g.beta(model.own_a, model.own_b, n), 0.0)
    insured_days = np.rint(si_months / 12 * 365)
    owned = np.rint(insured_days * owned_share).astype(I64)
    rented = (insured_days - owned).astype(I64)
    graduate = edu >= 2
    overlap = np.where(graduate & (g.random(n) < model.overlap), g.integers(1, 49, n), 0)
    overlap = np.minimum(overlap, si_months).astype(I64)
    moved = g.random(n) < model.move
    span = np.where(moved, np.where(g.random(n) < model.two_years, 2, 1), 0)
    both = g.binomial(span, model.both)
    tax_years = g.choice(4, size=n, p=np.array(model.tax) / sum(model.tax)).astype(I64)
    innovation = np.where(g.random(n) < model.innovation, g.choice([2, 4, 5, 6, 9, 12], n), 0).astype(I64)
    honour = (g.random(n) < model.honour).astype(I64)
    detention = (g.random(n) < model.detention).astype(I64)
    born_year = (round_year - 2) - age
    day_of_year = g.integers(0, 365, n)
    month_starts = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365])
    month = np.searchsorted(month_starts, day_of_year, side="right")
    day = day_of_year - month_starts[month - 1] + 1
    edu_rank, deg_rank = vocab["education"].rank, vocab["degree"].rank
    sex_index = vocab["sex"].rank
    cols = {
        "social_insurance_months": si_months,
        "residence_owned_days": owned, "residence_rented_days": rented,
        "education": np.array([edu_rank[v] for v in EDUCATION], dtype=I64)[edu],
        "degree": np.array([deg_rank[v] for v in DEGREE], dtype=I64)[edu],
        "study_overlap_months": overlap,
        "relocated_residence_years": (span - both).astype(I64),
        "relocated_job_and_residence_years": both.astype(I64),
        "income_tax_years_over_100k": tax_years,
        "beijing_innovation_points": innovation,
        "honour": honour, "administrative_detentions": detention,
        "tax_violations": np.zeros(n, dtype=I64),
        "birth_date.y": born_year.astype(I64), "birth_date.m": month.astype(I64), "birth_date.d": day.astype(I64),
        "sex": np.where(men, sex_index["male"], sex_index["female"]).astype(I64),
        "holds_residence_permit": np.ones(n, dtype=I64),
        "criminal_record": np.zeros(n, dtype=I64),
        # women are drawn at 47 or younger, so their retirement age (50 or 55, later for the
        # 2024 decision's cohorts) is never reached: the category decides nothing, stated as worker
        "retirement_category": np.full(n, vocab["retirement_category"].rank["worker"], dtype=I64),
    }
    return Population(n, cols)


# The fitted model and its fit (tools/fit_beijing_pool.py writes these numbers; a test checks them).
BEIJING_2020_MODEL = Model()
BEIJING_2020_TARGETS = {"employment": "47.78", "residence": "13.58", "education": "15.85",
                        "job_residence_area": "3.34", "tax": "0.92", "age": "19.38", "innovation": "0.17",
                        "honours": "0.06", "study_deduction": "-0.92", "total": "100.16"}

POOLS: dict[str, Pool] = {
    "beijing-applicants": Pool(
        "beijing-applicants", "beijing", 2020, 122_852, 6_032, "97.13", dt.date(2020, 6, 30), 2020,
        BEIJING_2020_MODEL,
        {"zh": "2020年度申报人数122,852人、落户6,032人、最低分值97.13及落户人员各项平均分值，均来自北京市公示名单[D]",
         "en": "2020 round: 122,852 applicants, 6,032 admitted, cutoff 97.13 and the admitted's mean item values, "
               "from Beijing's official list [D]"},
        targets=BEIJING_2020_TARGETS),
}


def pool(pool_id: str) -> Pool | None:
    return POOLS.get(pool_id)


def pool_for_city(city: str) -> Pool | None:
    return next((p for p in POOLS.values() if p.city == city), None)


def pool_population(p: Pool, vocab: Vocabulary, n: int | None = None) -> Population:
    return draw(n or p.applicants, p.model, p.seed, p.round_year, vocab)


def with_model(p: Pool, **changes) -> Pool:
    return replace(p, model=replace(p.model, **changes))


# --- the fit, as shown on the page and checked by the tests ------------------------------------

FIT_SCHEME = {"beijing-applicants": "beijing-2020"}
# Item values whose distribution the shipped 2022 list shows and whose rule did not change between
# the rounds (employment, residence and the job/residence area accrue over time, so their 2022
# values are not comparable with a 2020 pool).
DISTRIBUTION_ITEMS = ("education", "tax", "age", "honours")
_fits: dict = {}


def fit_report(p: Pool, policy) -> dict | None:
    """The pool's top (the quota) under the scheme it was fitted to, against the published
    figures: cutoff, each item's mean, and the shares of each value of the items the 2022 list
    shows comparably. Computed once per process."""
    scheme_id = FIT_SCHEME.get(p.id)
    if scheme_id is None or scheme_id not in policy.schemes:
        return None
    key = (p.id, id(policy))
    if key in _fits:
        return _fits[key]
    from .batch import BatchScheme
    from .simulate import cut
    scheme = policy.schemes[scheme_id]
    pop = pool_population(p, policy.vocab)
    items, total = BatchScheme(scheme, policy.vocab).score(pop, p.as_of)
    c, admitted = cut(total, p.quota)
    scale = 10 ** scheme.places
    ids = [it.id for it in scheme.items]
    means = {i: float(items[k][admitted].mean() / scale) for k, i in enumerate(ids)}
    means["total"] = float(total[admitted].mean() / scale)
    rows = [{"id": i, "published": float(t), "pool": round(means.get(i, 0.0), 2),
             "difference": round(means.get(i, 0.0) - float(t), 2)} for i, t in p.targets.items()]
    dist = []
    try:
        from ..populations.beijing_lists import LIST_PATH, read_list
        listed = read_list(LIST_PATH) if LIST_PATH.exists() else []
    except OSError:
        listed = []
    if listed:
        for i in DISTRIBUTION_ITEMS:
            k = ids.index(i)
            pool_vals = np.round(items[k][admitted] / scale, 2)
            list_vals = np.array([float(r[i]) for r in listed])
            for v in sorted(set(list_vals.tolist()) | set(pool_vals.tolist())):
                dist.append({"id": i, "value": f"{v:g}", "pool": float((pool_vals == v).mean()),
                             "list": float((list_vals == v).mean())})
    out = {"scheme": scheme_id, "cutoff": f"{c / scale:.2f}", "published_cutoff": p.cutoff,
           "admitted": int(admitted.sum()), "applicants": pop.n, "rows": rows, "distribution": dist,
           "list_rows": len(listed)}
    _fits[key] = out
    return out
