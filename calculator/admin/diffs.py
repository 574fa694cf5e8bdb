"""Differences between two scheme documents, said readably: each change as a sentence in the
official's language ("合法稳定就业：每年3分 → 1分"), with the item it belongs to (matched by id,
so moving an item is not a change) and its place in the file kept for a details view; and the
unified YAML diff (versions.diff_text / compare_versions) as classified lines for the template."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

KEYED_LISTS = {"items": "id", "prerequisites": "id", "sources": "id", "cutoffs": "round"}


@dataclass
class Change:
    kind: str        # changed | added | removed
    where: str       # words: Item “Stable legal employment” (employment) › rule.per_year
    path: str
    before: str
    after: str
    text: str = ""   # the sentence shown: 合法稳定就业：每年3分 → 1分


def _show(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        import json
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _named(x, lang) -> str:
    if isinstance(x, dict):
        nm = x.get("name") if isinstance(x.get("name"), dict) else (x.get("title") if isinstance(x.get("title"), dict) else {})
        label = nm.get(lang) if isinstance(nm, dict) else None
        ident = x.get("id", x.get("round", ""))
        return f"“{label}” ({ident})" if label else str(ident)
    return str(x)


def _collection_word(key: str) -> str:
    return {"items": _("Item"), "prerequisites": _("Prerequisite"), "sources": _("Source"),
            "cutoffs": _("Cutoff")}.get(key, key)


def structured_diff(a: dict | None, b: dict | None, lang: str) -> list[Change]:
    out: list[Change] = []

    def walk(x, y, path: str, where: str):
        if isinstance(x, dict) and isinstance(y, dict):
            for k in list(x) + [k for k in y if k not in x]:
                p = f"{path}.{k}" if path else str(k)
                w = f"{where} › {k}" if where else str(k)
                if k in KEYED_LISTS and isinstance(x.get(k), list) and isinstance(y.get(k), list):
                    keyed(x.get(k), y.get(k), k, p)
                elif k not in y:
                    out.append(Change("removed", w, p, _show(x[k]), "—"))
                elif k not in x:
                    out.append(Change("added", w, p, "—", _show(y[k])))
                else:
                    walk(x[k], y[k], p, w)
            return
        if isinstance(x, list) and isinstance(y, list) and len(x) == len(y) and all(
                isinstance(e, dict) for e in x + y):
            for i, (ex, ey) in enumerate(zip(x, y)):
                walk(ex, ey, f"{path}[{i}]", f"{where}[{i + 1}]")
            return
        if x != y:
            out.append(Change("changed", where, path, _show(x), _show(y)))

    def keyed(xs, ys, coll, path):
        idk = KEYED_LISTS[coll]
        word = _collection_word(coll)
        xm = {e.get(idk): e for e in xs if isinstance(e, dict)}
        ym = {e.get(idk): e for e in ys if isinstance(e, dict)}
        for key, ex in xm.items():
            if key not in ym:
                out.append(Change("removed", f"{word} {_named(ex, lang)}", f"{path}[{idk}={key}]", _("removed"), "—"))
            else:
                walk(ex, ym[key], f"{path}[{idk}={key}]", f"{word} {_named(ym[key], lang)}")
        for key, ey in ym.items():
            if key not in xm:
                out.append(Change("added", f"{word} {_named(ey, lang)}", f"{path}[{idk}={key}]", "—", _("added")))
        if [e.get(idk) for e in xs if isinstance(e, dict) and e.get(idk) in ym] != \
                [e.get(idk) for e in ys if isinstance(e, dict) and e.get(idk) in xm]:
            out.append(Change("changed", word + ": " + _("order"), path, "", ""))

    walk(a or {}, b or {}, "", "")
    out = [c for c in out if c.path != "id"]   # the version's own id: the page's heading says it
    for c in out:
        c.text = sentence(c, a or {}, b or {}, lang)
    return out


# --- sentences ---------------------------------------------------------------------------------

PATH = re.compile(r"^(items|prerequisites|sources|cutoffs)\[(id|round)=([^\]]*)\](?:\.(.*))?$")


def _top_words() -> dict:
    return {"effective_from": _("In force from"), "effective_to": _("In force until"), "version": _("Version label"),
            "title": _("Title"), "historical": _("Kept only as history"), "id": _("Id"),
            "accrual_note": _("Note on how points accrue"), "notes": _("Notes"), "tie_break": _("Tie-break rule"),
            "threshold": _("Minimum score"), "total_floor": _("Lowest total"), "rounding": _("Rounding"),
            "kind": _("Kind of scheme"), "city": _("City")}


def _value(v: str) -> str:
    return {"true": _("yes"), "false": _("no")}.get(v, v)


def _fields(doc: dict, lang: str) -> dict:
    """Field key -> (group title, field) of the editor, to name each number as the form does."""
    from ..storage.policy_store import current_policy
    from .editor import build_groups
    try:
        groups, _c = build_groups(doc, current_policy().vocab, lang)
    except Exception:   # a document the editor cannot read still gets its changes said
        return {}
    return {f.key: (grp.title, f) for grp in groups for f in grp.fields}


def _entry(doc: dict, coll: str, idk: str, key: str):
    for e in doc.get(coll) or []:
        if isinstance(e, dict) and str(e.get(idk)) == key:
            return e
    return None


def _title(e: dict | None, lang: str, fallback: str) -> str:
    if isinstance(e, dict):
        for k in ("name", "title"):
            if isinstance(e.get(k), dict) and e[k].get(lang):
                return e[k][lang]
    return fallback


def sentence(c: Change, a: dict, b: dict, lang: str) -> str:
    """One change in words, in the official's language."""
    before, after = _value(c.before), _value(c.after)
    m = PATH.match(c.path)
    if m:
        coll, idk, key, rest = m.group(1), m.group(2), m.group(3), m.group(4) or ""
        entry = _entry(b, coll, idk, key) or _entry(a, coll, idk, key)
        name = _title(entry, lang, key)
        if coll == "cutoffs":
            if not rest:
                return (_("Cutoff added for the %(round)s round.", round=key) if c.kind == "added"
                        else _("Cutoff of the %(round)s round removed.", round=key))
            col = {"cutoff": _("cutoff"), "admitted": _("people admitted"), "reliability": _("reliability")}.get(
                rest, rest)
            return _("%(round)s round, %(what)s: %(before)s → %(after)s", round=key, what=col, before=before,
                     after=after)
        if not rest:
            word = {"items": (_("New item: %(name)s."), _("Item removed: %(name)s.")),
                    "prerequisites": (_("New prerequisite: %(name)s."), _("Prerequisite removed: %(name)s.")),
                    "sources": (_("New source: %(name)s."), _("Source removed: %(name)s."))}[coll]
            return (word[0] if c.kind == "added" else word[1]) % {"name": name}
        if coll in ("items", "prerequisites"):
            fkey = f"{'item' if coll == 'items' else 'prereq'}:{key}:{rest}"
            hit = _fields(b, lang).get(fkey) or _fields(a, lang).get(fkey)
            if hit is not None:
                title, f = hit
                if f.kind == "per_year":
                    if ".components[" in rest and f.fact:
                        from ..storage.policy_store import current_policy
                        vocab = current_policy().vocab
                        part = vocab[f.fact].label[lang] if f.fact in vocab else f.fact
                        return _("%(item)s, %(part)s: %(before)s points a year → %(after)s", item=title, part=part,
                                 before=before, after=after)
                    return _("%(item)s: %(before)s points a year → %(after)s", item=title, before=before,
                             after=after)
                label = f.label + (f" ({f.context})" if f.context else "")
                return _("%(item)s, %(what)s: %(before)s → %(after)s", item=title, what=label, before=before,
                         after=after)
            part = {"name.zh": _("name in Chinese"), "name.en": _("name in English"), "category": _("category"),
                    "reliability": _("reliability"), "source.ref": _("source"), "source.article": _("article")}.get(
                rest, rest.split(".")[-1])
            return _("%(item)s, %(what)s: %(before)s → %(after)s", item=name, what=part, before=before, after=after)
        return _("%(item)s, %(what)s: %(before)s → %(after)s", item=name, what=rest, before=before, after=after)
    if c.path.endswith(": order") or c.where.endswith(_("order")):
        return _("The order changed: %(what)s.", what=c.where.split(":")[0])
    top = c.path.split(".")[0].split("[")[0]
    words = _top_words()
    if c.path == "threshold.points":
        return _("Minimum score to qualify: %(before)s → %(after)s", before=before, after=after)
    if top in words:
        rest = c.path[len(top):].lstrip(".")
        if rest in ("zh", "en") and rest != lang:
            return _("%(what)s: the text in the other language changed too.", what=words[top])
        what = words[top] + (f" ({rest})" if rest and rest not in ("zh", "en") else "")
        return _("%(what)s: %(before)s → %(after)s", what=what, before=before, after=after)
    return _("%(what)s: %(before)s → %(after)s", what=c.where, before=before, after=after)


@dataclass
class DiffLine:
    cls: str   # add | del | hunk | meta | ctx
    text: str


def diff_lines(text: str) -> list[DiffLine]:
    out = []
    for line in (text or "").splitlines():
        if line.startswith(("+++", "---")):
            out.append(DiffLine("meta", line))
        elif line.startswith("@@"):
            out.append(DiffLine("hunk", line))
        elif line.startswith("+"):
            out.append(DiffLine("add", line))
        elif line.startswith("-"):
            out.append(DiffLine("del", line))
        else:
            out.append(DiffLine("ctx", line))
    return out


def diff_counts(lines: list[DiffLine]) -> tuple[int, int]:
    return sum(1 for l in lines if l.cls == "add"), sum(1 for l in lines if l.cls == "del")
