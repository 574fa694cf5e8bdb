"""Public pages: language in the URL (/zh/..., /en/...); / picks one from Accept-Language.

GET-only and stateless: answers live in the query string, no cookie is set and the session is
never touched, so a result is a shareable link that works with cookies blocked and JS off.
"""
from __future__ import annotations

from flask import Blueprint, g, request, url_for

from ..web.i18n import take_url_lang
from . import display
from .display import this_page
from .pagecache import LARGE_ONLY

bp = Blueprint("public", __name__)
display.register(bp)


@bp.url_value_preprocessor
def take_lang(endpoint, values):
    take_url_lang(values)


@bp.url_defaults
def add_lang(endpoint, values):
    if "lang" not in values and g.get("lang") and endpoint.startswith("public.") and endpoint != "public.root":
        values["lang"] = g.lang


def switch_url(lang: str) -> str:
    """This page in another language, with the same query string."""
    endpoint, view_args, qs = this_page()  # qs without large text: url_for keeps it
    if not endpoint.startswith(("public.", "embed.")) or endpoint == "embed.theme":
        return url_for("public.home", lang=lang)
    args = {k: v for k, v in view_args.items() if k != "lang"}
    url = url_for(endpoint, **args, lang=lang)
    return f"{url}{'&' if '?' in url else '?'}{qs}" if qs else url


@bp.context_processor
def page_globals():
    lang = g.get("lang") or "zh"
    return {"lang": lang, "other_lang": "en" if lang == "zh" else "zh", "switch_url": switch_url}


@bp.after_request
def keep_answers_out_of_caches(resp):
    """A page showing someone's answers is not kept by the browser or any proxy cache."""
    if request.query_string not in (b"", LARGE_ONLY) and \
            request.endpoint in ("public.city", "public.result", "public.compare"):
        resp.headers["Cache-Control"] = "no-store"
    return resp


from . import directory, fragments, routes, site  # noqa: E402,F401  (routes and the fragment store register on bp)
