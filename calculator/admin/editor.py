"""The structured draft form: every number of the items, prerequisites and cutoffs as a field.

A field has a key naming where its number lives, by item or prerequisite id (robust to another
official adding or removing items meanwhile): "item:employment:rule.per_year",
"prereq:social_insurance_7_years:test.value", "cutoff:2:cutoff", "scheme:threshold.points".
Each input carries its original text beside it ("o:" + key), so a save applies only the numbers
the official changed, on top of whatever is saved (a three-way merge after a conflict).
Core problem paths (items[0].rule.per_year) are mapped back to these keys.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from ..wording.problems import problem_text
from .messages import CATEGORIES, KEY_LABELS, RULE_PARTS

NUMERIC_KEYS = {"per_year", "per_unit", "points", "cap", "floor", "otherwise", "max_age", "min_age", "up_to",
                "value", "year_offset", "cap_round_up_places", "at_least"}
INT_KEYS = {"max_age", "min_age", "up_to", "value", "year_offset", "cap_round_up_places", "at_least",
            "round", "admitted", "male", "female", "all"}
NOT_NUMBERS = {"type", "fact", "reference", "basis", "granularity", "cap_years_by"}
OPTIONAL_TOP = ("cap", "floor")  # offered on every item's rule, blank = none
CUTOFF_COLUMNS = ("round", "cutoff", "admitted")
DURATION_CATEGORIES = ("social_insurance", "residence")   # a per-year rule of these counts years of them
TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


# --- paths -------------------------------------------------------------------------------------

def parse_path(path: str) -> list:
    """'rule.rows[3].points' -> ['rule', 'rows', 3, 'points']."""
    out = []
    for name, index in TOKEN.findall(path):
        out.append(int(index) if index else name)
    return out


def get_path(doc, path: str, default=None):
    cur = doc
    for t in parse_path(path):
        try:
            cur = cur[t]
        except (KeyError, IndexError, TypeError):
            return default
    return cur


def set_path(doc, path: str, value):
    parts = parse_path(path)
    cur = doc
    for t in parts[:-1]:
        cur = cur[t]
    cur[parts[-1]] = value


def del_path(doc, path: str):
    parts = parse_path(path)
    cur = doc
    for t in parts[:-1]:
        cur = cur[t]
    if isinstance(cur, dict):
        cur.pop(parts[-1], None)


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_number(text: str, key: str):
    """What a typed number is stored as: an int for a whole number, the exact decimal text
    otherwise (documents keep decimals as strings), else the raw text, which validation refuses
    with its path. Integer-only keys are checked here (the core does not check them all)."""
    t = (text or "").strip().replace("，", ",").replace(",", "")
    if re.fullmatch(r"[+-]?\d+", t):
        return int(t), None
    if key in INT_KEYS:
        return t, _("Enter a whole number.")
    try:
        d = Decimal(t)
    except InvalidOperation:
        return t, None  # the core says "'x' is not a number" with the path
    if not d.is_finite():
        return t, None
    return t.lstrip("+"), None


# --- fields ------------------------------------------------------------------------------------

@dataclass
class Field:
    key: str          # item:<id>:<sub> | prereq:<id>:<sub> | cutoff:<i>:<col> | scheme:<path>
    path: str         # the path in the document: items[0].rule.per_year
    label: str
    context: str      # e.g. "row 4 (education at least master)"
    value: str        # text shown
    original: str     # text when the form was read
    optional: bool = False
    error: str = ""
    changed_by_you: bool = False
    fact: str | None = None   # the fact the number applies to, when there is one
    kind: str = ""            # the number's key: per_year, points, cap...

    @property
    def html_id(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.key)

    @property
    def name(self) -> str:
        return self.key

    @property
    def code(self) -> str:
        return self.key.split(":", 2)[-1]


@dataclass
class Group:
    kind: str                 # item | prereq | scheme
    id: str
    title: str
    subtitle: str
    fields: list[Field] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def html_id(self) -> str:
        return f"g-{self.kind}-{self.id}"


def _fact_label(vocab, fact, lang):
    return vocab[fact].label[lang] if fact in vocab else str(fact)


def _choice_label(vocab, fact, value, lang):
    if fact in vocab:
        for c in vocab[fact].choices:
            if c.value == str(value):
                return c.label[lang]
    return str(value)


def _when_text(when: dict, vocab, lang) -> str:
    parts = []
    for fact, want in (when or {}).items():
        name = _fact_label(vocab, fact, lang)
        if isinstance(want, dict) and "at_least" in want:
            parts.append(_("%(fact)s at least %(value)s", fact=name,
                           value=_choice_label(vocab, fact, want["at_least"], lang)))
        else:
            parts.append(f"{name} = {_choice_label(vocab, fact, want, lang)}")
    return "; ".join(parts)


def _walk(node, sub: str, ctx: list[str], out: list, vocab, lang, parent_key: str = "", fact: str | None = None):
    """Every number under a rule or test, with its sub-path and words for where it is."""
    if isinstance(node, dict):
        here_fact = node.get("fact") if isinstance(node.get("fact"), str) else fact
        for k, v in node.items():
            if k in NOT_NUMBERS or k == "when" and not isinstance(v, dict):
                continue
            p = f"{sub}.{k}" if sub else k
            if k == "when":
                for wf, want in v.items():
                    wp = f"{p}.{wf}"
                    if isinstance(want, dict):
                        for wk, wv in want.items():
                            if isinstance(wv, (int, float)) and not isinstance(wv, bool):
                                out.append((f"{wp}.{wk}", ctx + [_fact_label(vocab, wf, lang)], wk, wv, wf))
                    elif isinstance(want, (int, float)) and not isinstance(want, bool):
                        out.append((wp, ctx + [_fact_label(vocab, wf, lang)], "value", want, wf))
                continue
            if isinstance(v, list):
                label = RULE_PARTS.get(k)
                for i, elem in enumerate(v):
                    words = []
                    if label is not None:
                        words.append(str(label) % {"n": i + 1})
                    if isinstance(elem, dict):
                        if k == "rows" and isinstance(elem.get("when"), dict):
                            words.append(_when_text(elem["when"], vocab, lang))
                        if isinstance(elem.get("fact"), str) and k not in ("terms", "components"):
                            words.append(_fact_label(vocab, elem["fact"], lang))   # the label names it
                    _walk(elem, f"{p}[{i}]", ctx + [" · ".join(words)] if words else ctx, out, vocab, lang, k,
                          here_fact)
            elif isinstance(v, dict):
                if k == "map":
                    for choice, pts in v.items():
                        out.append((f"{p}.{choice}", ctx + [_choice_label(vocab, here_fact, choice, lang)],
                                    "points", pts, here_fact))
                elif k == "limits":
                    for who, age in v.items():
                        out.append((f"{p}.{who}", ctx, who, age, None))
                else:
                    _walk(v, p, ctx, out, vocab, lang, k, here_fact)
            elif (isinstance(v, (int, float)) and not isinstance(v, bool)) or (k in NUMERIC_KEYS and isinstance(v, str)):
                out.append((p, ctx, k, v, here_fact))


def _key_label(k: str) -> str:
    lab = KEY_LABELS.get(k)
    return str(lab) if lab is not None else k


PROPER_WORDS = {"Beijing", "Shanghai", "Guangzhou", "Shenzhen", "Tianjin", "Chongqing", "Chengdu", "Wuhan",
                "Hangzhou", "Nanjing", "Xi'an", "Foshan", "Dongguan", "China", "Chinese"}


def _lower_first(text: str, lang: str) -> str:
    """'Days lived in a home you own' inside an English sentence; Chinese and names unchanged."""
    first = text.split(" ", 1)[0]
    if lang == "en" and text[:1].isupper() and not text[1:2].isupper() and first not in PROPER_WORDS:
        return text[0].lower() + text[1:]
    return text


def meaning(k: str, sub: str, fact: str | None, owner: dict, vocab, lang: str) -> str:
    """What a number means, in words: "Points per year of social insurance" (社会保险每年分值).

    `owner` is the item or prerequisite; the thing counted is the item's category when its rule
    counts one fact (the employment item: social insurance), else the fact's own label."""
    rule = owner.get("rule") if isinstance(owner.get("rule"), dict) else {}
    single = isinstance(rule.get("fact"), str) or (
        isinstance(rule.get("terms"), list) and len(rule["terms"]) == 1)
    cat = CATEGORIES.get(owner.get("category"))
    if single and owner.get("category") in DURATION_CATEGORIES and sub.startswith("rule"):
        what = str(cat)          # employment: "social insurance", not "months of continuous ..."
    elif fact:
        what = _fact_label(vocab, fact, lang)
    elif cat is not None:
        what = str(cat)
    else:
        what = ""
    what = _lower_first(what, lang)
    if k == "per_year":
        return _("Points per year of %(what)s", what=what) if what else _("Points per year")
    if k in ("per_unit",) or (k == "points" and ".terms[" in sub):
        if fact in vocab and vocab[fact].type == "boolean":
            return _("Points if yes: %(what)s", what=what)
        return _("Points for each: %(what)s", what=what) if what else _("Points per unit")
    if k == "points" and ".brackets[" in sub:
        return _("Points in this age bracket")
    if k == "points" and ".rows[" in sub:
        return _("Points when the conditions are met")
    if k == "points" and ".map." in sub:
        return _("Points for this answer")
    if k == "points" and ".tiers[" in sub:
        return _("Points in this tier")
    if k == "cap":
        return _("Most points this item can give") if sub == "rule.cap" else _("Most points of this part")
    if k == "floor":
        return _("Fewest points this item can give") if sub == "rule.floor" else _("Fewest points of this part")
    if k == "max_age":
        return _("Up to this age (in years)")
    if k == "min_age":
        return _("From this age (in years)")
    if k == "value" and fact:
        test = owner.get("test") if isinstance(owner.get("test"), dict) else {}
        if sub == "test.value" and test.get("type") == "at_least":
            return _("At least: %(what)s", what=_fact_label(vocab, fact, lang))
        if sub == "test.value" and test.get("type") == "at_most":
            return _("At most: %(what)s", what=_fact_label(vocab, fact, lang))
        return _("Value of %(what)s", what=what)
    if k in ("male", "female", "all"):
        return {"male": _("Age limit for men"), "female": _("Age limit for women"),
                "all": _("Age limit for everyone")}[k]
    if k == "at_least":
        return _("At least")
    return _key_label(k)


def build_groups(doc: dict, vocab, lang: str) -> tuple[list[Group], list[dict]]:
    """Field groups for the items, prerequisites and scheme-wide numbers, and the cutoff rows."""
    groups = []
    scheme_fields = []
    if isinstance(doc.get("threshold"), dict):
        scheme_fields.append(("threshold.points", [], "points", doc["threshold"].get("points")))
    if "total_floor" in doc:
        scheme_fields.append(("total_floor", [], "total_floor", doc.get("total_floor")))
    if scheme_fields:
        g = Group("scheme", "scheme", _("Scheme"), _("Minimum score and total"))
        for path, ctx, k, v in scheme_fields:
            label = _("Minimum score to qualify") if path == "threshold.points" else _key_label(k)
            g.fields.append(Field(f"scheme:{path}", path, label, "", display(v), display(v)))
        groups.append(g)
    for i, it in enumerate(doc.get("items") or []):
        if not isinstance(it, dict) or not it.get("id"):
            continue
        name = it.get("name") if isinstance(it.get("name"), dict) else {}
        title = name.get(lang) or str(it["id"])
        cat = CATEGORIES.get(it.get("category"))
        g = Group("item", str(it["id"]), title, str(cat) if cat is not None else str(it.get("category", "")))
        found: list = []
        rule = it.get("rule")
        if isinstance(rule, dict):
            _walk(rule, "rule", [], found, vocab, lang)
            for k in OPTIONAL_TOP:
                if k not in rule:
                    found.append((f"rule.{k}", [], k, None, None))
        for sub, ctx, k, v, fact in found:
            g.fields.append(Field(f"item:{it['id']}:{sub}", f"items[{i}].{sub}", meaning(k, sub, fact, it, vocab, lang),
                                  " › ".join(c for c in ctx if c), display(v), display(v),
                                  optional=sub in ("rule.cap", "rule.floor"), fact=fact, kind=k))
        groups.append(g)
    for i, p in enumerate(doc.get("prerequisites") or []):
        if not isinstance(p, dict) or not p.get("id"):
            continue
        found = []
        if isinstance(p.get("test"), dict):
            _walk(p["test"], "test", [], found, vocab, lang)
        if not found:
            continue
        name = p.get("name") if isinstance(p.get("name"), dict) else {}
        g = Group("prereq", str(p["id"]), name.get(lang) or str(p["id"]), _("Prerequisite"))
        for sub, ctx, k, v, fact in found:
            g.fields.append(Field(f"prereq:{p['id']}:{sub}", f"prerequisites[{i}].{sub}", meaning(k, sub, fact, p, vocab, lang),
                                  " › ".join(c for c in ctx if c), display(v), display(v), fact=fact, kind=k))
        groups.append(g)
    cutoffs = []
    for i, c in enumerate(doc.get("cutoffs") or []):
        if isinstance(c, dict):
            values = {col: display(c.get(col)) for col in CUTOFF_COLUMNS}
            rel = c.get("reliability") or "U"
            cutoffs.append({"key": str(i), "values": values, "original": dict(values), "reliability": rel,
                            "original_reliability": rel, "remove": False})
    return groups, cutoffs


def new_cutoff_row() -> dict:
    return {"key": "new", "values": {col: "" for col in CUTOFF_COLUMNS}, "reliability": "D"}


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


# --- mapping core problems to the form ---------------------------------------------------------

@dataclass
class ErrorMap:
    fields: dict[str, list[str]] = field(default_factory=dict)       # field key -> messages
    groups: dict[str, list[str]] = field(default_factory=dict)       # group html id -> messages
    document: list[str] = field(default_factory=list)                # next to the YAML box
    summary: list[tuple[str, str]] = field(default_factory=list)     # (anchor, text)

    def add_field(self, key: str, anchor: str, text: str, where: str = ""):
        self.fields.setdefault(key, []).append(text)
        self.summary.append((anchor, f"{where}: {text}" if where else text))

    def add_group(self, gid: str, text: str, where: str = ""):
        self.groups.setdefault(gid, []).append(text)
        self.summary.append((gid, f"{where}: {text}" if where else text))

    def add_document(self, text: str, where: str = ""):
        line = f"{where}: {text}" if where else text
        self.document.append(line)
        self.summary.append(("document", line))

    def __bool__(self):
        return bool(self.summary)


def html_id(key: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


ITEM_PATH = re.compile(r"^(items|prerequisites)\[(\d+)\](?:\.(.*))?$")
CUTOFF_PATH = re.compile(r"^cutoffs\[(\d+)\](?:\.(.*))?$")


def where_label(doc: dict, path: str, lang: str) -> str:
    """Words for a problem's path: the item's name in the current language, then the rest."""
    m = ITEM_PATH.match(path)
    if m:
        coll, i, rest = m.group(1), int(m.group(2)), m.group(3) or ""
        x = (doc.get(coll) or [None] * (i + 1))[i] if i < len(doc.get(coll) or []) else None
        name = ""
        if isinstance(x, dict):
            nm = x.get("name") if isinstance(x.get("name"), dict) else {}
            name = nm.get(lang) or str(x.get("id", ""))
            ident = x.get("id", "")
            what = _("Item") if coll == "items" else _("Prerequisite")
            return f"{what} “{name}” ({ident}){' › ' + rest if rest else ''}"
        return path
    m = CUTOFF_PATH.match(path)
    if m:
        return _("Cutoff row %(n)s", n=int(m.group(1)) + 1) + (f" › {m.group(2)}" if m.group(2) else "")
    return path or _("Document")


def map_problems(problems, doc: dict, lang: str, known_keys: set[str], structured: bool,
                 new_item_index: int | None = None, cutoff_rows: dict[int, str] | None = None,
                 emap: ErrorMap | None = None) -> ErrorMap:
    """Put each core problem next to the field it concerns (structured form), else next to the
    YAML box; each also goes in the summary, in the current language."""
    emap = ErrorMap() if emap is None else emap
    for path, problem in problems:
        text = problem_text(problem)
        where = where_label(doc, path, lang)
        if not structured:
            emap.add_document(text, f"{path}" if path else "")
            continue
        m = ITEM_PATH.match(path)
        if m:
            coll, i, rest = m.group(1), int(m.group(2)), m.group(3) or ""
            if coll == "items" and new_item_index is not None and i == new_item_index:
                target = NEW_ITEM_PATHS.get(rest) or next(
                    (v for k, v in NEW_ITEM_PATHS.items() if rest.startswith(k + ".")), None)
                if target:
                    emap.add_field(target, target, text, _("New item"))
                else:
                    emap.add_group("add-item", text, _("New item") + (f" › {rest}" if rest else ""))
                continue
            items = doc.get(coll) or []
            x = items[i] if i < len(items) else None
            if isinstance(x, dict) and x.get("id"):
                kind = "item" if coll == "items" else "prereq"
                key = f"{kind}:{x['id']}:{rest}"
                if key in known_keys:
                    emap.add_field(key, html_id(key), text, where)
                else:
                    emap.add_group(f"g-{kind}-{x['id']}", text, where)
                continue
        m = CUTOFF_PATH.match(path)
        if m:
            i, rest = int(m.group(1)), m.group(2) or ""
            col = rest if rest in CUTOFF_COLUMNS else "cutoff"
            row = (cutoff_rows or {}).get(i, str(i))
            key = f"cutoff:{row}:{col}"
            emap.add_field(key, html_id(key), text, where)
            continue
        key = f"scheme:{path}"
        if key in known_keys:
            emap.add_field(key, html_id(key), text, where)
            continue
        emap.add_document(text, path)
    return emap
