"""Large-text mode (大字版, as MIIT's 2020 ageing-friendly rules ask of public-service sites).

Its state is one query parameter, `large=1`, never a cookie: it works with cookies blocked, in a
shared link and in an embed. Every link the calculator builds to its own pages carries it
(url_defaults), the forms carry it as a hidden input (templates/public/_display_field.html), and
a redirect is built with url_for, so it survives links, forms and redirects.
"""
from __future__ import annotations

from flask import g, request, url_for

LARGE = "large"
# not pages: the share image, the QR code and the embed theme look the same in either mode
NOT_PAGES = frozenset({"public.share_image", "public.result_qr", "embed.theme"})
PAGE_SLOT = "calculator.this_page"  # this_page()'s answer, in the request's WSGI environ


def is_large() -> bool:
    return g.get("large_text", False)


def without_param(query_string: str, name: str = LARGE) -> str:
    """A raw query string without one parameter, the rest byte for byte as it came."""
    return "&".join(p for p in query_string.split("&") if p and p.split("=", 1)[0] != name)


def link_query(query_string: str) -> str:
    """What a template appends to url_for(...) to carry a page's answers: url_for already added
    `large=1` when the mode is on, so the answers follow with '&' then."""
    rest = without_param(query_string)
    if not rest:
        return ""
    return ("&" if is_large() else "?") + rest


def this_page() -> tuple[str, dict, str]:
    """(endpoint, view args, query string without `large`) of this request. Both links every
    page shows to itself (language switch, large-text toggle) start from these; they are worked
    out once, kept in the request's WSGI environ (per request, like public/fragments.py's slot)."""
    environ = request.environ
    page = environ.get(PAGE_SLOT)
    if page is None:
        page = environ[PAGE_SLOT] = (request.endpoint or "", request.view_args or {},
                                     without_param(request.query_string.decode("utf-8", "replace")))
    return page


def toggle_url() -> str:
    """This page with large text switched the other way, everything else kept."""
    endpoint, view_args, rest = this_page()
    args = dict(view_args)
    if not endpoint.startswith(("public.", "embed.")) or endpoint in NOT_PAGES:
        endpoint, args = "public.home", {}
    if "lang" not in args and g.get("lang"):
        args["lang"] = g.lang
    url = url_for(endpoint, **args, **{LARGE: None if is_large() else "1"})
    return f"{url}{'&' if '?' in url else '?'}{rest}" if rest else url


def register(bp):
    """On the public blueprint, for the whole app (embed pages and redirects too)."""
    @bp.before_app_request
    def read_mode():
        g.large_text = request.args.get(LARGE) == "1"

    @bp.app_url_defaults
    def keep_mode(endpoint, values):
        if g.get("large_text") and LARGE not in values and endpoint.startswith(("public.", "embed.")) \
                and endpoint not in NOT_PAGES:
            values[LARGE] = "1"

    @bp.app_context_processor
    def mode_globals():
        return {"large_text": is_large(), "link_query": link_query, "large_toggle_url": toggle_url}
