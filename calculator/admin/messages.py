"""The console's words for what versions.py reports (VersionError codes), for actions, states
and the parts of a scheme. The core's scheme problems have their table in wording/problems.py."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

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
    "yaml_key": _l("The YAML has a key that is not text, such as a date: put that key in quotes."),
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
