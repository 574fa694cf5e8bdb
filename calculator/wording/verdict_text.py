"""The decision in words, in the user's language: the headline, each failing or unanswered
condition, the projection and the scenarios. One place, so page, embed, API and CLI say the
same sentences about the same figures (calculator.core.decision)."""
from __future__ import annotations

from functools import partial

from flask_babel import lazy_gettext as _l

from ..core.numbers import fmt
from ..web.i18n import translator, unmet_message

GOOD = frozenset({"at_or_above_cutoff", "meets_threshold", "no_points_needed"})
BAD = frozenset({"not_eligible", "below_threshold", "below_cutoff"})

STOP_REASONS = {
    "retirement": _l("the statutory retirement age"),
    "horizon": _l("%(years)s years from now"),
}
SCENARIO_LABELS = {
    "own_home": _l("Owning a home instead of renting, from %(date)s"),
    "start_growing": _l("%(fact)s: counting from %(date)s"),
    "upgrade": _l("%(fact)s: %(proposed)s instead of %(current)s"),
    "more": _l("%(fact)s: %(proposed)s instead of %(current)s"),
    "award": _l("%(fact)s: %(proposed)s instead of %(current)s"),
}


def points_formatter(places: int):
    """core.numbers.fmt with the scheme's places bound (the one formatting of points; a result
    page formats about fifty figures through it)."""
    return partial(fmt, places=places)


def tone(state: str) -> str:
    """For styling only (the words always say it): good, bad or unknown."""
    return "good" if state in GOOD else "bad" if state in BAD else "unknown"


def month(day) -> str:
    return f"{day.year}-{day.month:02d}"


def headline(v, places: int, lang: str) -> str:
    gettext = translator(lang)
    n = points_formatter(places)
    s = v.state
    if s == "not_eligible":
        return gettext("You cannot apply yet: %(n)s condition(s) not met.", n=len(v.failing))
    if s == "unanswered":
        return gettext("Not known yet: answer %(n)s more question(s) to know whether you can apply.",
                       n=len(v.unanswered_facts))
    if s == "below_threshold":
        return gettext("Below the minimum score: %(total)s points, %(gap)s short of the %(line)s needed to apply.",
                       total=n(v.total), gap=n(v.gap), line=n(v.line_points))
    if s == "meets_threshold":
        return gettext("You reach the minimum score: %(total)s points, against the %(line)s needed.",
                       total=n(v.total), line=n(v.line_points))
    if s == "below_cutoff":
        return gettext("Below the last cutoff: %(total)s points, %(gap)s points (%(percent)s%%) under the "
                       "%(round)s cutoff of %(line)s.", total=n(v.total), gap=n(v.gap),
                       percent=v.percent_below, round=v.line_round, line=n(v.line_points))
    if s == "at_or_above_cutoff":
        return gettext("At or above the last cutoff: %(total)s points, against %(line)s in %(round)s.",
                       total=n(v.total), line=n(v.line_points), round=v.line_round)
    if s == "no_published_line":
        return gettext("You can apply: %(total)s points. No cutoff has been published, so how far that "
                       "is from the line cannot be said.", total=n(v.total))
    return gettext("No points are needed: this city settles by conditions or has no restriction.")


def failing_lines(v, vocab, lang: str) -> list[dict]:
    gettext = translator(lang)
    out = []
    for f in v.failing:
        o = f.outcome
        if f.met_on is not None:
            when = gettext("Time alone meets it in %(month)s, if nothing else changes.", month=month(f.met_on))
        elif f.blocked_by_time:
            when = gettext("Time alone cannot meet it.")
        else:
            when = gettext("Time alone will not meet it before the projection stops.")
        out.append({"id": o.prerequisite.id, "name": o.prerequisite.name[lang], "when": when,
                    "met_on": month(f.met_on) if f.met_on else None,
                    "advice": unmet_message(o, vocab, lang)})
    return out


def stop_text(projection, lang: str) -> str:
    gettext = translator(lang)
    if projection.stop == "condition" and projection.stop_condition is not None:
        return gettext("the condition “%(name)s” on %(date)s",
                       name=projection.stop_condition.prerequisite.name[lang], date=projection.stop_date.isoformat())
    if projection.stop == "retirement":
        reason = STOP_REASONS[projection.stop]
        return gettext("%(reason)s on %(date)s", reason=gettext(reason), date=projection.stop_date.isoformat())
    from ..core.projection import HORIZON_YEARS
    horizon = STOP_REASONS["horizon"]
    return gettext(horizon, years=HORIZON_YEARS)


def projection_text(projection, places: int, lang: str) -> str:
    """One sentence: the first round reaching the line, or that none does before the stop."""
    gettext = translator(lang)
    line, hit = projection.line, projection.reaches
    stop = stop_text(projection, lang)
    if projection.stop_date is not None and projection.rows and projection.stop_date <= projection.rows[0].as_of:
        return gettext("No projection: %(stop)s is on or before the application date. A woman whose original "
                       "retirement age is 55 (cadre posts) should answer that question: the default is 50.",
                       stop=stop) if projection.stop == "retirement" else \
            gettext("No projection: %(stop)s is on or before the application date.", stop=stop)
    if line is None:
        return gettext("Projected with today's rules until %(stop)s; no published line to compare with.", stop=stop)
    what = line_text(line, places, lang)
    if hit is None:
        return gettext("With today's rules, as you age and keep contributing, your total does not reach "
                       "%(what)s before %(stop)s. Cutoffs are past lines, not predictions.", what=what, stop=stop)
    if hit is projection.rows[0]:
        return gettext("Your total already reaches %(what)s.", what=what)
    age = gettext(", aged %(age)s", age=hit.age) if hit.age is not None else ""
    return gettext("With today's rules, as you age and keep contributing, your total first reaches %(what)s "
                   "in the round of %(date)s%(age)s: %(total)s points. Cutoffs are past lines, not "
                   "predictions: a future cutoff may be higher.", what=what, date=hit.as_of.isoformat(),
                   age=age, total=fmt(hit.total, places))


def _value(d, value, lang: str) -> str:
    if d.type == "choice":
        return next((c.label[lang] for c in d.choices if c.value == str(value)), str(value))
    if d.type == "boolean":
        gettext = translator(lang)  # only here: two of these per scenario on every result page
        return gettext("Yes") if value else gettext("No")
    return str(value)


def scenario_lines(found, result, vocab, lang: str) -> list[dict]:
    gettext = translator(lang)
    n = points_formatter(result.scheme.places)
    as_of = result.as_of.isoformat()
    sep = "，" if lang == "zh" else "; "
    out = []
    for s in found:
        d = vocab[s.facts[0]]
        label = gettext(SCENARIO_LABELS[s.kind], fact=d.label[lang], date=as_of,
                        proposed=_value(d, s.proposed.get(d.id), lang), current=_value(d, result.facts.get(d.id), lang))
        effects = []
        if s.delta_now:
            effects.append(gettext("%(delta)s points now", delta=_signed(s.delta_now, n)))
        if s.delta_later:
            effects.append(gettext("%(delta)s points in five years", delta=_signed(s.delta_later, n)))
        if s.sooner_years:
            effects.append(gettext("reaches the line %(n)s year(s) sooner, in the round of %(date)s",
                                   n=s.sooner_years, date=s.reaches.isoformat()))
        elif s.reaches is not None and s.sooner_years is None:
            effects.append(gettext("reaches the line in the round of %(date)s", date=s.reaches.isoformat()))
        elif s.sooner_years == 0:
            effects.append(gettext("no sooner a round"))
        out.append({"kind": s.kind, "label": label, "effect": sep.join(effects), "award": s.award,
                    "sooner": s.sooner_years})
    return out


def _signed(x, n) -> str:
    """`x` written by the formatter `n`, with its sign always shown."""
    text = n(x)
    return text if text.startswith("-") else "+" + text


def line_text(line, places: int, lang: str) -> str:
    """The line a total is measured against, named: the latest cutoff with its year, or the minimum."""
    gettext = translator(lang)
    if line.kind == "cutoff":
        return gettext("the %(round)s cutoff (%(line)s)", round=line.cutoff.round, line=fmt(line.points, places))
    return gettext("the minimum score (%(line)s)", line=fmt(line.points, places))


def distance_text(distance, projection, places: int, lang: str) -> str:
    """How far a city's line is, in the unit every city shares: years at the person's own pace
    (core.projection's yearly rounds), and the total as a percentage of the line."""
    gettext = translator(lang)
    if distance.line is None:
        return gettext("No published line: how far it is cannot be said.")
    what, pct = line_text(distance.line, places, lang), distance.percent
    if distance.years == 0:
        return gettext("%(percent)s%% of %(what)s: reached now.", percent=pct, what=what)
    if distance.years is not None:
        return gettext("%(percent)s%% of %(what)s now; reached in %(years)s year(s) at your pace, in the round "
                       "of %(date)s.", percent=pct, what=what, years=distance.years,
                       date=distance.reaches_on.isoformat())
    return gettext("%(percent)s%% of %(what)s now; not reached at your pace before %(stop)s.", percent=pct,
                   what=what, stop=stop_text(projection, lang))
