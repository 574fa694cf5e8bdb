"""Cities and the tier the 2019 national opinion gives them by urban permanent population.

Under 3 million: settlement restrictions removed; 3-5 million: conditions relaxed; over 5
million: points. Where a census figure was not found, the census classification (super, mega,
type I) decides the tier; a city's own decision (route) is shown beside it with its source.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .numbers import to_decimal

CENSUS_CLASSES = {"super": "points", "mega": "points", "type_i": "relaxed"}
ROUTES = ("points", "services_points", "conditions", "open")
SCHEME_STATUSES = ("encoded", "values_not_found", "not_applicable")
TIERS = ("no_restriction", "relaxed", "points")


@dataclass(frozen=True)
class City:
    id: str
    name: dict[str, str]
    province: dict[str, str]
    census_class: str
    urban_population_10k: Decimal | None
    population_source: dict
    route: str
    route_note: dict[str, str]
    route_sources: tuple[dict, ...]
    scheme_status: str
    official_source: dict | None
    scheme_gap: dict[str, str] | None = None  # why an encoded city has no version in force

    @property
    def tier(self) -> str:
        """The national opinion's tier: from the census figure, else the census classification."""
        p = self.urban_population_10k
        if p is None:
            return CENSUS_CLASSES[self.census_class]
        if p < 300:
            return "no_restriction"
        return "relaxed" if p <= 500 else "points"


def load_cities(docs: list[dict]) -> dict[str, City]:
    cities = {}
    for i, d in enumerate(docs):
        where = f"cities[{i}] ({d.get('id')})"
        if d.get("census_class") not in CENSUS_CLASSES:
            raise ValueError(f"{where}: census_class must be one of {', '.join(CENSUS_CLASSES)}")
        if d.get("route") not in ROUTES:
            raise ValueError(f"{where}: route must be one of {', '.join(ROUTES)}")
        if d.get("scheme_status") not in SCHEME_STATUSES:
            raise ValueError(f"{where}: scheme_status must be one of {', '.join(SCHEME_STATUSES)}")
        for key in ("name", "province", "route_note"):
            if not all(isinstance(d.get(key, {}).get(l), str) and d[key][l] for l in ("zh", "en")):
                raise ValueError(f"{where}: {key} needs zh and en")
            if set(d[key]) - {"zh", "en"}:
                raise ValueError(f"{where}: {key} has keys besides zh and en (quote texts with commas)")
        pop = d.get("urban_population_10k")
        city = City(d["id"], d["name"], d["province"], d["census_class"],
                    None if pop is None else to_decimal(pop, "urban_population_10k"),
                    d.get("population_source") or {}, d["route"], d["route_note"],
                    tuple(d.get("route_sources") or ()), d["scheme_status"], d.get("official_source"),
                    d.get("scheme_gap"))
        if city.id in cities:
            raise ValueError(f"{where}: duplicate id")
        cities[city.id] = city
    return cities
