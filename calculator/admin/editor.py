"""The structured draft form: every number of the items, prerequisites and cutoffs as a field.

A field has a key naming where its number lives, by item or prerequisite id (robust to another
official adding or removing items meanwhile): "item:employment:rule.per_year",
"prereq:social_insurance_7_years:test.value", "cutoff:2:cutoff", "scheme:threshold.points".
Each input carries its original text beside it ("o:" + key), so a save applies only the numbers
the official changed, on top of whatever is saved (a three-way merge after a conflict).
Core problem paths (items[0].rule.per_year) are mapped back to these keys.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

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
