"""What the result and compare pages show, built from the core's Result and Explanation.

Numbers come from the same objects the API serialises (calculator.serialize); this module only
arranges them for a page and words them in the user's language.
"""
from __future__ import annotations

from decimal import Decimal


from ..core.explain import suggestions
from ..core.numbers import fmt
from ..core.schemes import UNVERIFIED
from ..i18n import translator, pct, summary, unmet_message
from . import charts
from .texts import RELIABILITY


def value_label(d, value, lang: str) -> str:
    """An answer as words: a choice's label, yes/no, or the number (the label names its unit)."""
    gettext = translator(lang)  # noqa: F811 (explicit language, cheap)
    if True:
        if d.type == "choice":
            return next((c.label[lang] for c in d.choices if c.value == str(value)), str(value))
        if d.type == "boolean":
            return gettext("Yes") if value else gettext("No")
        return str(value)


def source_rows(scheme, lang: str) -> list[dict]:
    gettext = translator(lang)  # noqa: F811 (explicit language, cheap)
    if True:
        return [{"title": s.title[lang], "number": s.number, "date": s.date, "url": s.url,
                 "reliability": s.reliability, "meaning": gettext(RELIABILITY[s.reliability]),
                 "unverified": s.reliability in UNVERIFIED, "note": s.note[lang] if s.note else None}
                for s in scheme.sources.values()]


def evidence_checklist(result, vocab, answered: set[str], lang: str) -> list[dict]:
    """Documents for every item that scored and every fact answered, each once, with what it is for.
    An item's own evidence list covers its facts; other answered facts bring their own document."""
    docs: dict[str, list[str]] = {}

    def add(doc: str, what: str):
        whats = docs.setdefault(doc, [])
        if what not in whats:
            whats.append(what)

    covered: set[str] = set()
    for s in result.items:
        if s.points != 0 and s.item.evidence:
            for e in s.item.evidence:
                add(e[lang], s.item.name[lang])
            covered |= s.item.rule.facts
    for fid in vocab.defs:
        if fid in answered and fid not in covered and vocab[fid].evidence:
            add(vocab[fid].evidence[lang], vocab[fid].label[lang])
    return [{"document": k, "for": v} for k, v in docs.items()]


def suggestion_lines(result, vocab, lang: str) -> list[str]:
    places = result.scheme.places
    out = []
    gettext = translator(lang)  # noqa: F811 (explicit language, cheap)
    if True:
        for s in suggestions(result, vocab):
            d = vocab[s.fact]
            out.append(gettext("%(fact)s: %(proposed)s instead of %(current)s would add %(delta)s points "
                               "(total %(total)s).", fact=d.label[lang],
                               current=value_label(d, s.current, lang), proposed=value_label(d, s.proposed, lang),
                               delta=fmt(s.delta, places), total=fmt(s.new_total, places)))
    return out


def result_view(result, expl, policy, answered: set[str], lang: str) -> dict:
    s = result.scheme
    places = s.places
    largest = max((abs(i.points) for i in expl.ranked), default=Decimal(0))
    items = [{"name": i.item.name[lang], "points": fmt(i.points, places),
              "share": pct(i.share) if i.share is not None else None, "bar": charts.bar(i.points, largest),
              "unverified": i.item.unverified, "values_missing": i.item.values_missing,
              "note": i.item.note[lang] if i.item.note else None} for i in expl.ranked]
    prereqs = [{"name": o.prerequisite.name[lang], "met": o.met,
                "unverified": o.prerequisite.reliability in UNVERIFIED,
                "advice": None if o.met else unmet_message(o, policy.vocab, lang)} for o in result.prerequisites]
    total = fmt(result.total, places)
    gettext = translator(lang)  # noqa: F811 (explicit language, cheap)
    if True:
        you = gettext("Your total: %(total)s", total=total)
    cut = expl.cutoff
    return {
        "total": total,
        "eligible": result.eligible,
        "threshold": None if s.threshold is None else {"points": fmt(s.threshold, places), "met": result.threshold_met},
        "prerequisites": prereqs,
        "unmet": [p for p in prereqs if not p["met"]],
        "scored": items,
        "main_share": pct(result.main_share) if result.main_share is not None else None,
        "is_main_share": result.is_main_share,
        "dominant": None if expl.dominant is None else
        {"name": expl.dominant.item.name[lang], "points": fmt(expl.dominant.points, places),
         "share": pct(expl.dominant.share) if expl.dominant.share is not None else None},
        "summary": summary(result, expl, lang),
        "per_year": None if expl.per_year is None else fmt(expl.per_year, places),
        "grown": [policy.vocab[f].label[lang] for f in expl.grown_facts],
        "cutoff": None if cut is None else {"round": cut.round, "points": fmt(cut.points, places)},
        "gap": None if expl.gap is None else fmt(expl.gap, places),
        "years": None if expl.years_to_cutoff is None else str(expl.years_to_cutoff),
        "cutoffs": [{"round": c.round, "points": fmt(c.points, places), "admitted": c.admitted,
                     "unverified": c.reliability in UNVERIFIED} for c in s.cutoffs],
        "chart": charts.cutoff_chart(s.cutoffs, result.total, places, you),
        "suggestions": suggestion_lines(result, policy.vocab, lang),
        "evidence": evidence_checklist(result, policy.vocab, answered, lang),
        "any_unverified": any(i["unverified"] for i in items) or any(p["unverified"] for p in prereqs),
    }


def compare_row(result, expl, lang: str) -> dict:
    s = result.scheme
    cut = expl.cutoff
    return {"total": fmt(result.total, s.places), "eligible": result.eligible,
            "main_share": pct(result.main_share) if result.main_share is not None else None,
            "cutoff": None if cut is None else {"round": cut.round, "points": fmt(cut.points, s.places)}}
