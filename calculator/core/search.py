"""Finding a city by what a person types: its Chinese name (拉萨, 拉萨市), pinyin (lasa), initials
(ls), English name (Lhasa), or its province. A search never ends in nothing: when no city
matches, the nearest names by edit distance are offered ("did you mean").

static/js/live.js filters the home page's list with the same keys and the same nearest rule, so
the page says the same with and without JavaScript.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .cities import City

NEAREST = 5
_DROP = re.compile(r"[\s'’\-·.]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def normalise(text: str) -> str:
    """Case, width, spaces, apostrophes and hyphens do not matter (Xi'an = xian = ＸＩＡＮ)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


def names(city: City) -> tuple[str, ...]:
    """The city's own names, normalised: pinyin id (without a province suffix), Chinese, English."""
    return tuple(dict.fromkeys(normalise(k) for k in (city.id.split("-")[0], city.name["zh"], city.name["en"])))


def keys(city: City) -> tuple[str, ...]:
    """What the city answers to: its names, initials, full Chinese name, its province's names (a
    province lists all its cities)."""
    return names(city) + tuple(normalise(k) for k in city.search_keys)


def _rank(q: str, ks: tuple[str, ...]) -> int | None:
    """0 an exact name, 1 a name starting with the query, 2 a name containing it; None: no match.
    Latin queries of one or two letters match only from the start (initials, not any 'a')."""
    best = None
    for k in ks:
        if k == q:
            return 0
        r = 1 if k.startswith(q) else 2 if (len(q) > 2 or _CJK.search(q)) and q in k else None
        if r is not None and (best is None or r < best):
            best = r
    return best


def distance(a: str, b: str) -> int:
    """Levenshtein distance, the nearest-name measure (also in live.js)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@dataclass(frozen=True)
class Found:
    query: str
    cities: list[City]  # every match, best first
    nearest: list[City]  # when nothing matches: the closest names

    @property
    def empty(self) -> bool:
        return not self.cities


def search(cities: dict[str, City] | list[City], query: str) -> Found:
    pool = list(cities.values()) if isinstance(cities, dict) else list(cities)
    q = normalise(query)
    if not q:
        return Found(query, pool, [])
    ranked = [(r, i, c) for i, c in enumerate(pool) if (r := _rank(q, keys(c))) is not None]
    if ranked:
        return Found(query, [c for _, _, c in sorted(ranked, key=lambda t: t[:2])], [])
    # only the city's own names count for nearness: its id, Chinese and English names
    scored = sorted(((min(distance(q, k) for k in names(c)), c.id, c) for c in pool), key=lambda t: t[:2])
    best = scored[0][0]
    return Found(query, [], [c for d, _, c in scored[:NEAREST] if d <= best + 1])
