"""A portal's colour, accepted only where it keeps WCAG AA contrast with white."""
from __future__ import annotations

import re

DEFAULT_COLOR = "#1d70b8"  # the calculator's own blue: 5.2:1 against white
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _linear(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def contrast_with_white(color: str) -> float:
    r, gg, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * _linear(r) + 0.7152 * _linear(gg) + 0.0722 * _linear(b)
    return 1.05 / (lum + 0.05)


def safe_color(value: str | None) -> str:
    """The portal's colour if it is a #rrggbb with at least 4.5:1 against white (WCAG AA for the
    white button text and for links on white), else the calculator's default."""
    if value and HEX.match(value) and contrast_with_white(value) >= 4.5:
        return value.lower()
    return DEFAULT_COLOR
