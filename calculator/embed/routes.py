"""The embed pages: the public calculator, result and compare views in the small layout, the
portal's theme stylesheet and the snippet builder."""
from __future__ import annotations

from flask import Response, g, render_template, request, url_for

from ..web.i18n import LANGS
from ..public import routes as public
from ..public.pagecache import answer_free_page
from . import allowed_origins, bp
from .theme import DEFAULT_COLOR, safe_color


@bp.get("/<lang>/<city_id>/")
def city(city_id: str):
    return public.city(city_id)


@bp.get("/<lang>/<city_id>/result")
def result(city_id: str):
    return public.result(city_id)


@bp.get("/<lang>/compare")
def compare():
    """The public compare page in the embed layout (its links to cities stay in the embed)."""
    return public.compare()


@bp.get("/theme.css")
def theme():
    c = safe_color(request.args.get("color"))
    css = (f"a{{color:{c}}}header.site{{border-bottom-color:{c}}}.sec{{border-top-color:{c}}}"
           f".button{{background:{c};box-shadow:0 2px 0 #0b0c0c}}.button:hover{{background:{c};filter:brightness(.85)}}"
           f".bar .pos{{fill:{c}}}.chart .you-line{{stroke:{c}}}.calc{{background:{c}}}")
    resp = Response(css, mimetype="text/css")
    resp.headers["Cache-Control"] = "public, max-age=86400"
    return resp


@bp.get("/<lang>/")
@answer_free_page
def docs():
    """How to embed: the snippet builder (works without JavaScript) and the parameters."""
    policy = public.policy_now()
    cities = [c for c in policy.cities.values() if policy.by_city.get(c.id)]
    city = request.args.get("city") if request.args.get("city") in policy.cities else "beijing"
    frame_lang = request.args.get("frame_lang") if request.args.get("frame_lang") in LANGS else g.lang
    raw_color = (request.args.get("color") or "").strip()
    color = safe_color(raw_color) if raw_color else DEFAULT_COLOR
    rejected = bool(raw_color) and color != raw_color.lower()
    src = url_for("static", filename="embed.js", _external=True)
    snippet = (f'<script src="{src}" data-city="{city}" data-lang="{frame_lang}"'
               + (f' data-color="{color}"' if raw_color and not rejected else "") + "></script>")
    return render_template("embed/docs.html", cities=cities, city=city, frame_lang=frame_lang, color=raw_color,
                           rejected=rejected, snippet=snippet, default_color=DEFAULT_COLOR,
                           allowed=allowed_origins())
