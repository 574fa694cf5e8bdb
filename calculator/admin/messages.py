"""The console's words for what the core and versions.py report.

The core reports scheme problems as English strings with a path (SchemeError.problems); each
pattern below matches one message shape used in calculator/core/rules.py and schemes.py and gives
a Babel template filled with the captured values, so officials read them in their language. An
unknown message falls back to its English text. tests/test_admin_messages.py checks that every
message the core can produce is matched here.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

_WHAT = r"(?P<what>[\w.\[\]]+)"

# (regex, template): the first full match wins; captured groups fill the template.
PROBLEM_PATTERNS: list[tuple[re.Pattern, object]] = [(re.compile(rx), tpl) for rx, tpl in (
    # numbers (core/numbers.to_decimal, raised through rules._num and schemes)
    (rf"^{_WHAT}: a boolean is not a number$", _l("A yes/no value is not a number.")),
    (rf"^{_WHAT}: (?P<value>.+) is not a finite number$", _l("%(value)s is not a finite number.")),
    (rf"^{_WHAT}: (?P<value>.+) is not a number$", _l("%(value)s is not a number: enter a number such as 3 or 0.5.")),
    # rules.py
    (r"^is required$", _l("This value is required.")),
    (r"^unknown fact$", _l("Unknown fact.")),
    (r"^unknown fact (?P<name>.+)$", _l("Unknown fact %(name)s.")),
    (r"^fact (?P<fact>\S+) is (?P<type>\w+), expected (?P<expected>\S+)$",
     _l("The fact %(fact)s is of type %(type)s; this needs %(expected)s.")),
    (r"^fact (?P<fact>\S+) is not a duration \(unit (?P<unit>[^)]*)\)$",
     _l("The fact %(fact)s is not a duration (its unit is %(unit)s).")),
    (r"^must be unit, whole_month, full_year or half_year$",
     _l("Must be unit, whole_month, full_year or half_year.")),
    (r"^whole_month needs a fact counted in days$", _l("whole_month needs a fact counted in days.")),
    (r"^must be a whole number above the previous tier$", _l("Must be a whole number above the previous tier.")),
    (r"^needs at least one tier$", _l("Needs at least one tier.")),
    (r"^needs at least one component$", _l("Needs at least one component.")),
    (r"^must be a whole number from 0 to 4$", _l("Must be a whole number from 0 to 4.")),
    (r"^(?P<value>.+) is not a choice of (?P<fact>\S+)$", _l("%(value)s is not a choice of %(fact)s.")),
    (r"^fact (?P<fact>\S+) of type (?P<type>\w+) cannot be a lookup condition$",
     _l("The fact %(fact)s (type %(type)s) cannot be a lookup condition.")),
    (r"^needs at least one condition$", _l("Needs at least one condition.")),
    (r"^needs at least one row$", _l("Needs at least one row.")),
    (r"^not a choice of (?P<fact>\S+)$", _l("Not a choice of %(fact)s.")),
    (r"^a choice fact needs a map$", _l("A choice fact needs a map of points per choice.")),
    (r"^needs at least one term$", _l("Needs at least one term.")),
    (r"^must be a whole number$", _l("Must be a whole number.")),
    (r"^must be completed or started$", _l("Must be completed or started.")),
    (r"^must be a whole number above the previous bracket$",
     _l("Must be a whole number above the previous bracket.")),
    (r"^needs at least one bracket$", _l("Needs at least one bracket.")),
    (r"^needs at least one rule$", _l("Needs at least one rule.")),
    (r"^must be a whole number of at least 1, or give among_fact$",
     _l("Must be a whole number of at least 1, or give among_fact.")),
    (r"^needs at least one share$", _l("Needs at least one share.")),
    (r"^must be a list of at least one fact$", _l("Must be a list of at least one fact.")),
    (r"^must all be counted in the same unit$", _l("Must all be counted in the same unit.")),
    # schemes.py
    (r"^a scheme must be a mapping$", _l("A scheme must be a mapping of keys to values.")),
    (r"^needs non-empty zh and en texts$", _l("Needs non-empty Chinese (zh) and English (en) texts.")),
    (r"^is not a date \(YYYY-MM-DD\)$", _l("Is not a date (YYYY-MM-DD).")),
    (r"^is before effective_from$", _l("Is before effective_from.")),
    (r"^unknown source (?P<ref>.+)$", _l("Unknown source %(ref)s: use the id of one of the scheme's sources.")),
    (r"^must be a mapping$", _l("Must be a mapping.")),
    (r"^needs an integer fact and a whole-number value$",
     _l("Needs a whole-number fact and a whole-number value.")),
    (r"^needs a boolean fact$", _l("Needs a yes/no fact.")),
    (r"^needs whole-number ages for male/female or all$",
     _l("Needs whole-number ages for male and female, or for all.")),
    (r"^needs at least one test$", _l("Needs at least one test.")),
    (r"^must be at_least, at_most, is_true, is_false, age_below, below_retirement_age, any_of or all_of$",
     _l("Must be at_least, at_most, is_true, is_false, age_below, below_retirement_age, any_of or all_of.")),
    (r"^must be worker or cadre$", _l("Must be worker or cadre.")),
    (r"^needs the fact retirement_category$", _l("Needs the fact retirement_category.")),
    (r"^needs an id$", _l("Needs an id.")),
    (r"^a scheme must cite at least one source$", _l("A scheme must cite at least one source.")),
    (r"^only half_up is supported$", _l("Only half_up rounding is supported.")),
    (r"^duplicate item id (?P<id>.+)$", _l("Duplicate item id %(id)s: item ids must be unique.")),
    (r"^must be true for a not_found rule$", _l("Must be true for a not_found rule.")),
    (r"^a scheme needs at least one item$", _l("A scheme needs at least one item.")),
    (r"^must be a year$", _l("Must be a year.")),
    (r"^must be a list$", _l("Must be a list.")),
    (r"^has keys besides zh and en: quote a text that contains a comma$",
     _l("Has keys besides zh and en: put a text that contains a comma in quotes.")),
    (r"^cannot be evaluated \((?P<error>\w+)\)$",
     _l("Cannot be evaluated (%(error)s): check the values of this rule.")),
    (r"^malformed document \((?P<error>.+)\)$", _l("The document is malformed (%(error)s).")),
    # generic last: "must be one of P, D, S, T, U" and the like
    (r"^must be one of (?P<values>.+)$", _l("Must be one of: %(values)s.")),
)]


def match_problem(message: str):
    """(template, params) for a core message, or (None, {}) when no pattern fits."""
    for rx, tpl in PROBLEM_PATTERNS:
        m = rx.match(message)
        if m:
            params = {k: v for k, v in m.groupdict().items() if k != "what"}
            return tpl, params
    return None, {}


def problem_text(message: str) -> str:
    """A core problem message in the current language (English text if no pattern fits)."""
    tpl, params = match_problem(message)
    if tpl is None:
        return message
    return str(tpl) % params if params else str(tpl)


VERSION_ERRORS = {
    "stale_draft": _l("Someone else saved this draft after you opened it, so your changes were not saved. "
                      "They are kept below: check what was saved, then save again to apply yours on top."),
    "not_a_draft": _l("This draft no longer exists: it may have been published or discarded."),
    "bad_label": _l("Use 1 to 31 letters, digits, dots, hyphens or underscores, starting with a letter or digit."),
    "label_taken": _l("The version %(id)s already exists: choose another label."),
    "date_taken": _l("The published version %(id)s already starts on that date: choose another date."),
    "no_version_in_force": _l("No version of this city is in force today: start a draft from a published "
                              "version below, or import a YAML file."),
    "not_published": _l("Only a published version can be rolled back to."),
    "not_comparable": _l("Choose two versions of this city."),
    "yaml_syntax": _l("The YAML could not be read: check line %(line)s."),
    "yaml_not_mapping": _l("The YAML must be a scheme document: a mapping of keys to values."),
    "yaml_alias": _l("The YAML uses an alias (*name) at line %(line)s. Scheme documents cannot use aliases: "
                     "write the values out in full."),
    "yaml_depth": _l("The YAML is nested too deeply at line %(line)s: a scheme document is never this deep."),
    "yaml_size": _l("The YAML is too long to be a scheme document."),
    "database_not_empty": _l("The database already holds scheme versions."),
    "just_published": _l("This draft was published or discarded a moment ago, by you in another tab or "
                         "by a colleague: nothing more was changed. See the history for what is in force."),
    "needs_confirmation": _l("Tick the box to confirm that you publish this draft despite what is said above."),
    "needs_reason": _l("Write why this draft is published despite what is said above: the reason is kept in the "
                       "audit log and shown in the history."),
    "reason_too_long": _l("Keep the reason to at most %(max)s characters."),
    "busy": _l("Someone else changed this city's schemes at the same moment, so nothing was changed. "
               "Reload the page and try again."),
}


def version_error_text(err) -> str:
    tpl = VERSION_ERRORS.get(err.code)
    if tpl is None:
        return _("The change was refused (%(code)s).", code=err.code)
    return str(tpl) % err.params if "%(" in str(tpl) else str(tpl)


ACTIONS = {
    "draft_started": _l("Draft started"),
    "draft_saved": _l("Draft saved"),
    "draft_imported": _l("Draft imported from YAML"),
    "draft_discarded": _l("Draft discarded"),
    "rollback_started": _l("Rollback started"),
    "published": _l("Published"),
}

STATUSES = {"draft": _l("Draft"), "published": _l("Published")}
STATES = {"draft": _l("Draft"), "in_force": _l("In force today"), "scheduled": _l("Scheduled"),
          "earlier": _l("Earlier")}

CATEGORIES = {
    "social_insurance": _l("Social insurance"), "residence": _l("Residence"), "education": _l("Education"),
    "skills": _l("Skills"), "age": _l("Age"), "location": _l("Location"), "innovation": _l("Innovation"),
    "tax": _l("Tax"), "honours": _l("Honours"), "family": _l("Family"), "public_service": _l("Public service"),
    "deduction": _l("Deduction"), "other": _l("Other"),
}

RELIABILITY = {
    "P": _l("P: primary source (the official text)"),
    "D": _l("D: derived from official data"),
    "S": _l("S: secondary source"),
    "T": _l("T: third party, unverified"),
    "U": _l("U: unknown, unverified"),
}

# the words for a number's key in a rule, shown beside the path
KEY_LABELS = {
    "per_year": _l("Points per year"), "per_unit": _l("Points per unit"), "points": _l("Points"),
    "cap": _l("Cap (maximum)"), "floor": _l("Floor (minimum)"), "otherwise": _l("Otherwise"),
    "max_age": _l("Up to age"), "min_age": _l("Minimum age"), "up_to": _l("Up to"), "value": _l("Value"),
    "year_offset": _l("Year offset"), "cap_round_up_places": _l("Cap rounded up to places"),
    "at_least": _l("At least"), "male": _l("Men"), "female": _l("Women"), "all": _l("Everyone"),
    "round": _l("Round"), "cutoff": _l("Cutoff"), "admitted": _l("Admitted"),
    "total_floor": _l("Total floor"),
}

RULE_PARTS = {
    "rows": _l("row %(n)s"), "terms": _l("term %(n)s"), "components": _l("component %(n)s"),
    "tiers": _l("tier %(n)s"), "brackets": _l("age bracket %(n)s"), "rules": _l("part %(n)s"),
    "tests": _l("test %(n)s"),
}
