"""What a city's page says besides its scheme: where it is, its urban population and the source,
its sources in the page's language, and where to check (the government portal)."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.cities import City
from .sourcetitles import shown_title

KIND_NAMES = {"直辖市": _l("municipality"), "地级市": _l("prefecture-level city"), "地区": _l("prefecture"),
              "自治州": _l("autonomous prefecture"), "盟": _l("league")}
NATIONAL_PORTAL = "https://www.gov.cn/"


def population_text(c: City, lang: str) -> str:
    """The 2020 census figure as the source gives it (万人), in millions in English; else 'not found'."""
    p = c.urban_population_10k
    if p is None:
        return _("not found")
    if lang == "zh":
        return f"{p}万人"
    return _("%(n)s million", n=format(p / Decimal(100), "f"))


def source_view(s: dict, lang: str) -> dict:
    return {**s, "shown": shown_title(s, lang)}


def city_info(c: City, lang: str) -> dict:
    return {"kind": KIND_NAMES.get(c.kind or ""), "population": population_text(c, lang),
            "population_source": source_view(c.population_source, lang) if c.population_source else None,
            "route_sources": [source_view(s, lang) for s in c.route_sources],
            "official": source_view(c.official_source, lang) if c.official_source else None,
            "portal": c.portal, "national_portal": NATIONAL_PORTAL}
