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
    assert City(census_class="type_i", urban_population_10k=Decimal("299"), **base).tier == "unrestricted"


def test_every_city_over_5_million_has_a_version_in_force_or_a_sourced_statement(policy):
    today = dt.date.today()
    for c in policy.cities.values():
        if c.tier != "points":
            continue
        if c.scheme_status == "encoded":
            assert policy.by_city.get(c.id), f"{c.id} says encoded but has no scheme file"
        if policy.scheme_for(c.id, today) is not None:
            continue
        # no version in force: say why, in both languages, with a source
        assert c.route_sources, f"{c.id}: no source for why it has no scheme in force"
        assert c.route_note["zh"] and c.route_note["en"]
        if c.scheme_status == "encoded":
            assert c.scheme_gap and c.scheme_gap["zh"] and c.scheme_gap["en"], \
                f"{c.id}: encoded but nothing in force, and no scheme_gap statement"
        else:
            assert c.scheme_status in ("values_not_found", "not_applicable")


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


def test_scheme_report_is_up_to_date_and_shenzhen_is_all_main_share(policy):
    import re
    from calculator.core.report import markdown, rows
    from config import BASE_DIR
    shipped = (BASE_DIR / "docs" / "schemes.md").read_text(encoding="utf-8")
    day = dt.date.fromisoformat(re.search(r"--as-of (\d{4}-\d{2}-\d{2})", shipped).group(1))
    assert shipped == markdown(policy, day), "run `flask schemes report --as-of <date>`"
    by_id = {r["scheme"].id: r for r in rows(policy, day)}
    assert by_id["shenzhen-2023"]["share"] == 100 and by_id["shenzhen-2023"]["main"] is True
    assert len(by_id) == len(policy.schemes)
