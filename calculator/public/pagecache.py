"""Rendered pages that hold nobody's answers, kept per process until the published set changes.

The home page, a city's empty form, the empty compare form and the docs pages depend only on the
published versions, the date, the language and the URL. When an application window opens these
are most of the traffic, and rendering them took about 2 ms each. A page with a query string
(answers, a search, an embed's colour; large-text mode alone aside) is never kept: it may describe an applicant, and applicants'
data is not stored, even in memory.
"""
from __future__ import annotations

from functools import wraps

from flask import current_app, request

from ..web import clock
from ..storage.policy_store import policy_or_shipped

MAX_PAGES = 2048  # 337 cities x 2 languages x (site + embed) = 1,348, plus the lists and docs, with room
# to spare; a city page is 5 to 60 KB, so a full cache is well under 100 MB per process
# Browsers and shared caches (a portal's CDN) may keep these pages for five minutes: the load of an
# opening application window stays off the servers, and a publish reaches everyone within that
# time. Pages with answers say no-store instead (public/__init__.py).
SHARED_CACHE = {"Cache-Control": "public, max-age=300"}
LARGE_ONLY = b"large=1"  # large-text mode (display.py) on an answer-free page: still nobody's answers


def _pages(policy, day) -> dict:
    """This app's pages for this published set and day; a publish (a new Policy object) or a new
    day starts afresh, so nothing stale is ever served."""
    slot = current_app.extensions.get("page_cache")
    if slot is None or slot["policy"] is not policy or slot["day"] != day:
        slot = current_app.extensions["page_cache"] = {"policy": policy, "day": day, "pages": {}}
    return slot["pages"]


def answer_free_page(view):
    """Cache the view's 200 answer by full URL (host included: the footer prints the page's
    address), and let browsers and shared caches keep it too. Other statuses are not kept; the
    cache stops growing at MAX_PAGES (Host headers are the client's to choose), after which
    pages are rendered every time."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.query_string and request.query_string != LARGE_ONLY:
            return view(*args, **kwargs)
        pages = _pages(policy_or_shipped(), clock.today())
        page = pages.get(request.url)
        if page is None:
            rv = view(*args, **kwargs)
            if not isinstance(rv, str) and not (isinstance(rv, tuple) and rv[1] == 200):
                return rv
            page = rv if isinstance(rv, str) else rv[0]
            if len(pages) < MAX_PAGES:
                pages[request.url] = page
        return page, 200, SHARED_CACHE
    return wrapper
