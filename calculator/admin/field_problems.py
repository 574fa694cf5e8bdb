"""The core's problems placed on the editor's form: next to the field, the item's group or the YAML box, and in the summary, in the current language."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..wording.problems import problem_text
from .editor import CUTOFF_COLUMNS
from .submission import NEW_ITEM_PATHS


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
