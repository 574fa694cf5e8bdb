"""The where-can-I-settle page: core.settle's comparison arranged and worded for one language.

Every figure comes from the comparison (each city's own Result and Decision); this module only
words them, gathers the questions into one follow-up form and lists the other cities by route.
"""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l

from ..wording import verdict_text as vt
from ..core.errors import InputError
from ..core.numbers import fmt
from ..core.settle import GROUPS
from ..core.verdict import Verdict
from ..web.i18n import translator
from .answers import SINCE, field_id, hidden_answers, page_errors, questions

GROUP_NAMES = {
    "open": _l("No restriction"),
    "relaxed": _l("Relaxed conditions"),
    "conditions": _l("Settlement by conditions"),
    "points": _l("Points, not calculable here"),
    "services": _l("Points for public services only"),
}
GROUP_MEANING = {
    "open": _l("Settlement restrictions are removed, by the national rule for cities under 3 million urban "
               "residents or by the city's own decision: a job or a home in the city is generally enough."),
    "relaxed": _l("3 to 5 million urban residents: you settle by meeting the listed conditions, such as years "
                  "of social insurance, not by a score."),
    "conditions": _l("The city's own rule: you settle by meeting its conditions, not by a score."),
    "points": _l("Points cities by their size or their own rule, but no scheme that can be scored here is in "
                 "force on the date: see each city's page for what to check and where."),
    "services": _l("Points give access to public services, not hukou."),
}
ICONS = {"good": "✓", "bad": "✗"}


def link_query(args) -> str:
    """The answers for links to each city's own pages: the version asked for by id belongs to
    one city's form, so it is left out, and every city is scored with its version in force."""
    return urlencode([(k, v) for k, v in args.items(multi=True) if k != "scheme"])


def _city_names(ids, policy, lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(policy.cities[c].name[lang] for c in ids)


def scored_row(s, policy, lang: str) -> dict:
    gettext = translator(lang)
    places = s.scheme.places
    latest = s.scheme.latest_cutoff()
    row = {"c": s.city, "scheme": s.scheme, "state": s.state, "scored": s.decision is not None,
           "threshold": None if s.scheme.threshold is None else fmt(s.scheme.threshold, places),
           "cutoff": None if latest is None else {"points": fmt(latest.points, places), "round": latest.round},
           "questions": [policy.vocab[f].label[lang] for f in s.questions if f in policy.vocab]}
    if s.decision is not None:
        v = s.decision.verdict
        far = vt.distance_text(s.distance, s.decision.projection, places, lang)
        if v.state == "unanswered":  # the distance holds only if the answers asked meet the conditions
            far = gettext("If your answers to the questions asked meet the conditions: %(distance)s", distance=far)
        row.update(tone=vt.tone(v.state), headline=vt.headline(v, places, lang), total=fmt(s.result.total, places),
                   distance=far)
    else:
        row.update(tone="unknown", total=None, distance=None,
                   headline=vt.headline(Verdict("unanswered", unanswered_facts=s.questions), places, lang)
                   if s.questions else gettext("Not known yet: an answer above needs correcting."))
    row["icon"] = ICONS.get(row["tone"], "?")
    return row


def other_groups(comparison, lang: str) -> list[dict]:
    """The cities not scored, by route, each group by province (compact lists, not cards)."""
    out = []
    for g in GROUPS:
        cities = comparison.others[g]
        if not cities:
            continue
        provinces: dict[str, list] = {}
        for c in cities:
            provinces.setdefault(c.province[lang], []).append(c)
        out.append({"key": g, "name": GROUP_NAMES[g], "meaning": GROUP_MEANING[g], "count": len(cities),
                    "provinces": list(provinces.items())})
    return out


def soonest(rows: list[dict], comparison, policy, lang: str) -> list[str]:
    """The first screen's answer: where the person reaches a line soonest, how many cities need
    no points, and how many wait for answers."""
    gettext = translator(lang)
    out = []
    by_id = {s.city.id: s for s in comparison.scored}
    reached = [r for r in rows if r["scored"] and r["state"] != "unanswered" and r["scheme"].kind != "services"
               and by_id[r["c"].id].distance.years is not None]
    if reached:
        first = by_id[reached[0]["c"].id]
        years = first.distance.years
        now = [r["c"].id for r in reached if by_id[r["c"].id].distance.years == 0]
        out.append(gettext("By points: you reach the line now in %(cities)s.", cities=_city_names(now, policy, lang))
                   if years == 0 else
                   gettext("By points: soonest in %(city)s, in %(years)s year(s) at your pace (round of %(date)s).",
                           city=first.city.name[lang], years=years, date=first.distance.reaches_on.isoformat()))
    elif any(r["scored"] for r in rows):
        out.append(gettext("By points: at your pace you reach no city's line before the projection stops; "
                           "the closest is listed first."))
    free = sum(len(comparison.others[g]) for g in ("open", "relaxed", "conditions"))
    if free:
        out.append(gettext("Without points: %(n)s cities have no restriction or settle by conditions.", n=free))
    waiting = [r for r in rows if r["state"] == "unanswered"]
    if waiting:
        out.append(gettext("%(n)s points cities wait for your answers.", n=len(waiting)))
    return out


def follow_up(comparison, answers, policy, lang: str) -> tuple[list, list, list]:
    """The one follow-up form: every question some city waits for, once, with the cities asking
    it; the answers it refuses, once (not per city). Returns (errors, questions, hidden)."""
    problems = [e for e, _ in comparison.problems]
    errors = page_errors(answers, InputError(problems) if problems else None, lang, vocab=policy.vocab)
    gettext = translator(lang)
    all_scored = {s.city.id for s in comparison.scored}
    wanted = set(comparison.questions) | {e.field for e in errors if e.field in policy.vocab}
    shown = list(comparison.questions) + [f for f in policy.vocab.defs if f in wanted and f not in comparison.questions]
    # an error found at an input the form does not show (a period row) is shown at its question
    errors = [e if e.target in (field_id(e.field), field_id(e.field + SINCE)) or e.field not in wanted
              else replace(e, target=field_id(e.field)) for e in errors]
    place = {f: i for i, f in enumerate(shown)}
    qs = sorted((q for _, _, group in questions(shown, policy.vocab, answers, errors) for q in group),
                key=lambda q: place[q.fact.id])
    asked = []
    for q in qs:
        ids = comparison.questions.get(q.fact.id, [])
        who = gettext("Asked by every city with a scheme in force.") if set(ids) == all_scored and len(ids) > 1 \
            else gettext("Asked by: %(cities)s.", cities=_city_names(ids, policy, lang)) if ids else ""
        asked.append((q, who))
    return errors, asked, hidden_answers(answers, shown)
