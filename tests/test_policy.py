"""Cities, tiers and scheme selection: what the national opinion implies for each city."""
import datetime as dt

from calculator.core.cities import City


def test_registry_holds_every_city_of_3_million_or_more(policy):
    classes = [c.census_class for c in policy.cities.values()]
    assert classes.count("super") == 7 and classes.count("mega") == 14 and classes.count("type_i") == 14


def test_tier_follows_population_then_classification():
    base = dict(id="x", name={"zh": "x", "en": "x"}, province={"zh": "x", "en": "x"}, population_source={},
                route="points", route_note={"zh": "x", "en": "x"}, route_sources=(), scheme_status="encoded",
                official_source=None)
    from decimal import Decimal
    assert City(census_class="mega", urban_population_10k=Decimal("854"), **base).tier == "points"
    assert City(census_class="type_i", urban_population_10k=Decimal("456.75"), **base).tier == "relaxed"
    assert City(census_class="type_i", urban_population_10k=None, **base).tier == "relaxed"
    assert City(census_class="mega", urban_population_10k=None, **base).tier == "points"
    assert City(census_class="type_i", urban_population_10k=Decimal("299"), **base).tier == "no_restriction"


def test_every_points_city_has_a_scheme_or_a_sourced_statement(policy):
    today = dt.date.today()
    for c in policy.cities.values():
        if c.tier != "points":
            continue
        if c.scheme_status == "encoded":
            assert policy.by_city.get(c.id), f"{c.id} says encoded but has no scheme file"
        else:
            assert c.route_note["zh"] and c.route_note["en"]
            assert c.route_sources or c.population_source, f"{c.id}: no source for its statement"


def test_local_overrides_are_sourced(policy):
    for cid in ("kunming", "jinan", "xian", "chongqing", "dongguan"):
        c = policy.cities[cid]
        assert c.route in ("open", "conditions") and c.route_sources, cid
    assert policy.cities["kunming"].route == "open"
    assert any("昆办通" in (s.get("number") or s.get("title") or "") for s in policy.cities["kunming"].route_sources)


def test_scheme_for_date(policy):
    assert policy.scheme_for("beijing", dt.date(2018, 6, 1)).id == "beijing-2016"
    assert policy.scheme_for("beijing", dt.date(2020, 6, 1)).id == "beijing-2020"
    assert policy.scheme_for("beijing", dt.date(2015, 6, 1)) is None
