"""POST /api/v1/compare as JSON: core.settle's comparison, the same states, totals, distances and
order as the where-can-I-settle page, each city's figures from the same result_dict as /score."""
from __future__ import annotations

from ..wording import verdict_text as vt
from ..core.numbers import fmt
from ..core.settle import GROUPS
from ..core.verdict import Verdict, city_verdict
from ..web.i18n import field_message
from ..wording.serialize import result_dict, scheme_summary

NO_POINTS_GROUPS = ("open", "relaxed", "conditions")


def _errors(errors, lang: str) -> list[dict]:
    return [{"field": e.field, "code": e.code, "message": field_message(e, lang)} for e in errors]


def distance_dict(s, lang: str) -> dict:
    d, places = s.distance, s.scheme.places
    line = d.line
    return {"line": None if line is None else {"kind": line.kind, "points": fmt(line.points, places),
                                               "round": line.cutoff.round if line.cutoff else None},
            "percent_of_line": None if d.percent is None else str(d.percent),
            "years_to_line": d.years,
            "reaches_line_on": d.reaches_on.isoformat() if d.reaches_on else None,
            "summary": vt.distance_text(d, s.decision.projection, places, lang)}


def scored_dict(s, policy, lang: str) -> dict:
    c = s.city
    out = {"city": c.id, "name": c.name[lang], "tier": c.tier, "route": c.route,
           "scheme": scheme_summary(s.scheme, lang), "state": s.state,
           "threshold": None if s.scheme.threshold is None else fmt(s.scheme.threshold, s.scheme.places)}
    if s.decision is None:
        v = Verdict("unanswered", unanswered_facts=s.questions)
        out.update(total=None, eligible=False, distance=None, errors=_errors(s.errors, lang),
                   verdict={"state": "unanswered", "tone": "unknown", "headline": vt.headline(v, s.scheme.places, lang),
                            "total": None, "questions": [{"fact": f, "label": policy.vocab[f].label[lang]}
                                                         for f in s.questions if f in policy.vocab]})
        return out
    d = result_dict(s.result, s.explanation, policy, lang, decision=s.decision, with_scenarios=False)
    out.update({k: d[k] for k in ("total", "total_is_partial", "eligible", "verdict", "unmet_prerequisites",
                                  "unanswered_prerequisites", "social_insurance_residence_share")})
    out["latest_cutoff"] = d["explanation"]["latest_cutoff"]
    out["distance"] = distance_dict(s, lang)
    return out


def other_dict(c, group: str, lang: str) -> dict:
    """A city without a scheme to score: its route, and the verdict no_points_needed where
    settling takes no points."""
    verdict = None
    if group in NO_POINTS_GROUPS:
        verdict = {"state": "no_points_needed", "tone": "good",
                   "headline": vt.headline(city_verdict(c.route), 2, lang)}
    return {"id": c.id, "name": c.name[lang], "province": c.province[lang], "tier": c.tier, "route": c.route,
            "group": group, "scheme_status": c.scheme_status, "verdict": verdict}


def compare_dict(comparison, policy, lang: str) -> dict:
    others = [other_dict(c, g, lang) for g in GROUPS for c in comparison.others[g]]
    return {
        "as_of": comparison.as_of.isoformat(),
        "order": "closest first: years until the line is reached at the applicant's pace, then percent of "
                 "the line; services-only schemes after settlement ones; cities waiting for answers last",
        "results": [scored_dict(s, policy, lang) for s in comparison.scored],
        "questions": [{"fact": f, "label": policy.vocab[f].label[lang], "cities": ids}
                      for f, ids in comparison.questions.items() if f in policy.vocab],
        "problems": [{**_errors([e], lang)[0], "cities": ids} for e, ids in comparison.problems],
        "other_cities": others,
        "open_cities": [o for o in others if o["group"] == "open"],
    }
