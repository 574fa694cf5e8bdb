"""Drafts: the editor (numbers and YAML), saving with optimistic locking, discarding, a form
that came back with an expired token, and importing a YAML file as a new draft."""
from __future__ import annotations

import difflib
import re

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..storage import versions as V
from ..core.errors import SchemeError
from ..core.schemes import CATEGORIES as CATEGORY_IDS
from ..core.schemes import RELIABILITY as RELIABILITY_IDS
from ..web.extensions import db
from ..web import clock
from ..storage.models import AuditEntry, SchemeVersion
from ..storage.policy_store import current_policy
from . import bp
from . import diffs, editor, effects, field_problems, submission
from .forms import ActionForm, DraftForm, ImportForm, StartDraftForm, YamlForm
from ..wording.problems import problem_text
from .routes import city_or_404, city_page, draft_or_404
from .messages import CATEGORIES, RELIABILITY, version_error_text


@bp.post("/<lang>/<city>/drafts")
def start_draft(city):
    city_or_404(city)
    form = StartDraftForm()
    if not form.validate_on_submit():
        abort(400)
    base = None
    if form.base.data:
        base = db.session.get(SchemeVersion, form.base.data)
        if base is None or base.city != city or base.status != "published":
            abort(404)
    try:
        row = V.start_draft(city, current_user, base=base)
    except V.VersionError as e:
        if e.code in V.CONFLICTS:
            return conflict_page(city, e)
        flash(version_error_text(e), "error")
        return redirect(url_for("admin.city", city=city))
    flash(_("Draft %(id)s started from %(base)s.", id=row.id, base=row.based_on or "—"), "success")
    return redirect(url_for("admin.draft", city=city, draft_id=row.id))


# --- the draft editor --------------------------------------------------------------------------

def published_base(row: SchemeVersion) -> SchemeVersion | None:
    if row.based_on:
        base = db.session.get(SchemeVersion, row.based_on)
        if base is not None and base.status == "published":
            return base
    return V.in_force(row.city, clock.today())


def effect_panel(row: SchemeVersion) -> dict:
    """Everything the panel beside the editor shows; never breaks the editor."""
    vocab = current_policy().vocab
    try:
        draft = effects.compile_doc(row.document, vocab)
        base_row = published_base(row)
        published = effects.compile_doc(base_row.document, vocab) if base_row is not None else None
        ref = effects.reference_population(row.city, [s for s in (published, draft) if s], vocab, clock.today())
        out = {"ok": True, "draft": draft, "published": published, "ref": ref,
               "items": (len(published.items) if published else None, len(draft.items))}
        cases = effects.case_rows(row.city, published, draft, vocab, g.lang)
        out["cases"] = cases
        out["item_names"] = {it.id: it.name[g.lang] for s in (published, draft) if s for it in s.items}
        out["sample"] = cases[0] if cases else None
        if ref is not None:
            out["share_pub"] = effects.main_share(ref, published or draft, vocab)
            out["share_draft"] = effects.main_share(ref, draft, vocab)
            try:
                quota = int(request.args.get("quota", ""))
                out["quota_error"] = quota < 1 or quota > ref.population.n
            except ValueError:
                quota = effects.default_quota(ref)
                out["quota_error"] = bool(request.args.get("quota"))
            quota = max(1, min(quota, ref.population.n))
            out["preview"] = effects.preview(ref, published or draft, draft, vocab, quota)
            out["education_labels"] = {c.value: c.label[g.lang] for c in vocab["education"].choices}
            changed = effects.changed_items(base_row.doc if base_row is not None else None, row.doc)
            out["visibility"] = effects.visibility(ref, published, draft, vocab, g.lang, changed)
            out["warnings"] = effects.warnings(out["visibility"])
            out["default_fact_labels"] = [vocab[f].label[g.lang] for f in ref.defaults]
        return out
    except Exception:  # the panel is advice: a failure here must not stop the official editing
        current_app.logger.exception("effect panel failed for %s", row.id)
        return {"ok": False}


def city_of_fact(fid: str, cities) -> str | None:
    """The city a fact belongs to (its id starts with the city's id and '_'), or None for a
    fact every city shares."""
    return next((c for c in cities if fid.startswith(f"{c}_")), None)


def fact_choices(vocab, lang, city: str):
    """The facts a new item of this city can count: the shared ones and the city's own."""
    cities = sorted(current_policy().cities, key=len, reverse=True)
    out = []
    for fid, d in vocab.defs.items():
        owner = city_of_fact(fid, cities)
        if owner not in (None, city):
            continue
        if d.type in ("integer", "boolean"):

            out.append((fid, d.label[lang]))
    return out


def saved_since(draft_id: str, lock_version: int) -> list[dict]:
    """What others saved to this draft after the version this official read (from the audit log)."""
    out = []
    entries = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.target == draft_id, AuditEntry.action == "draft_saved").order_by(AuditEntry.id)).scalars()
    for e in entries:
        m = re.match(rf"--- {re.escape(draft_id)}@(\d+)", e.diff or "")
        if m and int(m.group(1)) >= lock_version:
            lines = diffs.diff_lines(e.diff)
            out.append({"entry": e, "lines": lines})
    return out


def render_editor(row: SchemeVersion, *, sub=None, emap=None, yaml_text=None, conflict=None,
                  add_values=None, status=200):
    lang = g.lang
    vocab = current_policy().vocab
    doc = row.doc
    groups, cutoffs = editor.build_groups(doc, vocab, lang)
    new_cutoff = editor.new_cutoff_row()
    if sub is not None:
        submission.overlay(groups, cutoffs, sub)
        new_cutoff = sub.new_cutoff
    emap = field_problems.ErrorMap() if emap is None else emap
    for grp in groups:
        for f in grp.fields:
            f.error = " ".join(emap.fields.get(f.key, []))
        grp.errors = emap.groups.get(grp.html_id, [])
    draft_form = DraftForm(formdata=None, lock_version=row.lock_version)
    yaml_form = YamlForm(formdata=None, lock_version=row.lock_version,
                         document=yaml_text if yaml_text is not None else V.to_yaml(doc))
    add = {"new_id": "", "new_name_zh": "", "new_name_en": "", "new_category": "other", "new_rule": "linear",
           "new_fact": "", "new_points": "", "new_cap": "", "new_source": "", "new_reliability": "P"}
    if add_values:
        add.update({k: v for k, v in add_values.items() if k in add})
    sources = [(s.get("id"), (s.get("title") or {}).get(lang, s.get("id"))) for s in doc.get("sources") or []
               if isinstance(s, dict) and s.get("id")]
    return render_template(
        "admin/draft.html", row=row, doc=doc, groups=groups, cutoffs=cutoffs, new_cutoff=new_cutoff,
        emap=emap, draft_form=draft_form, yaml_form=yaml_form, add=add,
        sources=sources, facts=fact_choices(vocab, lang, row.city), categories=[(c, CATEGORIES[c]) for c in CATEGORY_IDS],
        reliabilities=[(r, RELIABILITY[r]) for r in RELIABILITY_IDS], conflict=conflict,
        panel=effect_panel(row), base=published_base(row), action_form=ActionForm()), status


@bp.get("/<lang>/<city>/drafts/<draft_id>")
def draft(city, draft_id):
    return render_editor(draft_or_404(city, draft_id))


def _lock(form) -> int:
    try:
        return int(form.get("lock_version", ""))
    except ValueError:
        return 0


def conflict_page(city, e: "V.VersionError"):
    """Another request won a race (two publishes of one draft, a start while the database was
    busy): 409, the translated reason, nothing changed."""
    return render_template("admin/error.html", code=409, title=_("Nothing was changed"),
                           text=version_error_text(e), back=url_for("admin.city", city=city)), 409


def was_draft_of(city: str, draft_id: str) -> bool:
    """The audit log knows this id as a draft of this city (never another city's: no leak)."""
    return db.session.execute(db.select(AuditEntry.id).where(
        AuditEntry.city == city, AuditEntry.target == draft_id,
        AuditEntry.action.in_(("draft_started", "draft_imported", "rollback_started"))).limit(1)).first() is not None


def _gone(city, kept: str | None = None):
    """The draft was published or discarded meanwhile: say so, and hand back any YAML text typed."""
    return render_template("admin/error.html", code=409, title=_("This draft no longer exists"),
                           text=version_error_text(V.VersionError("not_a_draft")), kept=kept,
                           back=url_for("admin.city", city=city)), 409


@bp.post("/<lang>/<city>/drafts/<draft_id>")
def save_numbers(city, draft_id):
    """The structured form: changed numbers and cutoff rows, and an item added or removed."""
    row = db.session.get(SchemeVersion, draft_id)
    if row is None or row.city != city or row.status != "draft":
        return _gone(city)
    # the CSRF token (DraftForm's) is checked by CSRFProtect before any view runs
    lang = g.lang
    action = request.form.get("action", "save")
    lock = _lock(request.form)
    sub = submission.read_submission(request.form)
    if lock != row.lock_version:
        conflict = {"since": saved_since(row.id, lock), "kind": "numbers"}
        return render_editor(row, sub=sub, conflict=conflict, add_values=_add_values(action), status=409)
    doc, form_errors, cutoff_rows = submission.apply_submission(row.doc, sub)
    new_index = None
    add_errors = {}
    if action == "add":
        item, add_errors = submission.new_item(request.form, lang)
        if item is not None:
            doc.setdefault("items", []).append(item)
            new_index = len(doc["items"]) - 1
    elif action.startswith("remove:"):
        rid = action.split(":", 1)[1]
        doc["items"] = [it for it in doc.get("items") or [] if not (isinstance(it, dict) and it.get("id") == rid)]
    emap = field_problems.ErrorMap()
    groups, _cut = editor.build_groups(row.doc, current_policy().vocab, lang)
    known = {f.key for grp in groups for f in grp.fields}
    for key, text in form_errors.items():
        emap.add_field(key, field_problems.html_id(key), text, _field_where(key, groups))
    for key, text in add_errors.items():
        emap.add_field(key, key, text, _("New item"))
    if emap:  # the form's own problems, and every problem the core finds besides them
        try:
            V.validate(doc)
        except SchemeError as e:
            field_problems.map_problems([(p, m) for p, m in e.problems if not _has_form_error(p, doc, form_errors)], doc,
                                lang, known, structured=True, new_item_index=new_index, cutoff_rows=cutoff_rows,
                                emap=emap)
    else:
        try:
            V.save_draft(row.id, doc, lock, current_user)
        except V.StaleDraft:
            db.session.rollback()
            row = db.session.get(SchemeVersion, draft_id)
            conflict = {"since": saved_since(row.id, lock), "kind": "numbers"}
            return render_editor(row, sub=sub, conflict=conflict, add_values=_add_values(action), status=409)
        except V.VersionError as e:
            return _gone(city) if e.code == "not_a_draft" else _refused(row, sub, version_error_text(e), action)
        except SchemeError as e:
            field_problems.map_problems(e.problems, doc, lang, known, structured=True, new_item_index=new_index,
                                cutoff_rows=cutoff_rows, emap=emap)
        else:
            if action == "add":
                flash(_("Item %(id)s added; the draft is saved.", id=request.form.get("new_id", "")), "success")
            elif action.startswith("remove:"):
                flash(_("Item %(id)s removed; the draft is saved.", id=action.split(":", 1)[1]), "success")
            else:
                flash(_("Draft saved."), "success")
            return redirect(url_for("admin.draft", city=city, draft_id=row.id, **_keep_quota()))
    return render_editor(row, sub=sub, emap=emap, add_values=_add_values(action), status=422)


def _has_form_error(path: str, doc: dict, form_errors: dict) -> bool:
    """True when the form already reported this number (no second message for the same field)."""
    m = field_problems.ITEM_PATH.match(path)
    if m and m.group(3):
        coll = doc.get(m.group(1)) or []
        i = int(m.group(2))
        if i < len(coll) and isinstance(coll[i], dict):
            kind = "item" if m.group(1) == "items" else "prereq"
            return f"{kind}:{coll[i].get('id')}:{m.group(3)}" in form_errors
    return False


def _keep_quota():
    q = request.args.get("quota")
    return {"quota": q} if q else {}


def _add_values(action):
    if action != "add":
        return None
    return {k: request.form.get(k, "") for k in request.form if k.startswith("new_")}


def _field_where(key: str, groups) -> str:
    for grp in groups:
        for f in grp.fields:
            if f.key == key:
                return f"{grp.title} › {f.label}"
    if key.startswith("cutoff:"):
        parts = key.split(":")
        return _("Cutoff history") + f" › {parts[2]}"
    return key


def _refused(row, sub, text, action):
    emap = field_problems.ErrorMap()
    emap.add_document(text)
    return render_editor(row, sub=sub, emap=emap, add_values=_add_values(action), status=422)


@bp.post("/<lang>/<city>/drafts/<draft_id>/yaml")
def draft_yaml(city, draft_id):
    text = request.form.get("document", "")
    row = db.session.get(SchemeVersion, draft_id)
    if row is None or row.city != city or row.status != "draft":
        return _gone(city, text)
    lock = _lock(request.form)
    emap = field_problems.ErrorMap()
    if lock != row.lock_version:
        return render_editor(row, yaml_text=text, conflict={"since": saved_since(row.id, lock), "kind": "yaml",
                                                            "yours": _yours_diff(row, text)}, status=409)
    try:
        doc = V.from_yaml(text)
        V.save_draft(row.id, doc, lock, current_user)
    except V.StaleDraft:
        db.session.rollback()
        row = db.session.get(SchemeVersion, draft_id)
        return render_editor(row, yaml_text=text, conflict={"since": saved_since(row.id, lock), "kind": "yaml",
                                                            "yours": _yours_diff(row, text)}, status=409)
    except V.VersionError as e:
        if e.code == "not_a_draft":
            return _gone(city, text)
        emap.add_document(version_error_text(e))
    except SchemeError as e:
        field_problems.map_problems(e.problems, doc, g.lang, set(), structured=False, emap=emap)
    else:
        flash(_("Draft saved."), "success")
        return redirect(url_for("admin.draft", city=city, draft_id=row.id))
    return render_editor(row, yaml_text=text, emap=emap, status=422)


def _yours_diff(row, text):
    mine = text.replace("\r\n", "\n").splitlines(keepends=True)
    saved = V.to_yaml(row.doc).splitlines(keepends=True)
    return diffs.diff_lines("".join(difflib.unified_diff(saved, mine, _("saved draft"), _("your text"))))


def after_expired_token(city: str, draft_id: str):
    """The draft form came back with an expired CSRF token: nothing is saved, the submitted
    numbers or text are shown again with a fresh token (and what others saved meanwhile)."""
    text = request.form.get("document")
    row = db.session.get(SchemeVersion, draft_id)
    if row is None or row.city != city or row.status != "draft":
        return _gone(city, text)
    lock = _lock(request.form)
    emap = field_problems.ErrorMap()
    emap.add_document(_("The page was open too long, so nothing was saved. Your changes are shown again: "
                        "save them now."))
    if request.endpoint == "admin.draft_yaml":
        conflict = {"since": saved_since(row.id, lock), "kind": "yaml", "yours": _yours_diff(row, text or "")} \
            if lock != row.lock_version else None
        return render_editor(row, yaml_text=text or "", emap=emap, conflict=conflict, status=400)
    action = request.form.get("action", "save")
    conflict = {"since": saved_since(row.id, lock), "kind": "numbers"} if lock != row.lock_version else None
    return render_editor(row, sub=submission.read_submission(request.form), emap=emap, conflict=conflict,
                         add_values=_add_values(action), status=400)


@bp.post("/<lang>/<city>/drafts/<draft_id>/discard")
def discard(city, draft_id):
    row = draft_or_404(city, draft_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    text = V.to_yaml(row.doc).splitlines(keepends=True)
    V.audit(current_user, city, "draft_discarded", row.id, "".join(difflib.unified_diff(text, [], row.id, "")))
    db.session.delete(row)
    db.session.commit()
    flash(_("Draft %(id)s discarded.", id=draft_id), "success")
    return redirect(url_for("admin.city", city=city))


@bp.post("/<lang>/<city>/import")
def import_yaml(city):
    city_or_404(city)
    form = ImportForm()
    errors = []
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        errors.append(("", _("Choose a .yaml file to import.")))
    else:
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
            errors.append(("", _("The file is not UTF-8 text.")))
        if text is not None:
            try:
                doc = V.from_yaml(text)
                if doc.get("city") not in (None, city):
                    errors.append(("city", _("This file is a scheme of %(other)s, not of this city.",
                                             other=str(doc.get("city")))))
                else:
                    V.validate(doc)
            except V.VersionError as e:
                errors.append(("", version_error_text(e)))
            except SchemeError as e:
                errors.extend((field_problems.where_label(doc, p, g.lang) if p else "", problem_text(m))
                              for p, m in e.problems)
            if not errors:
                row = V.start_draft(city, current_user, doc=doc, action="draft_imported")
                flash(_("Imported as draft %(id)s.", id=row.id), "success")
                return redirect(url_for("admin.draft", city=city, draft_id=row.id))
    return city_page(city, form, errors, 422)
