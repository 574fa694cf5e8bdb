"""Public pages: language in the URL (/zh/..., /en/...); / picks one from Accept-Language."""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from ..core.policy import default_policy

bp = Blueprint("public", __name__)
LANGS = ("zh", "en")


@bp.url_value_preprocessor
def take_lang(endpoint, values):
    if values and "lang" in values:
        if values["lang"] not in LANGS:
            abort(404)
        g.lang = values.pop("lang")


@bp.url_defaults
def add_lang(endpoint, values):
    if "lang" not in values and g.get("lang") and endpoint.startswith("public.") and endpoint != "public.root":
        values["lang"] = g.lang


@bp.get("/")
def root():
    lang = request.accept_languages.best_match(LANGS) or "zh"
    return redirect(url_for("public.home", lang=lang), 302)


@bp.get("/<lang>/")
def home():
    policy = default_policy()
    return render_template("public/home.html", cities=list(policy.cities.values()), lang=g.lang)
