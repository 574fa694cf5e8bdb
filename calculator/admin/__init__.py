"""The officials' console: /admin/<lang>/... (zh, en), for signed-in officials and administrators.

Every URL but sign-in answers a redirect to sign-in when signed out; an official sees and changes
only their own city (any other city's URL answers 403); every response is no-store and keeps the
default frame-ancestors 'none'. Changes go through calculator.storage.versions (drafts with optimistic
locking, publishing by date, rollback, audit log, YAML import and export).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from ..web.i18n import LANGS, take_url_lang

bp = Blueprint("admin", __name__, url_prefix="/admin")
OPEN_ENDPOINTS = {"admin.login"}


@bp.url_value_preprocessor
def take_lang(endpoint, values):
    take_url_lang(values, fallback="zh")  # the console's error page needs a language


@bp.url_defaults
def add_lang(endpoint, values):
    if "lang" not in values and endpoint.startswith("admin.") and endpoint != "admin.root":
        values["lang"] = g.get("lang") or "zh"


def safe_next(target: str | None) -> str | None:
    """Only a path on this site under /admin/ (never another host) is followed after sign-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin/") or "\\" in target:
        return None
    return target


@bp.before_request
def check_csrf():
    """CSRF on every state-changing request of the console. The rest of the site has no session
    and no cookie (calculator/web/sessions.py), so the app-wide check is off (WTF_CSRF_CHECK_DEFAULT)
    and the API's JSON answers do not pay for it."""
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and current_app.config.get("WTF_CSRF_ENABLED", True):
        from ..web.extensions import csrf
        csrf.protect()


@bp.before_request
def require_sign_in():
    if not g.get("lang"):
        g.lang = request.accept_languages.best_match(LANGS) or "zh"
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        nxt = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("admin.login", lang=g.lang, next=safe_next(nxt)))
    city = (request.view_args or {}).get("city")
    if city is not None:
        if not current_user.may_edit(city):
            abort(403)
        from ..storage.policy_store import current_policy
        if city not in current_policy().cities:
            abort(404)
    return None


@bp.after_request
def no_store(resp):
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["Pragma"] = "no-cache"
    resp.headers.pop("X-Frame-Ancestors", None)  # admin pages are never framed: frame-ancestors 'none'
    return resp


def switch_url(lang: str) -> str:
    args = dict(request.view_args or {})
    if request.endpoint and request.endpoint.startswith("admin.") and request.endpoint != "admin.root" \
            and request.method == "GET":
        url = url_for(request.endpoint, **args, lang=lang)
        qs = request.query_string.decode("utf-8", "replace")
        return f"{url}?{qs}" if qs else url
    if request.endpoint and request.endpoint.startswith("admin.") and request.method != "GET":
        # a POST answered with a page: switch to the page the form belongs to
        endpoint = {"admin.draft_yaml": "admin.draft", "admin.import_yaml": "admin.city",
                    "admin.start_draft": "admin.city", "admin.discard": "admin.city",
                    "admin.logout": "admin.index"}.get(request.endpoint, request.endpoint)
        keep = {k: v for k, v in args.items() if k in ("city", "draft_id", "version_id")}
        try:
            return url_for(endpoint, **keep, lang=lang)
        except Exception:
            return url_for("admin.index", lang=lang)
    return url_for("admin.index", lang=lang)


@bp.context_processor
def page_globals():
    lang = g.get("lang") or "zh"
    from .forms import ActionForm
    from flask_babel import format_datetime

    from .messages import STATES, STATUSES
    return {"format_datetime": format_datetime, "lang": lang, "other_lang": "en" if lang == "zh" else "zh", "switch_url": switch_url,
            "signout_form": ActionForm() if current_user.is_authenticated else None,
            "STATES": STATES, "STATUSES": STATUSES, "author": author, "published_on": published_on,
            "status_words": _status_words}


def _status_words() -> dict:
    from .effects import status_words
    return status_words()


def author(name: str | None) -> str:
    """Who made a version or an audit entry: the versions loaded from the shipped files were
    made by no official."""
    from flask_babel import gettext as _
    if name == "shipped":
        return _("shipped with the software")
    return name or "—"


def published_on(v) -> str:
    """When a version was published: a shipped one on its effective date (the time the database
    was set up says nothing to an official), an official's at the moment they published it."""
    from flask_babel import format_datetime
    if v.created_by == "shipped":
        return v.effective_from.isoformat()
    return format_datetime(v.published_at, "yyyy-MM-dd HH:mm") if v.published_at else "—"


def _error_page(code: int, title: str, text: str):
    return render_template("admin/error.html", code=code, title=title, text=text), code


@bp.errorhandler(400)
def bad_request(e):
    return _error_page(400, _("The request could not be understood"),
                       _("Something in the form was missing or not as expected. Nothing was changed."))


@bp.errorhandler(403)
def forbidden(e):
    return _error_page(403, _("You cannot open this page"),
                       _("This page belongs to another city. Officials see and change only their own city."))


@bp.errorhandler(404)
def not_found(e):
    return _error_page(404, _("Page not found"), _("There is no such page, version or draft in the console."))


@bp.errorhandler(405)
def not_allowed(e):
    return _error_page(405, _("Not allowed"), _("This address does not accept that kind of request."))


@bp.errorhandler(413)
def too_large(e):
    return _error_page(413, _("The file is too large"), _("Upload a scheme file of at most 256 KB."))


@bp.errorhandler(429)
def too_many(e):
    retry = getattr(e, "retry_after", None) or 60
    resp = _error_page(429, _("Too many sign-in attempts"),
                       _("Too many wrong passwords were tried for this account or from your network. "
                         "Wait %(seconds)s seconds, then try again. Each further wrong password makes the "
                         "wait longer, up to a minute.", seconds=retry))
    return resp[0], 429, {"Retry-After": str(retry)}


@bp.errorhandler(Exception)
def server_error(e):
    from werkzeug.exceptions import HTTPException
    if isinstance(e, HTTPException):
        return e
    from flask import current_app
    current_app.logger.exception("unhandled error on %s", request.path)
    from ..web.extensions import db
    db.session.rollback()
    return _error_page(500, _("Something went wrong"),
                       _("The console could not finish this request. Nothing was changed. Try again; if it "
                         "happens again, tell the administrator the time it happened."))


@bp.errorhandler(CSRFError)
def csrf_failed(e):
    # A genuine token of this session that only expired (the page stayed open too long): give the
    # official their draft text back instead of losing it. Nobody else can make such a token.
    if e.description == "The CSRF token has expired." and request.endpoint in ("admin.save_numbers",
                                                                               "admin.draft_yaml"):
        city = (request.view_args or {}).get("city")
        if current_user.is_authenticated and city and current_user.may_edit(city):
            from .drafts import after_expired_token
            return after_expired_token(city, request.view_args.get("draft_id", ""))
    return _error_page(400, _("The form could not be accepted"),
                       _("The form was not sent from this console or it expired. Nothing was changed. "
                         "Go back, reload the page and try again."))


from . import drafts, history, routes, sign_in  # noqa: E402,F401  (views register on bp, one module per job)
from . import simulate  # noqa: E402,F401  (the impact simulation page)
