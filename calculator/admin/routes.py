"""The console's cities: the list, a city's dashboard, starting a draft, and the lookups every
view shares (a city, a draft or a version, or a 404)."""
from __future__ import annotations


from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from ..storage import versions as V
from ..web.extensions import db
from ..web import clock
from ..storage.models import SchemeVersion
from ..storage.policy_store import current_policy
from . import bp
from .forms import ActionForm, ImportForm, StartDraftForm


# --- cities ------------------------------------------------------------------------------------

def city_or_404(city_id: str):
    city = current_policy().cities.get(city_id)
    if city is None:
        abort(404)
    return city


def console_cities() -> list[str]:
    if current_user.role == "admin":
        have = {r[0] for r in db.session.execute(db.select(SchemeVersion.city).distinct())}
        return [c for c in current_policy().cities if c in have]
    return [current_user.city] if current_user.city else []


@bp.get("/<lang>/")
def index():
    cities = console_cities()
    if current_user.role != "admin" and len(cities) == 1:
        return redirect(url_for("admin.city", city=cities[0]))
    policy = current_policy()
    rows = []
    for cid in cities:
        vs = V.versions(cid)
        force = V.in_force(cid, clock.today())
        rows.append({"city": policy.cities[cid], "in_force": force,
                     "drafts": sum(1 for v in vs if v.status == "draft"),
                     "published": sum(1 for v in vs if v.status == "published")})
    return render_template("admin/index.html", rows=rows)


def version_rows(city: str):
    day = clock.today()
    force = V.in_force(city, day)
    rows = []
    for v in V.versions(city):
        state = "draft" if v.status == "draft" else (
            "in_force" if force is not None and v.id == force.id else
            "scheduled" if v.effective_from > day else "earlier")
        rows.append({"v": v, "state": state})
    return force, rows


@bp.get("/<lang>/<city>/")
def city(city):
    return city_page(city)


def city_page(city_id: str, import_form=None, import_errors=None, status=200):
    c = city_or_404(city_id)
    force, rows = version_rows(city_id)
    return render_template("admin/city.html", c=c, force=force, rows=list(reversed(rows)),
                           start_form=StartDraftForm(), action_form=ActionForm(),
                           import_form=import_form or ImportForm(), import_errors=import_errors or []), status


def draft_or_404(city: str, draft_id: str) -> SchemeVersion:
    row = db.session.get(SchemeVersion, draft_id)
    if row is None or row.city != city or row.status != "draft":
        abort(404)
    return row


def version_or_404(city: str, version_id: str) -> SchemeVersion:
    row = db.session.get(SchemeVersion, version_id)
    if row is None or row.city != city:
        abort(404)
    return row
