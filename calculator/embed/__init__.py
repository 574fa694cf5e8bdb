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

from ..web.i18n import take_url_lang
from .links import open_outside_links
from .theme import DEFAULT_COLOR, contrast_with_white, safe_color  # noqa: F401  (the theme's names, as before)

bp = Blueprint("embed", __name__, url_prefix="/embed")
FRAMED = ("embed.city", "embed.result", "embed.compare")  # the pages a portal may frame
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")


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


from . import routes  # noqa: E402,F401  (routes register on bp)
