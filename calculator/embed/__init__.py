"""Embedding on government portals: /embed/<lang>/<city>/ pages for an iframe, a theme stylesheet
for the portal's colour, and the frame-ancestors allow-list.

The embed pages are the public calculator and result (same views, same rules) in a small
layout. Nothing in them needs a cookie, so they work with third-party cookies blocked. Only
origins in EMBED_ALLOWED_ORIGINS may frame them; every other page refuses framing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, g, request, url_for

from ..web.i18n import LANGS, take_url_lang
from ..public import routes as public
from ..public.pagecache import answer_free_page
from .links import open_outside_links

bp = Blueprint("embed", __name__, url_prefix="/embed")
FRAMED = ("embed.city", "embed.result", "embed.compare")  # the pages a portal may frame
DEFAULT_COLOR = "#1d70b8"  # the calculator's own blue: 5.2:1 against white
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")


def _linear(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def contrast_with_white(color: str) -> float:
    r, gg, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * _linear(r) + 0.7152 * _linear(gg) + 0.0722 * _linear(b)
    return 1.05 / (lum + 0.05)


def safe_color(value: str | None) -> str:
    """The portal's colour if it is a #rrggbb with at least 4.5:1 against white (WCAG AA for the
    white button text and for links on white), else the calculator's default."""
    if value and HEX.match(value) and contrast_with_white(value) >= 4.5:
        return value.lower()
    return DEFAULT_COLOR


def allowed_origins() -> list[str]:
    return [o for o in current_app.config.get("EMBED_ALLOWED_ORIGINS", "").split() if ORIGIN.match(o)]


@dataclass(frozen=True)
class Embed:
    parent: str | None  # the host page's origin, only when it is on the allow-list
    color: str

    def params(self) -> dict:
        p = {"color": self.color} if self.color != DEFAULT_COLOR else {}
        if self.parent:
            p["parent"] = self.parent
        return p


@bp.url_value_preprocessor
def take_lang(endpoint, values):
    take_url_lang(values)
    if endpoint in FRAMED:
        parent = request.args.get("parent")
        g.embed = Embed(parent if parent in allowed_origins() else None, safe_color(request.args.get("color")))


@bp.url_defaults
def add_lang(endpoint, values):
    if "lang" not in values and g.get("lang") and endpoint != "embed.theme":
        values["lang"] = g.lang


@bp.after_request
def frame_policy(resp: Response):
    """frame-ancestors from the allow-list (security.py turns this into the CSP); no cookies."""
    origins = allowed_origins() if request.endpoint in FRAMED else []
    resp.headers["X-Frame-Ancestors"] = " ".join(origins) if origins else "'none'"
    resp.headers.setdefault("Cache-Control", "no-store")
    if request.endpoint in FRAMED and resp.mimetype == "text/html" and not resp.direct_passthrough:
        resp.set_data(open_outside_links(resp.get_data(as_text=True), request.host))
    return resp


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
    from flask import render_template
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


EMBEDDED = {"public.city": "embed.city", "public.result": "embed.result", "public.compare": "embed.compare"}


def embed_url_for(endpoint: str, **values) -> str:
    """url_for inside an embed page: the calculator's own pages stay in the iframe, anything else
    opens on the full site. Colour and parent travel in the query string the pages already carry
    (links append it; the form has them as hidden fields)."""
    e = g.get("embed")
    if e is not None and endpoint in EMBEDDED:
        return url_for(EMBEDDED[endpoint], **values)
    if e is not None and endpoint.startswith("public."):
        return url_for(endpoint, _external=True, **values)
    return url_for(endpoint, **values)


@bp.context_processor
def page_globals():
    from ..public import page_globals as public_globals
    return public_globals()


def init_app(app):
    app.register_blueprint(bp)

    @app.context_processor
    def embed_globals():
        e = g.get("embed")
        return {"embed": e, "url_for": embed_url_for} if e is not None else {"embed": None}
