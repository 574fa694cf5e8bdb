"""Prerequisite tests of a scheme (at_least, at_most, is_true, is_false, age_below,
below_retirement_age, any_of, all_of), validated and compiled to (facts, as_of) -> (met, detail).

A projection checks its conditions at every row and needs only whether each is met, so some
tests carry a lean form too (see `lean`): `met_only(facts, as_of) -> bool`, and, for a test that
with its facts fixed is met only before one day, `met_until(facts) -> date` (the retirement date:
worked out once per projection, not at every row). Both agree with the full test by construction
and by test (tests/test_lean_conditions.py)."""
from __future__ import annotations

from typing import Any

from .facts import Vocabulary
from .problems import Problems
from .retirement import CATEGORIES as RETIREMENT_CATEGORIES, retirement
from .ruletypes.age import ager


def compile_test(spec: Any, path: str, vocab: Vocabulary, probs: Problems):
    """Compile a prerequisite test to (facts, as_of) -> (met, detail) and the facts it reads."""
    if not isinstance(spec, dict):
        probs.add(path, "not_a_mapping")
        return (lambda f, d: (True, {})), frozenset()
    kind = spec.get("type")
    fact = spec.get("fact")
    if kind in ("at_least", "at_most", "is_true", "is_false"):
        if fact not in vocab:
            probs.add(f"{path}.fact", "unknown_fact", name=repr(fact))
            return (lambda f, d: (True, {})), frozenset()
        if kind in ("at_least", "at_most"):
            if vocab[fact].type != "integer" or not isinstance(spec.get("value"), int):
                probs.add(path, "needs_integer_test")
                return (lambda f, d: (True, {})), frozenset({fact})
            value = spec["value"]
            if kind == "at_least":
                def at_least(f, d):
                    actual = f[fact]
                    return actual >= value, {"kind": kind, "fact": fact, "required": value, "actual": actual,
                                             "shortfall": value - actual if actual < value else 0}
                at_least.met_only = lambda f, d: f[fact] >= value
                return at_least, frozenset({fact})
            return (lambda f, d: (f[fact] <= value, {"kind": kind, "fact": fact, "required": value,
                                                     "actual": f[fact]})), frozenset({fact})
        if vocab[fact].type != "boolean":
            probs.add(f"{path}.fact", "needs_boolean_fact")
        want = kind == "is_true"
        return (lambda f, d: (bool(f[fact]) == want, {"kind": kind, "fact": fact})), frozenset({fact})
    if kind == "age_below":
        limits = spec.get("limits")
        if not isinstance(limits, dict) or not limits or \
                any(k not in ("male", "female", "all") or not isinstance(v, int) for k, v in limits.items()):
            probs.add(f"{path}.limits", "needs_age_limits")
            return (lambda f, d: (True, {})), frozenset()
        minimum = spec.get("min_age")
        age_of = ager(spec.get("reference", "as_of"), spec.get("year_offset", 0), "completed")

        def judged(f, d):
            """(met, the limit, the age): None for both where the sex has no limit."""
            limit = limits.get(f["sex"], limits.get("all"))
            if limit is None:
                return True, None, None
            age = age_of(f["birth_date"], d)
            return age < limit and (minimum is None or age >= minimum), limit, age

        def check(f, d):
            ok, limit, age = judged(f, d)
            if limit is None:
                return True, {}
            return ok, {"kind": kind, "fact": "birth_date", "required": limit, "actual": age,
                        "min_age": minimum}
        check.met_only = lambda f, d: judged(f, d)[0]
        return check, frozenset({"birth_date", "sex"})
    if kind == "below_retirement_age":
        return _below_retirement_age(spec, path, vocab, probs)
    if kind in ("any_of", "all_of"):
        subs = [compile_test(s, f"{path}.tests[{i}]", vocab, probs)
                for i, s in enumerate(spec.get("tests") or [])]
        if not subs:
            probs.add(f"{path}.tests", "needs_test")
        checks = tuple(s[0] for s in subs)
        join = any if kind == "any_of" else all

        def check(f, d):
            results = [c(f, d) for c in checks]
            return join(r[0] for r in results), {"kind": kind, "parts": [{**r[1], "met": r[0]} for r in results]}
        return check, frozenset().union(*(s[1] for s in subs)) if subs else frozenset()
    probs.add(f"{path}.type", "unknown_test_type")
    return (lambda f, d: (True, {})), frozenset()


def _below_retirement_age(spec: dict, path: str, vocab: Vocabulary, probs: Problems):
    """Under the statutory retirement age on the day asked (core.retirement: the 2024 NPCSC
    decision's month tables). A woman's original age comes from `retirement_category`, or from
    `female_category` where a scheme's own text fixes it (Wuhan: women 55)."""
    fixed = spec.get("female_category")
    if fixed is not None and fixed not in RETIREMENT_CATEGORIES:
        probs.add(f"{path}.female_category", "not_worker_or_cadre")
        fixed = None
    if fixed is None and "retirement_category" not in vocab:
        probs.add(path, "needs_retirement_category")
        return (lambda f, d: (True, {})), frozenset()

    def category_of(f):
        return (fixed or f.get("retirement_category")) if f["sex"] == "female" else None

    def check(f, d):
        sex = f["sex"]
        category = category_of(f)
        r = retirement(f["birth_date"], sex, category)
        met = d < r.date
        facts = ["birth_date", "sex"]
        if sex == "female" and not fixed:
            other = "cadre" if r.group.key == "female_worker" else "worker"
            if (d < retirement(f["birth_date"], sex, other).date) != met:
                facts.append("retirement_category")  # the answer decides it: blank is unanswered
        years, months = divmod(r.age_months, 12)  # r.years, r.months at once
        return met, {"kind": "below_retirement_age", "facts": facts,
                     "retirement_date": r.date, "retirement_age_months": r.age_months,
                     "years": years, "months": months, "delay_months": r.delay_months,
                     "category": category, "category_fixed": bool(fixed)}

    check.met_until = lambda f: retirement(f["birth_date"], f["sex"], category_of(f)).date
    return check, frozenset({"birth_date", "sex"} | ({"retirement_category"} if fixed is None else set()))


def lean(check):
    """(met_only, met_until) of a compiled test, each None where the test has no lean form."""
    return getattr(check, "met_only", None), getattr(check, "met_until", None)
