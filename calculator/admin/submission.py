"""A submitted editor form applied to a draft's document: the numbers changed, rows added or removed, a new item from the add-item fields."""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from .messages import CATEGORIES
from .editor import CUTOFF_COLUMNS, Group, del_path, new_cutoff_row, parse_number, parse_path, set_path


# --- applying a submitted form -----------------------------------------------------------------

@dataclass
class Submission:
    """The structured form as submitted: the numbers changed (key -> text) and cutoff rows."""
    changed: dict[str, str]
    values: dict[str, str]
    cutoffs: list[dict]
    new_cutoff: dict
    form_errors: dict[str, str] = field(default_factory=dict)


def read_submission(form) -> Submission:
    values, changed = {}, {}
    for name in form:
        if name.startswith(("item:", "prereq:", "scheme:")):
            text = form.get(name, "")
            values[name] = text
            if text.strip() != form.get("o:" + name, "").strip():
                changed[name] = text
    cutoffs = []
    i = 0
    while f"o:cutoff:{i}:round" in form:
        cutoffs.append({
            "key": str(i), "remove": form.get(f"cutoff:{i}:remove") == "1",
            "values": {col: form.get(f"cutoff:{i}:{col}", "") for col in CUTOFF_COLUMNS},
            "original": {col: form.get(f"o:cutoff:{i}:{col}", "") for col in CUTOFF_COLUMNS},
            "reliability": form.get(f"cutoff:{i}:reliability", "U"),
            "original_reliability": form.get(f"o:cutoff:{i}:reliability", "")})
        i += 1
    new = new_cutoff_row()
    new["values"] = {col: form.get(f"cutoff:new:{col}", "") for col in CUTOFF_COLUMNS}
    new["reliability"] = form.get("cutoff:new:reliability", "D")
    return Submission(changed, values, cutoffs, new)


def _row_changed(r: dict) -> bool:
    return r["remove"] or r["reliability"] != r["original_reliability"] or any(
        r["values"][c].strip() != r["original"][c].strip() for c in CUTOFF_COLUMNS)


def _locate(doc: dict, key: str) -> str | None:
    """The document path of a field key in this document, or None if its item is gone."""
    kind, __, rest = key.partition(":")
    if kind == "scheme":
        return rest
    ident, __, sub = rest.partition(":")
    coll = "items" if kind == "item" else "prerequisites"
    for i, x in enumerate(doc.get(coll) or []):
        if isinstance(x, dict) and str(x.get("id")) == ident:
            return f"{coll}[{i}].{sub}"
    return None


def apply_submission(doc: dict, sub: Submission) -> tuple[dict, dict[str, str], dict[int, str]]:
    """The document with the changed numbers and cutoff rows applied, form-level errors by key,
    and which form row each cutoff of the new document came from (to place core problems)."""
    doc = copy.deepcopy(doc)
    errors: dict[str, str] = {}
    for key, text in sub.changed.items():
        path = _locate(doc, key)
        if path is None:
            errors[key] = _("This item is no longer in the draft.")
            continue
        last = parse_path(path)[-1]
        if text.strip() == "" and (key.endswith((":rule.cap", ":rule.floor")) or key == "scheme:total_floor"):
            del_path(doc, path)
            continue
        if text.strip() == "":
            errors[key] = _("Enter a number.")
            continue
        value, err = parse_number(text, str(last))
        if err:
            errors[key] = err
            continue
        try:
            set_path(doc, path, value)
        except (KeyError, IndexError, TypeError):
            errors[key] = _("This number is no longer in the draft.")
    # cutoff rows: edited in place, removed, or one added (rows keep their other keys)
    rows = doc.get("cutoffs") if isinstance(doc.get("cutoffs"), list) else []
    new = sub.new_cutoff
    adding = any(v.strip() for v in new["values"].values())
    index_map: dict[int, str] = {}
    if any(_row_changed(r) for r in sub.cutoffs) or adding:
        keep = []
        for r in sub.cutoffs:
            i = int(r["key"])
            if i >= len(rows) or not isinstance(rows[i], dict) or r["remove"]:
                continue
            target = dict(rows[i])
            for col in CUTOFF_COLUMNS:
                text = r["values"][col]
                if text.strip() == r["original"][col].strip():
                    continue
                err = _set_cutoff(target, col, text)
                if err:
                    errors[f"cutoff:{i}:{col}"] = err
            if r["reliability"] != r["original_reliability"]:
                target["reliability"] = r["reliability"]
            keep.append((r["key"], target))
        if adding:
            target = {}
            for col in CUTOFF_COLUMNS:
                text = new["values"][col]
                if text.strip() == "":
                    if col != "admitted":
                        errors[f"cutoff:new:{col}"] = _("Enter a number.")
                    continue
                err = _set_cutoff(target, col, text)
                if err:
                    errors[f"cutoff:new:{col}"] = err
            target["reliability"] = new["reliability"]
            keep.append(("new", target))
        keep.sort(key=lambda kv: kv[1].get("round") if isinstance(kv[1].get("round"), int) else 0)
        doc["cutoffs"] = [row for __, row in keep]
        index_map = {j: key for j, (key, __) in enumerate(keep)}
    else:
        index_map = {j: str(j) for j in range(len(rows))}
    return doc, errors, index_map


def _set_cutoff(row: dict, col: str, text: str) -> str | None:
    if text.strip() == "":
        if col == "admitted":
            row.pop("admitted", None)
            return None
        return _("Enter a number.")
    value, err = parse_number(text, col)
    if err:
        return err
    if col == "cutoff" and isinstance(value, int):
        value = str(value)  # cutoffs are kept as decimal text, like the shipped files
    row[col] = value
    return None


def overlay(groups: list[Group], cutoffs: list[dict], sub: Submission):
    """Show the official's own changes on top of the saved numbers after a refused save (the
    originals stay those of the saved draft, so saving again applies only those changes)."""
    for g in groups:
        for f in g.fields:
            if f.key in sub.changed:
                f.value = sub.changed[f.key]
                f.changed_by_you = True
    by_round = {r["original"]["round"].strip(): r for r in sub.cutoffs}
    for row in cutoffs:
        r = by_round.get(row["original"]["round"].strip())
        if r is None:
            continue
        for col in CUTOFF_COLUMNS:
            if r["values"][col].strip() != r["original"][col].strip():
                row["values"][col] = r["values"][col]
        row["remove"] = r["remove"]
        if r["reliability"] != r["original_reliability"]:
            row["reliability"] = r["reliability"]


# --- adding and removing items -----------------------------------------------------------------

def new_item(form, lang: str) -> tuple[dict | None, dict[str, str]]:
    """An item from the add-item fields: linear (points per unit of a fact) or accrual (points
    per year of a duration fact), with an optional cap."""
    errors = {}
    iid = form.get("new_id", "").strip()
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", iid):
        errors["new_id"] = _("Use lower-case letters, digits and underscores, starting with a letter.")
    names = {}
    for l in ("zh", "en"):
        names[l] = form.get(f"new_name_{l}", "").strip()
        if not names[l]:
            errors[f"new_name_{l}"] = _("Enter the item's name in this language.")
    category = form.get("new_category", "")
    if category not in CATEGORIES:
        errors["new_category"] = _("Choose a category.")
    kind = form.get("new_rule", "")
    if kind not in ("linear", "accrual"):
        errors["new_rule"] = _("Choose a rule type.")
    fact = form.get("new_fact", "").strip()
    if not fact:
        errors["new_fact"] = _("Choose a fact.")
    points_text = form.get("new_points", "").strip()
    points = None
    if not points_text:
        errors["new_points"] = _("Enter a number.")
    else:
        points, err = parse_number(points_text, "points")
        if err:
            errors["new_points"] = err
    cap_text = form.get("new_cap", "").strip()
    cap = None
    if cap_text:
        cap, err = parse_number(cap_text, "cap")
        if err:
            errors["new_cap"] = err
    if errors:
        return None, errors
    if kind == "linear":
        rule = {"type": "linear", "terms": [{"fact": fact, "points": points}]}
    else:
        rule = {"type": "accrual", "fact": fact, "per_year": points}
    if cap is not None:
        rule["cap"] = cap
    item = {"id": iid, "name": names, "category": category, "rule": rule,
            "source": {"ref": form.get("new_source", "")}, "reliability": form.get("new_reliability", "P")}
    return item, {}


NEW_ITEM_PATHS = {"id": "new_id", "name": "new_name_zh", "category": "new_category", "rule.type": "new_rule",
                  "rule.fact": "new_fact", "rule.terms[0].fact": "new_fact", "rule.per_year": "new_points",
                  "rule.terms[0].points": "new_points", "rule.terms[0]": "new_fact", "rule.cap": "new_cap",
                  "source.ref": "new_source", "source": "new_source", "reliability": "new_reliability"}
