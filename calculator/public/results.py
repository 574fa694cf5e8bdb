"""What the result page shows, built from the core's Result and Explanation.

Numbers come from the same objects the API serialises (calculator.wording.serialize); this module only
arranges them for a page and words them in the user's language.
"""
from __future__ import annotations

import weakref
from decimal import Decimal

from ..core.numbers import fmt, percent
from ..core.schemes import UNVERIFIED
from ..web.i18n import translator, retirement_note, summary, unmet_message
from ..wording.verdict_text import points_formatter
from . import charts
from .charts import projection_chart
from .texts import RELIABILITY


# P (the primary text) and D (derived from official published lists) are the government's own;
# S, T and U come from others (cities.yaml's header), listed after them and marked as such.
OFFICIAL = ("P", "D")
SOURCE_ORDER = {tag: i for i, tag in enumerate(("P", "D", "S", "T", "U"))}


def official_first(sources, tag=lambda s: s.reliability) -> list:
    """Sources ordered P, D, S, T, U, each group in its own order (sorted is stable)."""
    return sorted(sources, key=lambda s: SOURCE_ORDER.get(tag(s), len(SOURCE_ORDER)))


def source_rows(scheme, lang: str) -> list[dict]:
    """A version's sources, official ones first (their order kept), third-party ones marked."""
    gettext = translator(lang)  # noqa: F811 (explicit language, cheap)
    ordered = official_first(scheme.sources.values())
    return [{"title": s.title[lang], "number": s.number, "date": s.date, "url": s.url,
             "reliability": s.reliability, "meaning": gettext(RELIABILITY[s.reliability]),
             "official": s.reliability in OFFICIAL,
             "unverified": s.reliability in UNVERIFIED, "note": s.note[lang] if s.note else None}
            for s in ordered]


def _page_static(s, lang: str) -> dict:
    """What the result page shows the same for everyone on a scheme version in a language, built
    once per version and language (published versions never change; a reloaded policy brings new
    Scheme objects and so a new cache): the cutoff rows, the cutoff chart's frame and each item's
    evidence. Nothing in it comes from a person's answers."""
    key = ("result page", lang)
    static = s.wording_cache.get(key)
    if static is None:
        places = s.places
        static = s.wording_cache[key] = {
            "cutoffs": [{"round": c.round, "points": fmt(c.points, places), "admitted": c.admitted,
                         "unverified": c.reliability in UNVERIFIED} for c in s.cutoffs],
            "cutoff_frame": charts.cutoff_frame(s.cutoffs, places) if s.cutoffs else None,
            "evidence": {i.id: [(e[lang], i.name[lang]) for e in i.evidence] for i in s.items if i.evidence},
        }
    return static


_FACT_PLACES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _fact_place(vocab) -> dict[str, int]:
    """Each fact's place in its vocabulary (once per vocabulary), so answered facts are listed in
    the vocabulary's order without walking its hundreds of facts on every page."""
    place = _FACT_PLACES.get(vocab)
    if place is None:
        place = _FACT_PLACES[vocab] = {f: i for i, f in enumerate(vocab.defs)}
    return place


def evidence_checklist(result, vocab, answered: set[str], lang: str) -> list[dict]:
    """Documents for every item that scored and every fact answered, each once, with what it is for.
    An item's own evidence list covers its facts; other answered facts bring their own document."""
    docs: dict[str, list[str]] = {}

    def add(doc: str, what: str):
        whats = docs.setdefault(doc, [])
        if what not in whats:
            whats.append(what)

    item_evidence = _page_static(result.scheme, lang)["evidence"]
    covered: set[str] = set()
    for s in result.items:
        if s.points != 0 and s.item.evidence:
            for doc, what in item_evidence.get(s.item.id) or [(e[lang], s.item.name[lang]) for e in s.item.evidence]:
                add(doc, what)
            covered |= s.item.rule.facts
    place = _fact_place(vocab)
    for fid in sorted((f for f in answered if f in place and f not in covered), key=place.__getitem__):
        d = vocab[fid]
        if d.evidence:
            add(d.evidence[lang], d.label[lang])
    return [{"document": k, "for": v} for k, v in docs.items()]


def break_lines(found: dict, lang: str) -> list[str]:
    """Breaks between the periods entered, named: insurance gaps (断缴) and homes not lived in."""
    gettext = translator(lang)
    out = []
    for b in found.get("si", []):
        out.append(gettext("Social insurance break (断缴) from %(start)s to %(end)s: %(months)s month(s) not paid. "
                           "Schemes that require continuous contributions may not count the months before it.",
                           start=f"{b.start.year}-{b.start.month:02d}", end=f"{b.end.year}-{b.end.month:02d}",
                           months=b.months))
    for b in found.get("home", []):
        out.append(gettext("Residence break from %(start)s to %(end)s. Schemes that require a continuous home "
                           "(for example Shenzhen's five years) count only the time since.",
                           start=b.start.isoformat(), end=b.end.isoformat()))
    return out


def place_line(result, lang: str) -> str | None:
    """Where this total would have stood in the published list scored by the same rules."""
    from ..populations.places import place_in_list
    p = place_in_list(result.scheme.id, result.total)
    if p is None:
        return None
    gettext = translator(lang)
    places = result.scheme.places
    if p.rank is None:
        return gettext("In the %(round)s list of %(admitted)s admitted, this total would not have been admitted: "
                       "the last admitted had %(cutoff)s points (%(tied)s people were tied there, all admitted).",
                       round=p.round, admitted=f"{p.admitted:,}", cutoff=fmt(p.cutoff, places), tied=p.tied_at_cutoff)
    return gettext("In the %(round)s list, this total would have ranked about %(rank)s of the %(admitted)s admitted; "
                   "%(tied)s people were tied at the cutoff of %(cutoff)s.", round=p.round, rank=f"{p.rank:,}",
                   admitted=f"{p.admitted:,}", tied=p.tied_at_cutoff, cutoff=fmt(p.cutoff, places))


def _row_index(rows, row) -> int | None:
    """Where `row` (one of `rows`, or None) is: by identity first, since list.index compares every
    earlier row field by field (dataclass equality) before reaching it."""
    if row is None:
        return None
    found = next((i for i, r in enumerate(rows) if r is row), None)
    return found if found is not None else rows.index(row)


def decision_view(decision, result, policy, lang: str) -> dict:
    """The verdict first: headline, the conditions that fail or wait for an answer, the
    projection (chart and rows) and the scenarios, all from core.decision."""
    from ..wording import verdict_text as vt
    v, p, places = decision.verdict, decision.projection, result.scheme.places
    gettext = translator(lang)
    n = vt.points_formatter(places)
    reach = _row_index(p.rows, p.reaches)
    line_label = ""
    if p.line is not None:
        line_label = gettext("%(round)s cutoff %(points)s", round=p.line.cutoff.round, points=fmt(p.line.points, places)) \
            if p.line.kind == "cutoff" else gettext("minimum %(points)s", points=fmt(p.line.points, places))
    return {
        "state": v.state, "tone": vt.tone(v.state), "headline": vt.headline(v, places, lang),
        "failing": vt.failing_lines(v, policy.vocab, lang) if v.state == "not_eligible" else [],
        "questions": [{"fact": f, "label": policy.vocab[f].label[lang]} for f in v.unanswered_facts],
        "projection": {"text": vt.projection_text(p, places, lang),
                       "chart": projection_chart(p.rows, p.line.points if p.line else None, reach, places, line_label),
                       "rows": [{"date": r.as_of.isoformat(), "age": r.age, "total": n(r.total),
                                 "open": r.open, "reaches": i == reach} for i, r in enumerate(p.rows)]},
        "scenarios": vt.scenario_lines(decision.scenarios, result, policy.vocab, lang),
        "place": place_line(result, lang),
    }


def result_view(result, expl, policy, answered: set[str], lang: str, decision=None) -> dict:
    """Everything the result page shows, in words and figures; what is the same for everyone on
    the scheme version comes from _page_static."""
    s = result.scheme
    places = s.places
    static = _page_static(s, lang)
    largest = max((abs(i.points) for i in expl.ranked), default=Decimal(0))
    n = points_formatter(places)
    items = [{"name": i.item.name[lang], "points": n(i.points),
              "share": percent(i.share), "bar": charts.bar(i.points, largest),
              "unverified": i.item.unverified, "values_missing": i.item.values_missing,
              "note": i.item.note[lang] if i.item.note else None} for i in expl.ranked]
    prereqs = [{"name": o.prerequisite.name[lang], "met": o.status == "met", "status": o.status,
                "unverified": o.prerequisite.reliability in UNVERIFIED,
                "advice": unmet_message(o, policy.vocab, lang) if o.status == "unmet" else None,
                "note": retirement_note(o, lang) if o.status == "met" else None}
               for o in result.prerequisites]
    total = n(result.total)
    gettext = translator(lang)  # noqa: F811 (explicit language, cheap)
    you = gettext("Your total: %(total)s", total=total)
    cut = expl.cutoff
    return {
        "total": total,
        "eligible": result.eligible,
        "threshold": None if s.threshold is None else {"points": fmt(s.threshold, places), "met": result.threshold_met},
        "prerequisites": prereqs,
        "unmet": [p for p in prereqs if p["status"] == "unmet"],
        "unanswered": [p for p in prereqs if p["status"] == "unanswered"],
        "decision": decision_view(decision or policy.decide(result), result, policy, lang),
        "scored": items,
        "main_share": percent(result.main_share),
        "is_main_share": result.is_main_share,
        "dominant": None if expl.dominant is None else
        {"name": expl.dominant.item.name[lang], "points": fmt(expl.dominant.points, places),
         "share": percent(expl.dominant.share)},
        "summary": summary(result, expl, lang),
        "per_year": None if expl.per_year is None else fmt(expl.per_year, places),
        "grown": [policy.vocab[f].label[lang] for f in expl.grown_facts],
        "cutoff": None if cut is None else {"round": cut.round, "points": fmt(cut.points, places)},
        "gap": None if expl.gap is None else fmt(expl.gap, places),
        "cutoffs": static["cutoffs"],
        "chart": charts.cutoff_chart(s.cutoffs, result.total, places, you, static["cutoff_frame"]),
        "evidence": evidence_checklist(result, policy.vocab, answered, lang),
        "any_unverified": any(i["unverified"] for i in items) or any(p["unverified"] for p in prereqs),
    }

