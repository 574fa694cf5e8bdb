"""A source's title as a page in one language shows it (data/source_titles.yaml): the original
title in its own language, a translation beside it, notes in the page's language."""
from __future__ import annotations

from functools import lru_cache

from ..core.policy import DATA_DIR, read_yaml


@lru_cache(maxsize=1)
def titles() -> dict[str, dict[str, str]]:
    return read_yaml(DATA_DIR / "source_titles.yaml") or {}


def shown_title(source: dict, lang: str) -> str:
    title = source.get("title") or ""
    return titles().get(title, {}).get(lang) or title
