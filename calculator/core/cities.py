"""Cities and the tier the 2019 national opinion gives them by urban permanent population.

Under 3 million: settlement restrictions removed (`unrestricted`); 3-5 million: conditions
relaxed; over 5 million: points. Where a census figure was not found, the census classification
(super, mega, type I) decides the tier; a city's own decision (route) is shown beside it with its
source, and leads where the city chose another route than its tier (route_basis "local").

The registry is every prefecture-level division (divisions.yaml). The 35 cities of 3 million or
more are described in cities.yaml with their sources; every other division is not on the census
list of those 35 and so is under 3 million (registry.yaml says why), with the national rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .numbers import to_decimal

CENSUS_CLASSES = {"super": "points", "mega": "points", "type_i": "relaxed", "under_3m": "unrestricted"}
ROUTES = ("points", "services_points", "conditions", "open")
ROUTE_BASES = ("local", "tier")  # the city's own decision, found with a source; or only its tier
SCHEME_STATUSES = ("encoded", "values_not_found", "not_applicable")
TIERS = ("unrestricted", "relaxed", "points")


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
    route_basis: str = "local"
    code: str | None = None  # GB/T 2260
    kind: str | None = None  # 直辖市, 地级市, 地区, 自治州, 盟
    portal: str | None = None  # the provincial government's official portal
    search_keys: tuple[str, ...] = field(default=(), compare=False)  # pinyin, initials, other names

    @property
    def tier(self) -> str:
        """The national opinion's tier: from the census figure, else the census classification."""
        p = self.urban_population_10k
        if p is None:
            return CENSUS_CLASSES[self.census_class]
        if p < 300:
            return "unrestricted"
        return "relaxed" if p <= 500 else "points"


def _check(d: dict, where: str) -> None:
    if d.get("census_class") not in CENSUS_CLASSES:
        raise ValueError(f"{where}: census_class must be one of {', '.join(CENSUS_CLASSES)}")
    if d.get("route") not in ROUTES:
        raise ValueError(f"{where}: route must be one of {', '.join(ROUTES)}")
    if d.get("route_basis", "local") not in ROUTE_BASES:
        raise ValueError(f"{where}: route_basis must be one of {', '.join(ROUTE_BASES)}")
    if d.get("scheme_status") not in SCHEME_STATUSES:
        raise ValueError(f"{where}: scheme_status must be one of {', '.join(SCHEME_STATUSES)}")
    for key in ("name", "province", "route_note"):
        if not all(isinstance(d.get(key, {}).get(l), str) and d[key][l] for l in ("zh", "en")):
            raise ValueError(f"{where}: {key} needs zh and en")
        if set(d[key]) - {"zh", "en"}:
            raise ValueError(f"{where}: {key} has keys besides zh and en (quote texts with commas)")


def _city(d: dict, division: dict | None = None, province: dict | None = None) -> City:
    pop = d.get("urban_population_10k")
    extra = {}
    if division is not None:
        keys = (division["pinyin"].replace(" ", ""), division["initials"], division["full"],
                division.get("en_pinyin", "").casefold(), province["zh"], province["en"].casefold(), province["id"])
        extra = {"code": division["code"], "kind": division["kind"], "portal": province["portal"],
                 "search_keys": tuple(k for k in keys if k)}
    return City(d["id"], d["name"], d["province"], d["census_class"],
                None if pop is None else to_decimal(pop, "urban_population_10k"),
                d.get("population_source") or {}, d["route"], d["route_note"],
                tuple(d.get("route_sources") or ()), d["scheme_status"], d.get("official_source"),
                d.get("scheme_gap"), d.get("route_basis", "local"), **extra)


def load_cities(docs: list[dict]) -> dict[str, City]:
    """cities.yaml alone: the 35 cities of 3 million or more, with their sources."""
    cities = {}
    for i, d in enumerate(docs):
        where = f"cities[{i}] ({d.get('id')})"
        _check(d, where)
        if d["id"] in cities:
            raise ValueError(f"{where}: duplicate id")
        cities[d["id"]] = _city(d)
    return cities


def _national(div: dict, prov: dict, texts: dict) -> dict:
    """A division cities.yaml does not describe: under 3 million, the national rule."""
    name = {"zh": div["zh"], "en": div["en"]}
    return {"id": div["id"], "name": name, "province": {"zh": prov["zh"], "en": prov["en"]},
            "census_class": "under_3m", "urban_population_10k": None,
            "population_source": texts["under_3m_source"], "route": "open", "route_basis": "tier",
            "route_note": {l: texts["under_3m_note"][l].format(name=name[l]) for l in ("zh", "en")},
            "route_sources": [texts["national_opinion"]], "scheme_status": "not_applicable",
            "official_source": None}


def load_registry(docs: list[dict], divisions: dict, texts: dict) -> dict[str, City]:
    """Every division: the described cities first (in cities.yaml's order), then the others by
    code. Every described city must be a division; every id is unique."""
    described = {d["id"]: d for d in docs}
    load_cities(docs)  # checks the described cities
    provinces = {p["id"]: p for p in divisions["provinces"]}
    by_id = {}
    for div in divisions["divisions"]:
        if div["id"] in by_id:
            raise ValueError(f"divisions: duplicate id {div['id']}")
        by_id[div["id"]] = div
    missing = set(described) - set(by_id)
    if missing:
        raise ValueError(f"cities.yaml: not in divisions.yaml: {', '.join(sorted(missing))}")
    order = list(described) + [i for i in by_id if i not in described]
    cities = {}
    for cid in order:
        div = by_id[cid]
        prov = provinces[div["province"]]
        d = described.get(cid) or _national(div, prov, texts)
        _check(d, f"city {cid}")
        cities[cid] = _city(d, div, prov)
    return cities
