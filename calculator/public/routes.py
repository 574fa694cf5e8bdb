"""The public pages: home (cities by tier), a city (tier outcome and form), result, compare."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ..web import clock
from ..core.errors import InputError
from ..storage.policy_store import policy_or_shipped as policy_now
from . import bp
from . import steps
from .pagecache import answer_free_page
from .cityinfo import city_info
from .answers import (Answers, PageError, form_facts, hidden_answers, page_errors, period_blocks, questions,
                      read)
from .share import share_view
from .results import break_lines, result_view, source_rows
from .texts import (ROUTE_AS_TIER, ROUTE_NAMES, SCHEME_STATUS, SINCE_LABELS, TIER_MEANING, TIER_NAMES,
                    TIER_ONLY_CHECK, UNIT_NAMES)


@bp.get("/")
def root():
    lang = request.accept_languages.best_match(("zh", "en")) or "zh"
    return redirect(url_for("public.home", lang=lang), 302)


def city_line(city, policy, day: dt.date) -> dict:
    """A city as the lists show it: its tier, its own route where that differs, a scheme or not."""
    own = ROUTE_AS_TIER[city.route] != city.tier or city.route == "services_points"
    return {"city": city, "tier": city.tier, "tier_name": TIER_NAMES[city.tier],
            "own_route": ROUTE_NAMES[city.route] if own else None, "tier_only": city.route_basis == "tier",
            "has_scheme": policy.scheme_for(city.id, day) is not None}


def _city_or_404(city_id: str):
    city = policy_now().cities.get(city_id)
    if city is None:
        abort(404)
    return city


def _form_scheme(city, answers: Answers):
    """The version the form asks about: the one asked for by id, else the one in force on the
    application date (or today), else the newest version the city has."""
    policy = policy_now()
    chosen = policy.schemes.get(answers.scheme_id or "")
    if chosen is not None and chosen.city == city.id:
        return chosen
    s = policy.scheme_for(city.id, answers.as_of or clock.today())
    if s is None and answers.as_of != clock.today():
        s = policy.scheme_for(city.id, clock.today())
    return s or (policy.by_city.get(city.id) or [None])[-1]


def _scheme_context(city, scheme) -> dict:
    policy = policy_now()
    lang = g.lang
    day = clock.today()
    return {"scheme": scheme, "sources": source_rows(scheme, lang),
            "historical": scheme.historical or (scheme.effective_to is not None and scheme.effective_to < day),
            "versions": [s for s in policy.by_city.get(city.id, []) if s.id != scheme.id]}


def labelled(errors, vocab) -> list[PageError]:
    """Errors with the question's label, for the error summary."""
    lang = g.lang
    return [replace(e, label=vocab[e.field].label[lang] if e.field in vocab else
                    str(_l("Application date")) if e.field == "as_of" else "") for e in errors]


def render_city(city, answers: Answers, errors=None, status: int = 200):
    policy = policy_now()
    scheme = _form_scheme(city, answers)
    ctx = {"c": city, "line": city_line(city, policy, clock.today()), "tier_meaning": TIER_MEANING[city.tier],
           "tier_check": TIER_ONLY_CHECK[city.tier] if city.route_basis == "tier" else None,
           "info": city_info(city, g.lang),
           "status_text": SCHEME_STATUS.get(city.scheme_status), "errors": labelled(errors or [], policy.vocab),
           "scheme": None, "units": UNIT_NAMES, "since_labels": SINCE_LABELS}
    if scheme is not None:
        shown = form_facts(scheme, policy.vocab)
        order = ["as_of"] + [q.fact.id for _, _, qs in questions(shown, policy.vocab, answers, []) for q in qs]
        ctx["errors"].sort(key=lambda e: order.index(e.field) if e.field in order else len(order))
        ctx.update(_scheme_context(city, scheme))
        ctx.update(sections=questions(shown, policy.vocab, answers, ctx["errors"]),
                   hidden=hidden_answers(answers, shown), periods=period_blocks(shown, answers),
                   required=" ".join(f for f in shown if policy.vocab[f].required),
                   as_of=answers.values.get("as_of") or clock.today().isoformat(),
                   # a version asked for by id, or shown because none is in force on the date, is kept
                   keep_scheme=scheme.id if answers.scheme_id == scheme.id or
                   policy.scheme_for(city.id, answers.as_of or clock.today()) is None else None)
        if steps.stepped(shown, request.args):
            return steps.page(ctx, answers, shown, status)
    return render_template("public/city.html", **ctx), status


@bp.get("/<lang>/<city_id>/")
@answer_free_page
def city(city_id: str):
    city, answers = _city_or_404(city_id), read(request.args, policy_now().vocab, clock.today())
    if request.args.get("next") and policy_now().by_city.get(city.id):  # a step's form was sent
        return render_city(city, answers, _checked(city, answers, decided=False)[3])
    return render_city(city, answers)


def _checked(city, answers: Answers, decided: bool = True, shown: set[str] | None = None):
    """The answers scored by the version they ask about, through the one call every page uses:
    (result, explanation, decision, page errors). `shown`: the form's facts, when the caller
    has them already."""
    policy = policy_now()
    if shown is None:
        shown = set(form_facts(_form_scheme(city, answers), policy.vocab))
    exc = res = expl = decision = None
    if answers.as_of is not None:
        try:
            s = policy.resolve(city.id, answers.as_of, answers.scheme_id)
            if decided:
                res, expl, decision = policy.assess(city.id, answers.facts, answers.as_of, s.id)
            else:  # a step's check needs only its errors: no verdict, projection or scenarios
                res, expl = policy.evaluate(city.id, answers.facts, answers.as_of, s.id)
        except InputError as e:
            exc = e
    return res, expl, decision, page_errors(answers, exc, g.lang, only=shown, vocab=policy.vocab)


@bp.get("/<lang>/<city_id>/result")
def result(city_id: str):
    policy = policy_now()
    city = _city_or_404(city_id)
    if not policy.by_city.get(city.id):
        return redirect(url_for("public.city", city_id=city.id), 302)
    answers = read(request.args, policy.vocab, clock.today())
    shown = set(form_facts(_form_scheme(city, answers), policy.vocab))
    res, expl, decision, errors = _checked(city, answers, shown=shown)
    if errors or res is None:
        return render_city(city, answers, errors, 400)
    answered = {f for f in answers.facts if f in shown}
    view = result_view(res, expl, policy, answered, g.lang, decision)
    view["breaks"] = break_lines(answers.breaks, g.lang)
    qs = request.query_string.decode("utf-8", "replace")
    return render_template("public/result.html", c=city, r=view, as_of=res.as_of, qs=qs,
                           share=share_view(city, res.scheme, view["decision"]["state"], answers.values),
                           **_scheme_context(city, res.scheme))


@bp.get("/<lang>/compare")
@answer_free_page
def compare():
    """Where can I settle: the same answers in every city, closest first, one follow-up form
    for what any city still asks (core.settle; words in public.settle)."""
    from ..core.settle import compare as compare_all
    from . import settle
    policy = policy_now()
    answers = read(request.args, policy.vocab, clock.today())
    ctx = {"rows": [], "groups": [], "summary": [], "asked": [], "hidden": hidden_answers(answers, []),
           "errors": page_errors(answers, None, g.lang, only=set()), "as_of": answers.as_of,
           "as_of_value": answers.values.get("as_of") or clock.today().isoformat(), "units": UNIT_NAMES,
           "since_labels": SINCE_LABELS, "qs": settle.link_query(request.args)}
    if answers.as_of is not None:
        comparison = compare_all(policy, answers.facts, answers.as_of)
        rows = [settle.scored_row(s, policy, g.lang) for s in comparison.scored]
        errors, asked, hidden = settle.follow_up(comparison, answers, policy, g.lang)
        ctx.update(rows=rows, groups=settle.other_groups(comparison, g.lang), errors=errors, asked=asked,
                   hidden=hidden, summary=settle.soonest(rows, comparison, policy, g.lang))
    ctx["errors"] = labelled(ctx["errors"], policy.vocab)
    return render_template("public/compare.html", **ctx), 400 if ctx["errors"] else 200


@bp.errorhandler(404)
def not_found(e):
    if not g.get("lang"):
        g.lang = request.accept_languages.best_match(("zh", "en")) or "zh"
    asked = (request.view_args or {}).get("city_id")
    near = []
    if asked:  # /zh/lhasa/: offer the cities that name is nearest to
        from ..core.search import search
        found = search(policy_now().cities, asked)
        near = (found.cities or found.nearest)[:5]
    return render_template("public/404.html", near=near), 404


@bp.get("/<lang>/api/")
@answer_free_page
def api_docs():
    """The API for developers, readable: endpoints, the facts with their types and allowed values,
    an example; generated from the same OpenAPI document the API serves."""
    import json

    from ..api.openapi import EXAMPLE, document
    policy = policy_now()
    doc = document(policy)
    endpoints = [{"method": m.upper(), "path": path, "summary": op.get("summary", "")}
                 for path, ops in doc["paths"].items() for m, op in ops.items()]
    facts = [policy.vocab[f].describe(g.lang) for f in policy.vocab.defs]
    return render_template("public/api_docs.html", endpoints=endpoints, facts=facts,
                           example=json.dumps(EXAMPLE, ensure_ascii=False, indent=2))
