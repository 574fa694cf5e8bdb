"""Differences between two scheme documents, said readably: each changed number or text with the
item it belongs to (matched by id, so moving an item is not a change), and the unified YAML diff
(versions.diff_text / compare_versions) as classified lines for the template."""
from __future__ import annotations

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
    return out


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
