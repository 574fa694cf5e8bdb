"""Parts of a page that hold nobody's answers, rendered once and reused in every page showing them.

A result page is mostly about one person, but its sources, how points are counted, the past
cutoffs table, the header's and footer's links depend only on the scheme, the language and the
display mode: rendering them was about 300 µs of the page's 2.5 ms. A template wraps such a part in

    {% call fragment("scheme-about", scheme.id, scheme.version) %} ... {% endcall %}

naming what the part shows; the language, large-text mode, embed or not and the site's root URL
(what url_for and the words depend on; hosts are limited to TRUSTED_HOSTS) are added to the key
here. Never put anything a person entered inside one, or name it in a key: its HTML is served to
everyone whose key is the same (tests/test_fragments.py checks the result page). The store starts
afresh when the published set or the day changes (as pagecache does) and stops growing at
MAX_FRAGMENTS, after which parts are rendered every time.
"""
from __future__ import annotations

from flask import current_app, g, request
from markupsafe import Markup

from ..web import clock
from ..storage.policy_store import policy_or_shipped
from . import bp

SLOT = "calculator.fragments"  # the request's key in its WSGI environ
MAX_FRAGMENTS = 4096  # 337 cities' schemes x 2 languages x 2 modes, with room to spare; each is a few KB


def _fragments() -> dict:
    """This app's fragments for this published set and day."""
    policy, day = policy_or_shipped(), clock.today()
    slot = current_app.extensions.get("fragment_cache")
    if slot is None or slot["policy"] is not policy or slot["day"] != day:
        slot = current_app.extensions["fragment_cache"] = {"policy": policy, "day": day, "parts": {}}
    return slot["parts"]


def request_key() -> tuple:
    """What a part's words and links depend on besides what the template names."""
    return (request.root_url, g.get("lang"), g.get("large_text", False), g.get("embed") is not None)


def _request_slot() -> tuple[dict, tuple]:
    """(store, request key), worked out at the request's first fragment and kept in its WSGI
    environ (per request, unlike `g`, which a test's app context shares between requests):
    each costs several context-local lookups, and a page has half a dozen fragments."""
    environ = request.environ
    slot = environ.get(SLOT)
    if slot is None:
        slot = environ[SLOT] = (_fragments(), request_key())
    return slot


@bp.app_template_global()
def fragment(*names, caller):
    """The part's HTML from the store, or rendered by its block (`caller`) and kept."""
    parts, request_part = _request_slot()
    key = names + request_part
    html = parts.get(key)
    if html is None:
        html = Markup(caller())
        if len(parts) < MAX_FRAGMENTS:
            parts[key] = html
    return html
