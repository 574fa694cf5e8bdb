"""Sharing a result: the short link, its QR code and the share tags (og:*) of a result page.

The link holds the person's answers, so it is made for each response only: never cached, never
logged (the app's logs drop query strings, calculator/ops.py). The QR code is an <img> of its own
route (site.result_qr) with the same short query: drawn inline as a data: URI it cost every
result page about 4 ms (7 ms instead of 3, over the page's 5 ms budget), and an image at an
address is what WeChat's press-and-hold reads most reliably. It is no-store like the page. The
share tags and the share image say only the city, the scheme version and the verdict's state:
nothing a person entered.
"""
from __future__ import annotations

import io
import re
from typing import Mapping
from urllib.parse import quote_plus

import segno
from flask import g, url_for
from flask.globals import _cv_request
from flask_babel import lazy_gettext as _l

from ..web.i18n import translator
from .display import LARGE

# Error correction M survives a crease or a glare; a fixed mask skips segno's trial of all eight
# (12 ms -> 3 ms for a 300-character link), which any reader decodes just as well.
QR_OPTIONS = {"error": "m", "mask": 3, "micro": False}
QR_MAX_LINK = 2000  # bytes; a version-40 code at level M holds 2,331, and no real answers come near

VERDICT_STATES = {
    "not_eligible": _l("Conditions not met yet"),
    "unanswered": _l("More answers needed to know"),
    "below_threshold": _l("Below the minimum score"),
    "meets_threshold": _l("Reaches the minimum score"),
    "below_cutoff": _l("Below the last published cutoff"),
    "at_or_above_cutoff": _l("At or above the last published cutoff"),
    "no_published_line": _l("Can apply; no cutoff published yet"),
    "no_points_needed": _l("No points needed"),
}


_URL_SAFE = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch  # what quote_plus leaves as it is


def _quoted(text: str) -> str:
    return text if _URL_SAFE(text) else quote_plus(text)


def short_query(values: Mapping[str, str]) -> str:
    """The answers as the pages read them (answers.read: only names the calculator knows, so no
    display flag, embed colour or WeChat's own `from=`), without the empty ones a form sends for
    every blank input; the link reproduces the same result. The same text as urlencode, which
    quoted every name and value through three calls each (most are plain: a date, a number)."""
    return "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in values.items() if v.strip())


def share_link(city_id: str, values: Mapping[str, str]) -> str:
    """The result on the full site (also from inside an embed), absolute, with the short query."""
    return _with_query(city_id, short_query(values))


def _address(endpoint: str, external: bool = False, **values) -> str:
    """url_for for the share block's addresses. They name every value the app's url_defaults
    would add (the language; no large-text flag), so those have nothing to do: building through
    the request's URL adapter skips them (about 11 µs an address, a third of share_view)."""
    ctx = _cv_request.get(None)
    adapter = ctx.url_adapter if ctx is not None else None
    if adapter is None:
        return url_for(endpoint, _external=external, **values, **{LARGE: None})
    return adapter.build(endpoint, values, force_external=external)


def _with_query(city_id: str, q: str) -> str:
    base = _address("public.result", True, city_id=city_id, lang=g.lang)
    return f"{base}?{q}" if q else base


def qr_svg(link: str) -> bytes:
    """An SVG QR code of `link` from segno (4 modules of quiet zone, sized by the page's CSS)."""
    out = io.BytesIO()
    segno.make(link, **QR_OPTIONS).save(out, kind="svg", scale=1, border=4, omitsize=True, xmldecl=False)
    return out.getvalue()


def share_view(city, scheme, state: str, values: Mapping[str, str]) -> dict:
    """What the result page's share block and share tags need; `values` are Answers.values."""
    q = short_query(values)  # once: link and QR code carry the same query
    link = _with_query(city.id, q)
    lang = g.lang
    gettext = translator(lang)
    verdict = gettext(VERDICT_STATES.get(state, VERDICT_STATES["unanswered"]))
    return {
        "link": link,
        "qr": None if len(link.encode()) > QR_MAX_LINK else
        _address("public.result_qr", city_id=city.id, lang=lang) + (f"?{q}" if q else ""),
        "title": f"{city.name[lang]} · {verdict}",
        "description": f"{scheme.title[lang]} · {gettext('version %(v)s', v=scheme.version)}",
        "image": _address("public.share_image", True, city_id=city.id, scheme_id=scheme.id, state=state, lang=lang),
    }
