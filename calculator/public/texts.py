"""Translated labels the public pages need beyond the data's own zh/en texts (lazy, for Babel)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

TIER_ORDER = ("points", "relaxed", "no_restriction")

TIER_NAMES = {
    "points": _l("Points scheme"),
    "relaxed": _l("Relaxed conditions"),
    "no_restriction": _l("No restriction"),
}

TIER_MEANING = {
    "points": _l("Over 5 million urban residents: settlement is by points (积分落户). You collect points "
                 "for social insurance, residence and other items, and places go to the highest scores."),
    "relaxed": _l("3 to 5 million urban residents: settlement conditions are relaxed. You settle by meeting "
                  "the listed conditions, such as years of social insurance, not by a score."),
    "no_restriction": _l("Under 3 million urban residents: settlement restrictions are removed. "
                         "A job or a home in the city is generally enough."),
}

# A city's own decision, compared with the tier the national opinion gives it.
ROUTE_NAMES = {
    "points": _l("points scheme"),
    "services_points": _l("points for public services, not hukou"),
    "conditions": _l("settlement by conditions"),
    "open": _l("open settlement"),
}
ROUTE_AS_TIER = {"points": "points", "services_points": "points", "conditions": "relaxed",
                 "open": "no_restriction"}

SCHEME_STATUS = {
    "values_not_found": _l("This city settles by points, but its published point values were not found, "
                           "so it cannot be calculated here yet."),
    "not_applicable": _l("This city does not settle by points, so there is nothing to calculate: "
                         "check its conditions with the official source."),
    "encoded": _l("This city's points scheme is not available in this calculator yet."),
}

SECTION_ORDER = ("personal", "social_insurance", "residence", "education", "other")
SECTION_OF = {"personal": "personal", "social_insurance": "social_insurance", "residence": "residence",
              "education": "education", "skills": "education"}
SECTION_NAMES = {
    "personal": _l("About you"),
    "social_insurance": _l("Social insurance"),
    "residence": _l("Residence"),
    "education": _l("Education and skills"),
    "other": _l("Other"),
}

RELIABILITY = {
    "P": _l("primary text"),
    "D": _l("derived from official published lists"),
    "S": _l("secondary source"),
    "T": _l("third-party code"),
    "U": _l("not verified"),
}

UNIT_NAMES = {"month": _l("months"), "day": _l("days"), "year": _l("years"), "point": _l("points")}
SINCE_LABELS = {"month": _l("Number of months"), "day": _l("Number of days")}

# Problems found by the pages themselves (start dates); the core's codes go through i18n.field_message.
PAGE_MESSAGES = {
    "since_not_a_date": _l("Enter the start date as 2015-03-01, 2015-3 or 2015年3月 (a month alone counts from its first day)."),
    "date_not_readable": _l("Enter a real date as 1990-05-31, 1990/5/31, 1990.5 or 1990年5月 (a month alone means its first day)."),
    "since_after_as_of": _l("The start date must be on or before the application date (%(date)s)."),
    "both_given": _l("Enter either the number or the start date, not both."),
    "periods_and_count": _l("You entered periods for this too: leave the number and start date empty, or the periods."),
    "period_not_a_date": _l("Period %(n)s: enter a date as 2019-03-15, 2019-3 or 2019年3月."),
    "period_after_as_of": _l("Period %(n)s: the end must be on or before the application date (%(date)s); leave it empty if it goes on."),
    "period_reversed": _l("Period %(n)s: the start is after the end."),
    "period_kind_missing": _l("Period %(n)s: choose owned or rented."),
    "periods_overlap": _l("Period %(n)s overlaps period %(other)s: the same time cannot count twice."),
}
