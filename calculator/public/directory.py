"""The home page: every city in the registry, found by name, pinyin or initials (core.search).

337 cities on a phone: the 35 of 3 million or more are listed by tier with their own rule; the
cities under 3 million, which all follow the same national rule, are listed by province inside
closed <details>, so the page stays light (benchmarks/pages.py: 20 KB gzip with CSS and JS).
"""
from __future__ import annotations

from flask import render_template, request

from ..core.search import search
from . import bp
from .pagecache import answer_free_page
from ..web import clock
from .routes import city_line, policy_now
from .texts import TIER_MEANING, TIER_NAMES, TIER_ORDER


def search_attrs(city) -> str:
    """The keys live.js matches, as core.search does: names first, then initials and the rest."""
    from ..core.search import keys, names
    own = names(city)
    return " ".join(own) + "|" + " ".join(k for k in keys(city)[len(own):] if k not in own)


def by_province(lines: list[dict]) -> list[dict]:
    groups: dict[str, dict] = {}
    for x in lines:
        c = x["city"]
        groups.setdefault(c.province["zh"], {"province": c.province, "code": c.code, "cities": []})["cities"].append(x)
    return sorted(groups.values(), key=lambda g: g["code"] or "")


@bp.get("/<lang>/")
@answer_free_page
def home():
    policy = policy_now()
    q = request.args.get("q", "").strip()[:40]
    day = clock.today()
    found = search(policy.cities, q) if q else None
    shown = found.cities if found else list(policy.cities.values())
    lines = [city_line(c, policy, day) for c in shown]
    groups = [{"tier": t, "name": TIER_NAMES[t], "meaning": TIER_MEANING[t],
               "cities": [x for x in lines if x["tier"] == t]} for t in TIER_ORDER]
    for g in groups:
        g["provinces"] = by_province(g["cities"]) if g["tier"] == "unrestricted" and not q else None
    nearest = [city_line(c, policy, day) for c in found.nearest] if found else []
    return render_template("public/home.html", groups=groups, q=q, found=len(lines) if q else None,
                           nearest=nearest, keys=search_attrs)
