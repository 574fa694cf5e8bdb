"""Server-rendered inline SVG: item bars and the past-cutoff chart.

The CSP forbids style attributes, so geometry is in SVG attributes and colours in CSS classes.
The SVGs are decorative (aria-hidden): the same numbers are always in the page as text. Labels
are 12 units in a 320-unit width: at least 12 px on a 375 px phone, where the chart is 343 px.
Floats are used only for drawing coordinates, never for points.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from ..core.numbers import fmt

W, H = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 8, 312, 18, 124


def _n(x: float) -> str:
    """A coordinate to one decimal, without a trailing ".0" (".1f" always writes one decimal)."""
    s = f"{x:.1f}"
    return s[:-2] if s[-1] == "0" else s


_BAR_HEAD = ('<svg class="bar" viewBox="0 0 100 6" width="100%" height="6" preserveAspectRatio="none" '
             'aria-hidden="true" focusable="false"><rect class="track" width="100" height="6"/>')
_BAR_OPEN = {cls: f'{_BAR_HEAD}<rect class="{cls}" width="' for cls in ("neg", "pos")}
_BAR_TAIL = '" height="6"/></svg>'


def bar(points: Decimal, largest: Decimal) -> Markup:
    """A bar as long as the item's points relative to the largest item (negative: a deduction)."""
    width = 0.0 if not largest else min(abs(float(points)) / float(largest) * 100, 100.0)
    return Markup(_BAR_OPEN["neg" if points < 0 else "pos"] + _n(width) + _BAR_TAIL)


_CHART_HEAD = (f'<svg class="chart" viewBox="0 0 {W} {H}" width="100%" aria-hidden="true" focusable="false">'
               f'<line class="axis" x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}"/>')


@dataclass(frozen=True)
class CutoffFrame:
    """What the past-cutoff chart draws the same for everyone on a scheme version: the cutoffs'
    values, their x positions, their labels and the rounds' labels. Only the scale and the
    dashed line of a person's total are theirs."""
    values: tuple[float, ...]
    xs: tuple[str, ...]
    labels: tuple[str, ...]       # the cutoff points, formatted and escaped
    rounds: tuple[str, ...]       # each round's whole <text> element under the axis


def cutoff_frame(cutoffs, places: int) -> CutoffFrame:
    step = (RIGHT - LEFT) / len(cutoffs)
    xs = tuple(_n(LEFT + (i + 0.5) * step) for i in range(len(cutoffs)))
    return CutoffFrame(
        values=tuple(float(c.points) for c in cutoffs), xs=xs,
        labels=tuple(str(escape(fmt(c.points, places))) for c in cutoffs),
        rounds=tuple(f'<text x="{x}" y="{BOTTOM + 16}" text-anchor="middle" font-size="12">{c.round}</text>'
                     for x, c in zip(xs, cutoffs)))


def cutoff_chart(cutoffs, total: Decimal, places: int, you_label: str, frame: CutoffFrame | None = None) -> Markup:
    """Published cutoffs by round as a line with labelled points, and the user's total as a dashed
    horizontal line. The vertical scale fits the values (it does not start at 0): it shows the gap.
    `frame`: the scheme's cutoff_frame, when the caller keeps it."""
    if not cutoffs:
        return Markup("")
    frame = frame or cutoff_frame(cutoffs, places)
    t = float(total)
    lo, hi = min(min(frame.values), t), max(max(frame.values), t)
    pad = max((hi - lo) * 0.12, 1.0)
    lo, hi = lo - pad, hi + pad
    span, height = hi - lo, BOTTOM - TOP
    ys = [BOTTOM - (v - lo) / span * height for v in frame.values]
    out = [_CHART_HEAD]
    if len(ys) > 1:
        out.append('<polyline class="cut-line" points="' +
                   " ".join(f"{x},{_n(y)}" for x, y in zip(frame.xs, ys)) + '"/>')
    for x, y, label, round_text in zip(frame.xs, ys, frame.labels, frame.rounds):
        out.append(f'<circle class="cut-dot" cx="{x}" cy="{_n(y)}" r="3"/>'
                   f'<text x="{x}" y="{_n(y - 6)}" text-anchor="middle" font-size="12">{label}</text>{round_text}')
    yt = BOTTOM - (t - lo) / span * height
    out.append(f'<line class="you-line" x1="{LEFT}" y1="{_n(yt)}" x2="{RIGHT}" y2="{_n(yt)}" stroke-dasharray="5 3"/>')
    out.append(f'<text class="you-text" x="{LEFT + 2}" y="{_n(yt - 4 if yt > TOP + 12 else yt + 14)}" font-size="12">'
               f'{escape(you_label)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


YEAR_LABEL_GAP = 48  # chart units: a four-digit year at 12 units is about 30 wide, half of it either side when centred


def projection_chart(rows, line_points: Decimal | None, reach_index: int | None, places: int,
                     line_label: str) -> Markup:
    """The projected total round by round as a line, the latest published line dashed, the first
    round reaching it ringed. Labels at 12 units (about 12 px on a phone). The same numbers are
    in the table below it (the SVG is decorative)."""
    if len(rows) < 2:
        return Markup("")
    totals = [float(r.total) for r in rows]
    values = totals + ([float(line_points)] if line_points is not None else [])
    lo, hi = min(values), max(values)
    pad = max((hi - lo) * 0.12, 1.0)
    lo, hi = lo - pad, hi + pad
    top, bottom = TOP + 4, BOTTOM - 4
    step = (RIGHT - LEFT - 16) / (len(rows) - 1)
    span, height = hi - lo, bottom - top

    def y(v: float) -> float:
        return bottom - (v - lo) / span * height

    xs = [LEFT + 8 + i * step for i in range(len(rows))]
    x_text = [_n(x) for x in xs]  # each coordinate written once: the line and the dots share them
    y_text = [_n(bottom - (v - lo) / span * height) for v in totals]
    out = [_CHART_HEAD, '<polyline class="cut-line" points="' +
           " ".join(f"{a},{b}" for a, b in zip(x_text, y_text)) + '"/>']
    if line_points is not None:
        yl = y(float(line_points))
        out.append(f'<line class="you-line" x1="{LEFT}" y1="{_n(yl)}" x2="{RIGHT}" y2="{_n(yl)}" stroke-dasharray="5 3"/>')
        out.append(f'<text class="you-text" x="{LEFT + 2}" y="{_n(yl - 4 if yl > TOP + 12 else yl + 14)}" '
                   f'font-size="12">{escape(line_label)}</text>')
    labelled = {0, len(rows) - 1} | ({reach_index} if reach_index is not None else set())
    # a year is written only where it does not run into another (the reaching round first)
    written: list[int] = []
    for i in [j for j in (reach_index, 0, len(rows) - 1) if j is not None]:
        if i not in written and all(abs(xs[i] - xs[j]) >= YEAR_LABEL_GAP for j in written):
            written.append(i)
    for i in sorted(labelled):
        out.append(f'<circle class="cut-dot" cx="{x_text[i]}" cy="{y_text[i]}" r="{4 if i == reach_index else 3}"/>')
        if i in written:
            anchor = "start" if i == 0 else "end" if i == len(rows) - 1 else "middle"
            out.append(f'<text x="{x_text[i]}" y="{BOTTOM + 16}" text-anchor="{anchor}" font-size="12">{rows[i].as_of.year}</text>')
    out.append("</svg>")
    return Markup("".join(out))
