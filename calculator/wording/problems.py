"""The one table of sentences for the core's scheme problems (core/problems.py), zh and en.

Each code maps to a Babel message filled with the problem's parameters; officials read them in
the console's language, `flask schemes check` in English. tests/test_problems.py checks that
every code the core can give has a sentence here.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..core.problems import Problem

SCHEME_PROBLEMS = {
    # numbers (core/numbers.to_decimal)
    "boolean_not_number": _l("A yes/no value is not a number."),
    "not_finite": _l("%(value)s is not a finite number."),
    "not_a_number": _l("%(value)s is not a number: enter a number such as 3 or 0.5."),
    # rules
    "required": _l("This value is required."),
    "unknown_fact_here": _l("Unknown fact."),
    "unknown_fact": _l("Unknown fact %(name)s."),
    "wrong_fact_type": _l("The fact %(fact)s is of type %(type)s; this needs %(expected)s."),
    "not_a_duration": _l("The fact %(fact)s is not a duration (its unit is %(unit)s)."),
    "bad_granularity": _l("Must be unit, whole_month, full_year or half_year."),
    "whole_month_needs_days": _l("whole_month needs a fact counted in days."),
    "tier_not_above": _l("Must be a whole number above the previous tier."),
    "needs_tier": _l("Needs at least one tier."),
    "needs_component": _l("Needs at least one component."),
    "not_places": _l("Must be a whole number from 0 to 4."),
    "not_a_choice_value": _l("%(value)s is not a choice of %(fact)s."),
    "not_a_condition": _l("The fact %(fact)s (type %(type)s) cannot be a lookup condition."),
    "needs_condition": _l("Needs at least one condition."),
    "needs_row": _l("Needs at least one row."),
    "not_a_choice": _l("Not a choice of %(fact)s."),
    "needs_map": _l("A choice fact needs a map of points per choice."),
    "needs_term": _l("Needs at least one term."),
    "not_whole": _l("Must be a whole number."),
    "bad_basis": _l("Must be completed or started."),
    "bracket_not_above": _l("Must be a whole number above the previous bracket."),
    "needs_bracket": _l("Needs at least one bracket."),
    "needs_rule": _l("Needs at least one rule."),
    "bad_among": _l("Must be a whole number of at least 1, or give among_fact."),
    "needs_share": _l("Needs at least one share."),
    "needs_facts": _l("Must be a list of at least one fact."),
    "mixed_units": _l("Must all be counted in the same unit."),
    # schemes
    "scheme_not_mapping": _l("A scheme must be a mapping of keys to values."),
    "needs_zh_en": _l("Needs non-empty Chinese (zh) and English (en) texts."),
    "text_extra_keys": _l("Has keys besides zh and en: put a text that contains a comma in quotes."),
    "not_a_date": _l("Is not a date (YYYY-MM-DD)."),
    "before_effective_from": _l("Is before effective_from."),
    "unknown_source": _l("Unknown source %(ref)s: use the id of one of the scheme's sources."),
    "not_a_mapping": _l("Must be a mapping."),
    "not_a_list": _l("Must be a list."),
    "needs_integer_test": _l("Needs a whole-number fact and a whole-number value."),
    "needs_boolean_fact": _l("Needs a yes/no fact."),
    "needs_age_limits": _l("Needs whole-number ages for male and female, or for all."),
    "needs_test": _l("Needs at least one test."),
    "unknown_test_type": _l("Must be at_least, at_most, is_true, is_false, age_below, below_retirement_age, "
                            "any_of or all_of."),
    "not_worker_or_cadre": _l("Must be worker or cadre."),
    "needs_retirement_category": _l("Needs the fact retirement_category."),
    "needs_id": _l("Needs an id."),
    "needs_source": _l("A scheme must cite at least one source."),
    "only_half_up": _l("Only half_up rounding is supported."),
    "duplicate_item": _l("Duplicate item id %(id)s: item ids must be unique."),
    "not_found_needs_flag": _l("Must be true for a not_found rule."),
    "needs_item": _l("A scheme needs at least one item."),
    "not_a_year": _l("Must be a year."),
    "cannot_evaluate": _l("Cannot be evaluated (%(error)s): check the values of this rule."),
    "malformed": _l("The document is malformed (%(error)s)."),
    "not_one_of": _l("Must be one of: %(values)s."),
}


def problem_text(problem: Problem, gettext=None) -> str:
    """A problem in the request's language, or through `gettext` (i18n.translator(lang)) when
    given. A sentence the core gave but no code stands for yet is shown as it is."""
    if problem.code == "unexplained":
        return problem.params["text"]
    template = SCHEME_PROBLEMS[problem.code]
    text = gettext(template) if gettext else str(template)
    return text % problem.params if problem.params else text


def problem_lines(problems, gettext=None, where=None) -> list[str]:
    """`where: sentence` for each (path, problem); `where` turns a path into words if given."""
    return [f"{where(p) if where else p}: {problem_text(m, gettext)}" if p else problem_text(m, gettext)
            for p, m in problems]
