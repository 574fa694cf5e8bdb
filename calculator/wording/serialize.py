"""The JSON shape of cities, schemes and results: shared by the API and `flask score --json`."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..core.cities import City
from ..core.numbers import fmt, percent
from ..core.schemes import MAIN_SHARE_CATEGORIES, Scheme
from ..web.i18n import field_message, summary, unmet_message

SHARE_Q = Decimal("0.0001")


def share(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(SHARE_Q, rounding=ROUND_HALF_UP))


def source_dict(s, lang: str) -> dict:
    return {"id": s.id, "title": s.title[lang], "number": s.number, "date": s.date, "url": s.url,
            "reliability": s.reliability, "unverified": s.reliability in ("T", "U")}


def scheme_summary(s: Scheme, lang: str) -> dict:
    return {"id": s.id, "version": s.version, "title": s.title[lang], "kind": s.kind,
            "effective_from": s.effective_from.isoformat(),
            "effective_to": s.effective_to.isoformat() if s.effective_to else None,
            "historical": s.historical, "partial": s.partial,
            "checked_on": s.checked_on.isoformat() if s.checked_on else None}


def scheme_detail(s: Scheme, policy, lang: str) -> dict:
    d = scheme_summary(s, lang)
    d.update({
        "rounding": {"places": s.places, "mode": "half_up", "per": "item", "total": "sum of items",
                     "note": s.accrual_note[lang]},
        "threshold": fmt(s.threshold, s.places) if s.threshold is not None else None,
        "prerequisites": [{"id": p.id, "name": p.name[lang], "reliability": p.reliability,
                           "source": p.citation.to_dict(lang)} for p in s.prerequisites],
        "items": [{"id": i.id, "name": i.name[lang], "category": i.category, "reliability": i.reliability,
                   "unverified": i.unverified, "values_missing": i.values_missing,
                   "source": i.citation.to_dict(lang), "evidence": [e[lang] for e in i.evidence],
                   "note": i.note[lang] if i.note else None} for i in s.items],
        "cutoffs": [{"round": c.round, "date": c.date.isoformat() if c.date else None,
                     "cutoff": fmt(c.points, s.places), "admitted": c.admitted, "applicants": c.applicants,
                     "reliability": c.reliability} for c in s.cutoffs],
        "tie_break": [t[lang] for t in s.tie_break],
        "sources": [source_dict(src, lang) for src in s.sources.values()],
        "facts": [policy.vocab[f].describe(lang) for f in policy.vocab.defs if f in s.facts],
    })
    return d


def city_dict(c: City, policy, lang: str, detail: bool = False) -> dict:
    d = {"id": c.id, "name": c.name[lang], "province": c.province[lang], "code": c.code, "kind": c.kind,
         # the rule that applies first: the city's own where it chose one (route_basis "local"),
         # else the one its tier gives; the national tier follows as context
         "route": c.route, "route_basis": c.route_basis, "route_note": c.route_note[lang],
         "tier": c.tier, "census_class": c.census_class, "scheme_status": c.scheme_status,
         "urban_population_10k": str(c.urban_population_10k) if c.urban_population_10k is not None else None}
    if detail:
        d["portal"] = c.portal
        d["population_source"] = c.population_source
        d["route_sources"] = list(c.route_sources)
        d["official_source"] = c.official_source
        d["schemes"] = [scheme_summary(s, lang) for s in policy.by_city.get(c.id, [])]
        facts = set().union(*(s.facts for s in policy.by_city.get(c.id, []))) if policy.by_city.get(c.id) else set()
        d["facts"] = [policy.vocab[f].describe(lang) for f in policy.vocab.defs if f in facts]
    return d


def sources_used(s: Scheme, lang: str) -> list[dict]:
    """Each document the scheme's items and prerequisites cite, once, with the articles cited;
    items and prerequisites point into this list (a result names each document once)."""
    from ..core.explain import citations
    out: dict[str, dict] = {}
    for c in citations(s):
        d = out.get(c.source.id)
        if d is None:
            d = out[c.source.id] = {**source_dict(c.source, lang), "articles": []}
        if c.article and c.article not in d["articles"]:
            d["articles"].append(c.article)
    return list(out.values())


def _static(s: Scheme, lang: str) -> dict:
    """The parts of a result that depend only on the scheme version and language, built once:
    published versions never change (the hot path of the API)."""
    cache = s.wording_cache
    if lang not in cache:
        cache[lang] = {
            "scheme": scheme_summary(s, lang),
            "items": [{"id": i.id, "name": i.name[lang], "category": i.category, "reliability": i.reliability,
                       "unverified": i.unverified, "values_missing": i.values_missing,
                       "source": i.citation.ref()} for i in s.items],
            "prereqs": [{"id": p.id, "name": p.name[lang], "reliability": p.reliability,
                         "source": p.citation.ref()} for p in s.prerequisites],
            "sources": sources_used(s, lang),
        }
    return cache[lang]


def verdict_dict(decision, result, policy, lang: str) -> dict:
    """The verdict with the figures it states, and its words (calculator.wording.verdict_text)."""
    from . import verdict_text as vt
    v, places = decision.verdict, result.scheme.places
    n = lambda x: None if x is None else fmt(x, places)  # noqa: E731
    d = {"state": v.state, "tone": vt.tone(v.state), "headline": vt.headline(v, places, lang),
         "total": n(v.total)}
    if v.line_kind is not None:
        d["line"] = {"kind": v.line_kind, "points": n(v.line_points), "round": v.line_round}
        d["gap"], d["percent_below"] = n(v.gap), str(v.percent_below)
    if v.state == "not_eligible":
        d["failing"] = [{"id": f["id"], "name": f["name"], "met_by_time_on": f["met_on"], "when": f["when"],
                         "what_would_meet_it": f["advice"]} for f in vt.failing_lines(v, policy.vocab, lang)]
    if v.state == "unanswered":
        d["questions"] = [{"fact": f, "label": policy.vocab[f].label[lang]} for f in v.unanswered_facts]
        d["conditions"] = [o.prerequisite.id for o in v.unanswered]
    return d


def projection_dict(decision, result, lang: str) -> dict:
    from . import verdict_text as vt
    p, places = decision.projection, result.scheme.places
    row = lambda r: {"as_of": r.as_of.isoformat(), "age": r.age, "total": fmt(r.total, places),  # noqa: E731
                     "conditions_open": r.open}
    return {
        "rows": [row(r) for r in p.rows],
        "line": None if p.line is None else {"kind": p.line.kind, "points": fmt(p.line.points, places),
                                             "round": p.line.cutoff.round if p.line.cutoff else None},
        "reaches_latest_cutoff": None if p.reaches_latest_cutoff is None else row(p.reaches_latest_cutoff),
        "reaches_line": None if p.reaches is None else row(p.reaches),
        "stop": {"reason": p.stop, "date": p.stop_date.isoformat() if p.stop_date else None,
                 "condition": p.stop_condition.prerequisite.id if p.stop_condition else None},
        "rules": "the scheme in force on the application date, for every row",
        "summary": vt.projection_text(p, places, lang),
    }


def scenarios_list(decision, result, policy, lang: str) -> list[dict]:
    from . import verdict_text as vt
    places = result.scheme.places
    words = vt.scenario_lines(decision.scenarios, result, policy.vocab, lang)
    return [{"kind": s.kind, "facts": list(s.facts),
             "proposed": {k: (v if not hasattr(v, "isoformat") else v.isoformat()) for k, v in s.proposed.items()},
             "points_now": fmt(s.points_now, places), "delta_now": fmt(s.delta_now, places),
             "delta_in_five_years": None if s.delta_later is None else fmt(s.delta_later, places),
             "reaches_line_on": s.reaches.isoformat() if s.reaches else None, "years_sooner": s.sooner_years,
             "award": s.award, "label": w["label"], "effect": w["effect"]}
            for s, w in zip(decision.scenarios, words)]


def result_dict(result, expl, policy, lang: str, decision=None, with_scenarios: bool = True) -> dict:
    """The whole answer. Scenarios (each a projection of its own) are left out when not asked
    for: the API gives them on request and on /explain, so a plain score stays fast."""
    s = result.scheme
    city = policy.cities[s.city]
    static = _static(s, lang)
    if decision is None:
        decision = policy.decide(result, with_scenarios)
    prereqs = [{**st, "met": o.status == "met", "status": o.status,
                "unanswered_facts": list(o.unanswered_facts),
                "what_would_meet_it": unmet_message(o, policy.vocab, lang) if o.status == "unmet" else None}
               for st, o in zip(static["prereqs"], result.prerequisites)]
    items = [{**st, "points": fmt(i.points, s.places), "share": share(i.share)}
             for st, i in zip(static["items"], result.items)]
    cut = expl.cutoff
    return {
        "verdict": verdict_dict(decision, result, policy, lang),
        "city": {"id": city.id, "name": city.name[lang], "tier": city.tier},
        "scheme": dict(static["scheme"]),
        "as_of": result.as_of.isoformat(),
        "total": fmt(result.total, s.places),
        "total_is_partial": s.partial,
        "partial_total_is_lower_bound": s.partial_is_lower_bound if s.partial else None,
        "eligible": result.eligible,
        "threshold": None if s.threshold is None else
        {"points": fmt(s.threshold, s.places), "met": result.threshold_met},
        "prerequisites": prereqs,
        "unmet_prerequisites": [p for p in prereqs if p["status"] == "unmet"],
        "unanswered_prerequisites": [p for p in prereqs if p["status"] == "unanswered"],
        "items": items,
        "social_insurance_residence_share": {
            "categories": list(MAIN_SHARE_CATEGORIES), "share": share(result.main_share),
            "percent": percent(result.main_share),
            "is_main_share": result.is_main_share},
        "explanation": {
            "ranked": [i.item.id for i in expl.ranked],
            "dominant": None if expl.dominant is None else
            {"id": expl.dominant.item.id, "name": expl.dominant.item.name[lang],
             "points": fmt(expl.dominant.points, s.places), "share": share(expl.dominant.share)},
            "points_per_extra_year": None if expl.per_year is None else fmt(expl.per_year, s.places),
            "extra_year_facts": list(expl.grown_facts),
            "latest_cutoff": None if cut is None else
            {"round": cut.round, "cutoff": fmt(cut.points, s.places), "admitted": cut.admitted,
             "reliability": cut.reliability, "note": "past published line, not a prediction"},
            "gap_to_latest_cutoff": None if expl.gap is None else fmt(expl.gap, s.places),
            "rounding": s.accrual_note[lang],
            "summary": summary(result, expl, lang),
        },
        "projection": projection_dict(decision, result, lang),
        **({"scenarios": scenarios_list(decision, result, policy, lang)} if with_scenarios else {}),
        "sources": static["sources"],
    }


def errors_dict(exc, lang: str) -> dict:
    return {"errors": [{"field": e.field, "code": e.code, "message": field_message(e, lang)} for e in exc.errors]}
