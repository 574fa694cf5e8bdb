"""Translated labels the public pages need beyond the data's own zh/en texts (lazy, for Babel)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

TIER_ORDER = ("points", "relaxed", "unrestricted")

# The tiers of the 2019 national opinion, named by what decides them (population), so that a city
# whose own rule differs is never labelled as if it followed its tier.
TIER_NAMES = {
    "points": _l("Over 5 million: points tier"),
    "relaxed": _l("3 to 5 million: relaxed conditions"),
    "unrestricted": _l("Under 3 million: no restriction"),
}

# What the opinion asks of each tier: the rule, not a description of any one city.
TIER_MEANING = {
    "points": _l("The 2019 national opinion asks cities of over 5 million urban residents to keep and improve "
                 "settlement by points: points for social insurance, residence and other items, with most "
                 "weight on years of social insurance and residence, and places to the highest scores."),
    "relaxed": _l("The 2019 national opinion requires cities of 3 to 5 million urban residents to fully relax "
                  "their settlement conditions: you settle by meeting the city's conditions, such as a stable "
                  "job, a legal home and years of social insurance, not by a score."),
    "unrestricted": _l("The 2019 national opinion removes all settlement restrictions in cities of under 3 million "
                       "urban residents: a job or a home in the city is generally enough."),
}

# For a city whose route comes from its tier alone: what to check, and where.
TIER_ONLY_CHECK = {
    "points": _l("No points scheme of this city was found: it is in the points tier only because of its "
                 "population. Check whether it runs a points scheme or settles people by conditions, and if "
                 "so its current rules, with the household registration (户籍) office of the city's public "
                 "security bureau or on the government portal below."),
    "relaxed": _l("This city's own conditions were not found. Under the relaxed tier they are usually a stable "
                  "job or business, a legal home (owned or rented) and a number of years of social insurance. "
                  "Check the current list and the documents to bring with the household registration (户籍) "
                  "office of the city's public security bureau or on the government portal below."),
    "unrestricted": _l("Check the documents for moving your hukou (户口迁移), usually your ID card, "
                       "hukou booklet and proof of a job or a home in the city, at the local police station's "
                       "household registration desk or on the government portal below."),
}

# A city's own decision, compared with the tier the national opinion gives it.
ROUTE_NAMES = {
    "points": _l("points scheme"),
    "services_points": _l("points for public services, not hukou"),
    "conditions": _l("settlement by conditions"),
    "open": _l("open settlement"),
}
ROUTE_AS_TIER = {"points": "points", "services_points": "points", "conditions": "relaxed",
                 "open": "unrestricted"}

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
