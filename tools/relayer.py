"""Rewrite imports for the package-per-layer layout (issue 12): `python tools/relayer.py FILE...`.

Flat modules of calculator/ moved into web/, storage/ and wording/ (MOVED below). Every import
of them, absolute (`calculator.security`, also inside strings such as monkeypatch targets) or
relative (`from ..i18n import`, `from .. import versions as V`), is rewritten for the file's
place, so code written against the old layout (another branch) can be brought over in one run.
A file that is itself one of the moved modules is read at its old path or its new one alike.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

MOVED = {
    "extensions": "web", "security": "web", "sessions": "web", "jsonprovider": "web", "ratelimit": "web",
    "ops": "web", "i18n": "web", "signin": "web", "passwords": "web", "clock": "web",
    "models": "storage", "versions": "storage", "policy_store": "storage",
    "serialize": "wording", "verdict_text": "wording",
}
ROOT = Path(__file__).resolve().parents[1]
# the names stop at a comment; `rest` keeps it, with the spaces before it
FROM = re.compile(r"^(?P<indent>[ \t]*)from (?P<dots>\.+)(?P<mod>[\w.]*) import (?P<names>\([^)]*\)|[^\n#]*?)(?P<rest>[ \t]*(#[^\n]*)?)$",
                  re.M)


def new_name(absolute: str) -> str:
    """calculator.security.x -> calculator.web.security.x; other names unchanged."""
    parts = absolute.split(".")
    if len(parts) >= 2 and parts[0] == "calculator" and parts[1] in MOVED:
        return ".".join(["calculator", MOVED[parts[1]], *parts[1:]])
    return absolute


def package_of(path: Path) -> list[str]:
    """The package a file lives in after the move, as name parts (calculator/web/ -> calculator.web)."""
    rel = path.resolve().relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    else:
        parts = parts[:-1]
    if len(parts) == 1 and parts[0] == "calculator" and rel.name in MOVED:  # an old-place moved module
        parts = ["calculator", MOVED[rel.name]]
    return parts


def old_package_of(path: Path) -> list[str]:
    rel = path.resolve().relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)[:-1]
    if len(parts) == 2 and parts[1] in set(MOVED.values()) and rel.name in MOVED:  # already moved
        return ["calculator"]
    return parts


def relative(target: str, package: list[str]) -> tuple[str, str]:
    """(dots, module) to import `target` from `package`."""
    t = target.split(".")
    common = 0
    while common < min(len(t), len(package)) and t[common] == package[common]:
        common += 1
    return "." * (len(package) - common + 1), ".".join(t[common:])


def rewrite_from(m: re.Match, old_pkg: list[str], new_pkg: list[str]) -> str:
    level = len(m["dots"])
    base = old_pkg[:len(old_pkg) - level + 1]
    absolute = ".".join(base + ([m["mod"]] if m["mod"] else []))
    names = m["names"].rstrip()
    lines = []
    if not m["mod"] and ".".join(base) == "calculator":
        # from .. import versions as V, clock: moved modules go to their packages
        inner = names.strip("()")
        items = [n.strip() for n in inner.replace("\n", " ").split(",") if n.strip()]
        stay = [n for n in items if n.split(" as ")[0] not in MOVED]
        groups: dict[str, list[str]] = {}
        for n in items:
            if n.split(" as ")[0] in MOVED:
                groups.setdefault(MOVED[n.split(" as ")[0]], []).append(n)
        if stay:
            dots, mod = relative("calculator", new_pkg)
            lines.append(f"{m['indent']}from {dots}{mod} import {', '.join(stay)}")
        for pkg, ns in groups.items():
            dots, mod = relative(f"calculator.{pkg}", new_pkg)
            lines.append(f"{m['indent']}from {dots}{mod} import {', '.join(ns)}")
        lines[-1] += m["rest"]
        return "\n".join(lines)
    dots, mod = relative(new_name(absolute), new_pkg)
    if not mod:  # from . import x where the package itself is the target
        return f"{m['indent']}from {dots} import {names}{m['rest']}"
    return f"{m['indent']}from {dots}{mod} import {names}{m['rest']}"


ABSOLUTE = re.compile(r"\bcalculator\.(" + "|".join(MOVED) + r")\b")


def rewrite(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    out = ABSOLUTE.sub(lambda m: f"calculator.{MOVED[m[1]]}.{m[1]}", text)
    out = re.sub(r"^(\s*)from calculator import (.+)$", lambda m: _from_calculator(m), out, flags=re.M)
    if path.suffix == ".py" and "calculator" in path.resolve().relative_to(ROOT).parts[:1]:
        out = FROM.sub(lambda m: rewrite_from(m, old_package_of(path), package_of(path)), out)
    if out != text:
        path.write_text(out, encoding="utf-8")
        return True
    return False


def _from_calculator(m: re.Match) -> str:
    """from calculator import versions as V -> from calculator.storage import versions as V."""
    items = [n.strip() for n in m[2].split(",")]
    if not any(n.split(" as ")[0] in MOVED for n in items):
        return m[0]
    stay = [n for n in items if n.split(" as ")[0] not in MOVED]
    lines = [f"{m[1]}from calculator import {', '.join(stay)}"] if stay else []
    for n in items:
        if n.split(" as ")[0] in MOVED:
            lines.append(f"{m[1]}from calculator.{MOVED[n.split(' as ')[0]]} import {n}")
    return "\n".join(lines)


if __name__ == "__main__":
    changed = [p for p in map(Path, sys.argv[1:]) if rewrite(p)]
    print(f"{len(changed)} files rewritten")
