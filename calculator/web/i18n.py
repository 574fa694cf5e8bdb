"""Language choice and the translated texts for the core's message codes.

The core speaks in codes (errors.FieldError, prerequisite details); this module is the one place
they become sentences, through Babel, so both languages stay complete.
"""
from __future__ import annotations

import weakref

import flask_babel
from flask import abort, current_app, g, request, request_started
from flask.globals import _cv_app
from babel.support import Translations
from flask_babel import get_translations, lazy_gettext as _l
from jinja2 import pass_eval_context
from markupsafe import Markup

from .extensions import babel
from .templating import request_catalogue

LANGS = ("zh", "en")

FIELD_MESSAGES = {
    "unknown_fact": _l('Unknown fact "%(name)s".'),
    "required": _l("This answer is required."),
    "not_integer": _l("Enter a whole number."),
    "out_of_range": _l("Enter a number from %(min)s to %(max)s."),
    "not_a_date": _l("Enter a real date as YYYY-MM-DD, for example 1990-05-31."),
    "not_in_choices": _l("Choose one of: %(choices)s."),
    "not_boolean": _l("Answer yes or no (true or false)."),
    "date_not_before": _l("The date of birth must be before %(date)s."),
    "age_out_of_range": _l("The applicant must be %(min)s to %(max)s years old; this date of birth gives %(age)s."),
    "exceeds_working_life": _l("This is more than the %(max)s months since the applicant turned %(age)s."),
    "exceeds_lifetime": _l("This is more than is possible at the applicant's age (at most %(max)s)."),
    "exceeds_fact": _l("This cannot be more than the months of social insurance (%(max)s)."),
    "not_an_object": _l("Facts must be an object of name: value pairs."),
    "unknown_city": _l('Unknown city "%(city)s".'),
    "unknown_scheme": _l('Unknown scheme version "%(scheme)s" for this city.'),
    "no_scheme_in_force": _l("No points scheme of this city is in force on %(date)s."),
    "bad_json": _l("The request body must be a JSON object."),
    "bad_date": _l("Enter the date as YYYY-MM-DD."),
    "missing": _l("This field is required."),
    "bad_lang": _l("The language must be zh or en."),
    "bad_cities": _l("Cities must be a list of at most 100 city ids."),
    "bad_applicants": _l("Applicants must be a list of 1 to %(max)s facts objects."),
}

UNITS = {"month": _l("months"), "day": _l("days"), "year": _l("years"), "count": _l("records"),
         "point": _l("points")}


def take_url_lang(values, fallback: str | None = None) -> None:
    """url_value_preprocessor body for /<lang>/... pages: the language goes to g.lang; any
    other value in its place is a 404, shown in `fallback` when one is given (else the 404
    handler picks one)."""
    if values and "lang" in values:
        lang = values.pop("lang")
        if lang not in LANGS:
            if fallback:
                g.lang = fallback
            abort(404)
        g.lang = lang


def _fresh_locale(sender, **extra):
    """Each request picks its own locale. Flask-Babel keeps the one it picked in `g`, which lives
    as long as the app context: in production one request, but where a caller holds one app
    context open over many requests (the tests' fixture, the benchmarks) the first request's
    language stayed for the rest (an English page with Chinese labels)."""
    if g.get("_flask_babel") is not None:  # a fresh app context has nothing to forget
        flask_babel.refresh()


def pick_lang() -> str:
    """The URL's language (set by the route), else ?lang=, else Accept-Language, else zh."""
    lang = g.get("lang")
    if lang in LANGS:
        return lang
    if request:
        arg = request.args.get("lang")
        if arg in LANGS:
            return arg
        return request.accept_languages.best_match(LANGS) or "zh"
    return "zh"


def init_app(app):
    babel.init_app(app, locale_selector=pick_lang)
    request_started.connect(_fresh_locale, app)
    app.context_processor(template_gettext)
    from ..core.numbers import percent
    app.add_template_filter(percent)  # the core's one percentage format, for templates


def _newstyle(gettext, ngettext):
    """Jinja's newstyle gettext semantics (escape under autoescape, always %-format) over one
    catalogue. They take the evaluation context, not the template context: Jinja copies the
    whole template context for every pass_context call made inside a loop or a block that sets a
    variable, which is most `_()` calls. A string used without variables (most headings and
    labels) always gives the same Markup, so it is made once per catalogue."""
    finished: dict[str, Markup] = {}

    @pass_eval_context
    def _gettext(eval_ctx, message, **variables):
        if not variables and eval_ctx.autoescape:
            done = finished.get(message)
            if done is None:
                done = Markup(gettext(message)) % variables
                if len(finished) < 2048:  # the templates' literals (a few hundred), never more
                    finished[message] = done
            return done
        text = gettext(message)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    @pass_eval_context
    def _ngettext(eval_ctx, singular, plural, num, **variables):
        variables.setdefault("num", num)
        text = ngettext(singular, plural, num)
        return (Markup(text) if eval_ctx.autoescape else text) % variables
    return _gettext, _ngettext


# per catalogue, made once and living as long as it (Flask-Babel keeps one per locale)
_template_callables: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def template_gettext() -> dict:
    """The request's catalogue, looked up once per render instead of once per string.

    Flask-Babel's template callables find the locale through several context-local lookups for
    every `_()` call; the result page has dozens, which was a quarter of its render time. Names
    in the render context win over the environment's globals, so `_()` and `{% trans %}` use
    these (`_` too: Jinja's own alias looks `gettext` up again through a copied context). A
    macro imported without context falls back to Flask-Babel's: the same answer, slower. The
    catalogue is the one the template loader chose for this request (templating.request_catalogue,
    kept in its environ): asking Flask-Babel again cost 13-15 µs a page."""
    t = request_catalogue()
    if t is None:  # no app context: Flask-Babel's empty catalogue, as before
        t = get_translations()
    pair = _template_callables.get(t)
    if pair is None:
        pair = _template_callables[t] = _newstyle(t.ugettext, t.ungettext)
    gettext, ngettext = pair
    return {"gettext": gettext, "ngettext": ngettext, "_": gettext}


_catalogues: dict[tuple[str, str], Translations] = {}
_translators: dict = {}


def translator(lang: str):
    """gettext for an explicit language, without switching the request's locale.

    Flask-Babel's force_locale parses the locale and reloads on every use, which was the largest
    single cost of an API answer; catalogues here are loaded once per process and language.
    Named `gettext` where it is used so `pybabel extract` still finds the strings. The app is read
    from Flask's context variable, not through the `current_app` proxy: a result page asks for a
    translator a dozen times and the proxy was most of each call."""
    ctx = _cv_app.get(None)
    dirs = (ctx.app if ctx is not None else current_app).config["BABEL_TRANSLATION_DIRECTORIES"]
    fn = _translators.get((dirs, lang))
    if fn is not None:
        return fn
    cat = _catalogues.get((dirs, lang))
    if cat is None:
        first, *rest = dirs.split(";")
        cat = Translations.load(first, [lang])
        for d in rest:
            t = Translations.load(d, [lang])
            if isinstance(cat, Translations) and isinstance(t, Translations):
                cat.merge(t)
        _catalogues[(dirs, lang)] = cat

    known = getattr(cat, "_catalog", {}).get  # the merged catalogue's own dict: one look-up, not four

    def gettext(message, **params):
        msgid = message if type(message) is str else \
            message._args[0] if hasattr(message, "_func") else message  # a lazy string's msgid
        text = known(msgid)
        if text is None:  # untranslated, plural-keyed or absent: gettext's own way
            text = cat.ugettext(msgid)
        return text % params if params else text
    _translators[(dirs, lang)] = gettext
    return gettext


def field_message(err, lang: str) -> str:
    params = dict(err.params)
    if "choices" in params:
        params["choices"] = ", ".join(params["choices"])
    return translator(lang)(FIELD_MESSAGES.get(err.code, FIELD_MESSAGES["required"])) % params


def unit_label(unit: str | None, lang: str) -> str:
    return translator(lang)(UNITS[unit]) if unit in UNITS else ""


def unmet_message(outcome, vocab, lang: str) -> str:
    """What would meet an unmet prerequisite, in words, from the same check that failed."""
    p, d = outcome.prerequisite, outcome.detail
    name = p.name[lang]
    gettext = translator(lang)
    kind = d.get("kind")
    if kind == "at_least":
        unit = unit_label(vocab[d["fact"]].unit, lang)
        text = gettext("You need %(shortfall)s more %(unit)s: at least %(required)s, you have %(actual)s.",
                       shortfall=d["shortfall"], unit=unit, required=d["required"], actual=d["actual"])
    elif kind == "at_most":
        text = gettext("At most %(required)s are allowed; you have %(actual)s.",
                       required=d["required"], actual=d["actual"])
    elif kind == "is_true":
        text = gettext("Required: %(name)s.", name=name)
    elif kind == "is_false":
        text = gettext("This rules out applying: %(name)s.", name=name)
    elif kind == "age_below":
        text = gettext("Applicants must be under %(required)s; you are %(actual)s. Waiting cannot meet this.",
                       required=d["required"], actual=d["actual"])
    elif kind == "below_retirement_age":
        text = gettext("Applicants must be under the statutory retirement age. Yours is %(age)s, reached on "
                       "%(date)s (%(month)s). Waiting cannot meet this.",
                       age=retirement_age_label(d, lang), date=d["retirement_date"].isoformat(),
                       month=month_label(d["retirement_date"], lang))
        text = f"{text}{_category_hint(d, gettext)}"
    else:
        text = gettext("Meet at least one of the conditions listed.")
    if p.advice:
        text = f"{text} {p.advice[lang]}"
    return text


def month_label(day, lang: str) -> str:
    """A month in words: 2027年3月, March 2027."""
    if lang == "zh":
        return f"{day.year}年{day.month}月"
    import calendar
    return f"{calendar.month_name[day.month]} {day.year}"


def retirement_age_label(d: dict, lang: str) -> str:
    """An age of years and months from a below_retirement_age detail: 60周岁3个月, 60 years 3 months."""
    gettext = translator(lang)
    if d["months"] == 1:
        return gettext("%(years)s years 1 month", years=d["years"])
    if d["months"]:
        return gettext("%(years)s years %(months)s months", years=d["years"], months=d["months"])
    return gettext("%(years)s years", years=d["years"])


def _category_hint(d: dict, gettext) -> str:
    if d.get("category") == "worker" and not d.get("category_fixed"):
        return " " + gettext("This is the age for women whose original retirement age is 50; if yours is 55 "
                             "(managerial or technical posts), change that answer.")
    return ""


def retirement_note(outcome, lang: str) -> str | None:
    """For a met retirement-age condition: the exact month it stops being met (the projection
    ends there); None for every other condition."""
    d = outcome.detail
    if d.get("kind") != "below_retirement_age":
        return None
    gettext = translator(lang)
    text = gettext("You reach the statutory retirement age, %(age)s, on %(date)s (%(month)s).",
                   age=retirement_age_label(d, lang), date=d["retirement_date"].isoformat(),
                   month=month_label(d["retirement_date"], lang))
    return f"{text}{_category_hint(d, gettext)}"


def summary(result, expl, lang: str) -> list[str]:
    """The explanation in sentences: the same numbers the API returns, said plainly."""
    from ..core.numbers import fmt, percent
    out = []
    gettext = translator(lang)
    if result.main_share is not None:
        out.append(gettext("Social insurance and residence make up %(percent)s%% of your points.",
                           percent=percent(result.main_share)) + " " +
                   (gettext("That is the main share, as the national opinion requires.")
                    if result.is_main_share else
                    gettext("That is not the main share the national opinion asks for.")))
    if expl.dominant is not None and expl.dominant.share is not None:
        out.append(gettext("Your largest item is %(item)s: %(points)s points, %(percent)s%% of your total.",
                           item=expl.dominant.item.name[lang], points=fmt(expl.dominant.points),
                           percent=percent(expl.dominant.share)))
    if expl.per_year is not None:
        out.append(gettext("One more year of social insurance and residence adds %(points)s points, "
                           "with your age and everything else unchanged.", points=fmt(expl.per_year)))
    c = expl.cutoff
    if c is not None:
        if expl.gap == 0:
            out.append(gettext("Your total reaches the latest published cutoff, %(cutoff)s in %(round)s.",
                               cutoff=fmt(c.points), round=c.round))
        else:
            out.append(gettext("The latest published cutoff was %(cutoff)s in %(round)s: you are %(gap)s points below it.",
                               cutoff=fmt(c.points), round=c.round, gap=fmt(expl.gap)))
    return out
