"""The statutory retirement age (法定退休年龄), one rule for every condition and projection.

Source (primary): 《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》 of
2024-09-13, in force 2025-01-01 (Decision Art. 1 and Art. 5), and the 《国务院关于渐进式延迟法定
退休年龄的办法》 it approves (Decision Art. 4), whose Art. 1 reads: from 2025-01-01, for men and for
women whose original age is 55 the statutory age is delayed one month every four months, up to 63
and 58; for women whose original age is 50, one month every two months, up to 55. Its annexes 1-3
(对照表) count the months by month of birth: the first cohort is the one that would have reached
the original age in January 2025 (men born 1965-01 to 1965-04: 60 and 1 month, retiring 2025-02
to 2025-05), and the last step is reached by men born from 1976-09, women (original 55) born from
1981-09 and women (original 50) born from 1984-11.

Earlier cohorts keep the original ages: men 60, women 50 (workers, 工人) or 55 (cadres, 干部 /
managerial and technical posts). A woman whose category is unknown is taken as a worker, the
earlier age, so a missing answer can make a condition fail (and be reported unanswered by the
caller), never wrongly pass.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

CATEGORIES = ("worker", "cadre")
DEFAULT_CATEGORY = "worker"


@dataclass(frozen=True)
class Group:
    """One of the three groups of the 办法's Art. 1 and annex tables."""
    key: str
    original_years: int
    first_cohort: tuple[int, int]  # (year, month) of birth: the first month delayed
    months_of_birth_per_step: int  # 每四个月 / 每二个月 延迟一个月
    max_delay_months: int          # up to 63 (36 months), 58 (36) or 55 (60)
    table: str                     # which annex table

    def delay_months(self, born: dt.date) -> int:
        since = (born.year - self.first_cohort[0]) * 12 + born.month - self.first_cohort[1]
        if since < 0:
            return 0
        return min(since // self.months_of_birth_per_step + 1, self.max_delay_months)


GROUPS = {
    "male": Group("male", 60, (1965, 1), 4, 36, "附件1 男职工延迟法定退休年龄对照表"),
    "female_cadre": Group("female_cadre", 55, (1970, 1), 4, 36,
                          "附件2 原法定退休年龄五十五周岁的女职工延迟法定退休年龄对照表"),
    "female_worker": Group("female_worker", 50, (1975, 1), 2, 60,
                           "附件3 原法定退休年龄五十周岁的女职工延迟法定退休年龄对照表"),
}


class Retirement(NamedTuple):
    """When one person reaches the statutory retirement age (a named tuple: a projection asks
    for it every year it looks at)."""
    group: Group
    age_months: int       # statutory age in months (e.g. 721 = 60 years 1 month)
    delay_months: int     # months added by the 2024 decision (0 for earlier cohorts)
    date: dt.date         # the day the age is reached

    @property
    def years(self) -> int:
        return self.age_months // 12

    @property
    def months(self) -> int:
        return self.age_months % 12


def group_for(sex: str, category: str | None) -> Group:
    if sex == "male":
        return GROUPS["male"]
    if sex != "female":
        raise ValueError(f"sex must be male or female, not {sex!r}")
    cat = DEFAULT_CATEGORY if category is None else category
    if cat not in CATEGORIES:
        raise ValueError(f"category must be worker or cadre, not {category!r}")
    return GROUPS[f"female_{cat}"]


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later; the month's last day when it has no such day
    (born 31 January: 31 March, 30 April)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    day = d.day
    if day > 28:  # only then can the month be too short (a table, not calendar.monthrange: a
        # projection asks for a retirement date at every row it checks)
        last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
        day = min(day, last)
    return dt.date(year, month, day)


def retirement(birth_date: dt.date, sex: str, category: str | None) -> Retirement:
    g = group_for(sex, category)
    delay = g.delay_months(birth_date)
    age = g.original_years * 12 + delay
    return Retirement(g, age, delay, add_months(birth_date, age))


def retirement_age_months(birth_date: dt.date, sex: str, category: str | None) -> int:
    """The statutory retirement age in months (60 years = 720)."""
    return retirement(birth_date, sex, category).age_months


def retirement_date(birth_date: dt.date, sex: str, category: str | None) -> dt.date:
    """The day the person reaches the statutory retirement age: under it before that day."""
    return retirement(birth_date, sex, category).date


def retirement_of(facts: dict) -> dt.date | None:
    """The projection's stop (core.decision.RetirementRule): the statutory retirement date from
    validated facts, or None without a birth date and sex. A woman's blank category takes the
    default (the earlier age), as everywhere."""
    born, sex = facts.get("birth_date"), facts.get("sex")
    if not isinstance(born, dt.date) or sex not in ("male", "female"):
        return None
    category = facts.get("retirement_category")
    return retirement_date(born, sex, category if category in CATEGORIES else None)
