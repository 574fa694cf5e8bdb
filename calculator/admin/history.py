"""Versions and history: publish (with the guard), rollback, the history with its comparison,
one version, its YAML export, and the audit log."""
from __future__ import annotations


from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..storage import versions as V
from ..core.errors import SchemeError
from ..web.extensions import db
from ..web import clock
from ..storage.models import AuditEntry, SchemeVersion
from ..storage.policy_store import current_policy
from . import bp
from . import diffs, field_problems, guard
from .forms import PublishForm, StartDraftForm
from ..wording.problems import problem_lines
from .drafts import conflict_page, published_base, was_draft_of
from .routes import city_or_404, version_or_404, version_rows
from .messages import ACTIONS, version_error_text


# --- publish and rollback ----------------------------------------------------------------------

def place_version_error(e: "V.VersionError", form) -> str | None:
    """A refused publish or rollback: the message goes next to its field (label or date), or is
    returned for the top of the page."""
    target = {"label": form.label, "effective_from": form.effective_from,
              "confirm": getattr(form, "confirm", None), "reason": getattr(form, "reason", None)}.get(e.field)
    if target is None:
        return version_error_text(e)
    target.errors.append(version_error_text(e))
    return None


@bp.route("/<lang>/<city>/drafts/<draft_id>/publish", methods=["GET", "POST"])
def publish(city, draft_id):
    row = db.session.get(SchemeVersion, draft_id)
    if row is None and request.method == "POST" and was_draft_of(city, draft_id):
        # published or discarded by another request (or another tab) meanwhile
        return conflict_page(city, V.VersionError("just_published", id=draft_id))
    if row is None or row.city != city or row.status != "draft":
        abort(404)
    form = PublishForm()
    base = published_base(row)
    error = None
    concerns = guard.concerns(row.document, base.document if base else None, city, current_policy().vocab,
                              g.lang, clock.today())
    required = tuple(c.code for c in concerns)
    if form.validate_on_submit():
        try:
            pub = V.publish(row.id, form.effective_from.parsed, form.label.data.strip(), current_user,
                            required=required, confirmed=required if form.confirm.data else (),
                            reason=form.reason.data or "")
        except V.VersionError as e:
            db.session.rollback()
            if e.code in V.CONFLICTS:
                return conflict_page(city, e)
            error = place_version_error(e, form)
        except SchemeError as e:
            db.session.rollback()
            error = "; ".join(problem_lines(e.problems, where=lambda p: field_problems.where_label(row.doc, p, g.lang)))
        else:
            flash(_("Published %(id)s, in force from %(date)s.", id=pub.id, date=pub.effective_from.isoformat()),
                  "success")
            return redirect(url_for("admin.city", city=city))
    changes = diffs.structured_diff(base.doc if base else None, row.doc, g.lang)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/publish.html", row=row, form=form, base=base, changes=changes, error=error,
                           kind="publish", concerns=concerns), status


@bp.route("/<lang>/<city>/versions/<version_id>/rollback", methods=["GET", "POST"])
def rollback(city, version_id):
    old = version_or_404(city, version_id)
    if old.status != "published":
        abort(404)
    form = PublishForm()
    error = None
    force = V.in_force(city, clock.today())
    if form.validate_on_submit():
        try:
            pub = V.rollback(old.id, form.effective_from.parsed, form.label.data.strip(), current_user)
        except V.VersionError as e:
            db.session.rollback()
            error = place_version_error(e, form)
            # a refused rollback leaves no draft behind
            _drop_rollback_drafts(city)
        else:
            flash(_("Published %(id)s, a copy of %(old)s, in force from %(date)s.", id=pub.id, old=old.id,
                    date=pub.effective_from.isoformat()), "success")
            return redirect(url_for("admin.city", city=city))
    changes = diffs.structured_diff(force.doc if force else None, old.doc, g.lang)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/publish.html", row=old, form=form, base=force, changes=changes, error=error,
                           kind="rollback", concerns=[]), status


def _drop_rollback_drafts(city):
    """versions.rollback commits its draft before publishing it: remove that draft if the publish
    was refused (the audit log keeps the attempt)."""
    last = db.session.execute(db.select(AuditEntry).where(AuditEntry.city == city,
                                                          AuditEntry.action == "rollback_started")
                              .order_by(AuditEntry.id.desc())).scalars().first()
    if last is None:
        return
    row = db.session.get(SchemeVersion, last.target)
    if row is not None and row.status == "draft" and row.created_by == current_user.username \
            and row.lock_version == 1:
        db.session.delete(row)
        db.session.commit()


# --- history, versions, audit ------------------------------------------------------------------

@bp.get("/<lang>/<city>/history")
def history(city):
    c = city_or_404(city)
    force, rows = version_rows(city)
    ids = [r["v"].id for r in rows]
    published = [r["v"].id for r in rows if r["v"].status == "published"]
    a = request.args.get("a") or (published[-2] if len(published) > 1 else (ids[0] if ids else ""))
    b = request.args.get("b") or (published[-1] if published else (ids[-1] if ids else ""))
    result = None
    error = None
    if a and b:
        if a not in ids or b not in ids:
            error = version_error_text(V.VersionError("not_comparable"))
        else:
            text = V.compare_versions(a, b)
            lines = diffs.diff_lines(text)
            ra, rb = db.session.get(SchemeVersion, a), db.session.get(SchemeVersion, b)
            result = {"a": ra, "b": rb, "lines": lines, "counts": diffs.diff_counts(lines),
                      "changes": diffs.structured_diff(ra.doc, rb.doc, g.lang)}
    return render_template("admin/history.html", c=c, rows=list(reversed(rows)), a=a, b=b, result=result,
                           error=error, force=force, start_form=StartDraftForm(), guarded=guarded_publishes(city))


def guarded_publishes(city: str) -> dict:
    """Published versions that passed the publish guard: id -> (concerns in words, reason, who, when)."""
    out = {}
    for e in db.session.execute(db.select(AuditEntry).where(
            AuditEntry.city == city, AuditEntry.action == "published", AuditEntry.confirmed.is_not(None))).scalars():
        out[e.target] = {"concerns": guard.concern_titles(e.confirmed), "reason": e.reason or "",
                         "by": e.username, "at": e.at}
    return out


@bp.get("/<lang>/<city>/versions/<version_id>")
def version(city, version_id):
    row = version_or_404(city, version_id)
    return render_template("admin/version.html", row=row, text=V.to_yaml(row.doc),
                           c=city_or_404(city), start_form=StartDraftForm(),
                           guarded=guarded_publishes(city).get(row.id))


@bp.get("/<lang>/<city>/versions/<version_id>/export.yaml")
def export(city, version_id):
    row = version_or_404(city, version_id)
    return Response(V.to_yaml(row.doc), content_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{row.id}.yaml"'})


@bp.get("/<lang>/<city>/audit")
def audit(city):
    c = city_or_404(city)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    q = db.select(AuditEntry).where(AuditEntry.city == city)
    total = db.session.execute(db.select(db.func.count()).select_from(q.subquery())).scalar()
    entries = db.session.execute(q.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                                 .offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE)).scalars().all()
    rows = [{"e": e, "action": ACTIONS.get(e.action, e.action), "lines": diffs.diff_lines(e.diff),
             "counts": diffs.diff_counts(diffs.diff_lines(e.diff))} for e in entries]
    pages = max(1, -(-total // AUDIT_PAGE))
    return render_template("admin/audit.html", c=c, rows=rows, page=page, pages=pages, total=total,
                           guard_titles=guard.concern_titles)

AUDIT_PAGE = 30
