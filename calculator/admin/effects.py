"""What a draft changes, for the panel beside the editor: the national opinion's main-share check
over the city's reference population and for a sample applicant, the number of items, the golden
cases' totals under published and draft, and the simulation preview with its histogram.

Populations (simulation/populations.py, the loader the CLI uses too): the city's applicant pool
(Beijing's fitted to the 2020 round, 122,852 people; other cities an illustrative synthetic
pool), or the golden cases when a draft needs facts the pool cannot default. Scored with the
batch engine; a pool is drawn once per process. For each item, `visibility` says whether the
population can tell people apart on it, and `warnings` names changed items it cannot show.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import yaml

from ..core.errors import InputError
from ..core.numbers import percent
from ..core.policy import DATA_DIR
from ..core.schemes import Scheme, load_scheme
from ..core.scoring import is_main_share, population_main_shares, score
from ..simulation.batch import BatchScheme, Population
from ..simulation.simulate import simulate



@functools.lru_cache(maxsize=64)
def compile_doc(text: str, vocab) -> Scheme:
    """A stored document (valid: save_draft validates) compiled once per text."""
    return load_scheme(json.loads(text), vocab)


# --- populations -------------------------------------------------------------------------------

@dataclass
class Reference:
    kind: str                 # official_list | synthetic | golden
    population: Population
    as_of: dt.date
    note: str = ""
    defaults: list[str] = field(default_factory=list)   # facts a scheme needs that the data lacks
    quota: int | None = None        # the round's published quota, for a fitted pool
    pool: object = None             # simulation.pools.Pool, for a pool
    generated: set = field(default_factory=set)   # the facts the population held before defaults


def population_name(ref: Reference) -> str:
    """A short name of the population, for sentences."""
    from flask_babel import gettext as _
    return {"official_list": _("Beijing's official 2022 list of admitted applicants"),
            "applicants": _("the synthetic pool of applicants"),
            "illustrative": _("an illustrative synthetic pool"),
            "synthetic": _("a synthetic population"),
            "golden": _("the city's golden test cases")}.get(ref.kind, ref.kind)


def reference_population(city: str, schemes: list[Scheme], vocab, today: dt.date) -> Reference | None:
    """The city's applicant pool (simulation/populations: Beijing's fitted to the 2020 round,
    others illustrative), with the facts it lacks at their defaults; else the golden cases."""
    from ..simulation import populations
    needed = set().union(*(s.facts for s in schemes))
    loaded = populations.applicants(city, vocab, today)
    generated = set(loaded.population.cols)
    try:
        populations.fill(loaded, needed, vocab)
    except KeyError:
        loaded = None
    if loaded is not None:
        return Reference(loaded.kind, loaded.population, loaded.as_of, defaults=loaded.defaults,
                         quota=loaded.quota, pool=loaded.pool, generated=generated)
    cases = golden_cases(city, schemes[0].id)
    facts = []
    as_of = today
    for c in cases:
        try:
            facts.append(vocab.validate(c["facts"], c["as_of"], needed=needed))
            as_of = c["as_of"]
        except InputError:
            continue
    if not facts:
        return None
    return Reference("golden", Population.from_facts(facts, vocab, needed | {"birth_date"}), as_of)


# --- golden cases ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _golden_file(path: Path) -> tuple:
    with open(path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh) or {}
    out = []
    for c in doc.get("cases") or []:
        as_of = c.get("as_of")
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        names = {"en": str(c.get("name", "")), "zh": str(c.get("name_zh") or c.get("name", ""))}
        out.append({"name": c.get("name", ""), "names": names, "as_of": as_of or dt.date.today(),
                    "facts": c.get("facts") or {}})
    return tuple(out)


def golden_cases(city: str, scheme_id: str | None) -> tuple:
    """The sample applicants: the golden cases of the base version, else the city's newest file."""
    folder = DATA_DIR / "golden"
    if scheme_id and (folder / f"{scheme_id}.yaml").exists():
        return _golden_file(folder / f"{scheme_id}.yaml")
    files = sorted(folder.glob(f"{city}-*.yaml"))
    return _golden_file(files[-1]) if files else ()


# --- the panel ---------------------------------------------------------------------------------

@dataclass
class CaseRow:
    name: str
    as_of: dt.date
    published: str | None
    draft: str | None
    published_share: str | None = None
    draft_share: str | None = None
    published_main: bool | None = None
    draft_main: bool | None = None
    problem: str = ""

    @property
    def difference(self) -> str | None:
        if self.published is None or self.draft is None:
            return None
        d = Decimal(self.draft) - Decimal(self.published)
        return f"{d:+.2f}"


def _score_case(scheme: Scheme, case: dict, vocab):
    facts = vocab.validate(case["facts"], case["as_of"], needed=set(scheme.facts))
    return score(scheme, facts, case["as_of"])


def case_rows(city: str, published: Scheme | None, draft: Scheme, vocab, lang: str = "en") -> list[CaseRow]:
    """The golden cases scored under both, named in the official's language (name_zh in the
    golden file; the English name where a case has none yet)."""
    rows = []
    for case in golden_cases(city, published.id if published else None):
        row = CaseRow(case["names"].get(lang, case["name"]), case["as_of"], None, None)
        for label, scheme in (("published", published), ("draft", draft)):
            if scheme is None:
                continue
            try:
                r = _score_case(scheme, case, vocab)
            except InputError as e:
                row.problem = ", ".join(sorted({x.field.split(".")[-1] for x in e.errors}))
                continue
            setattr(row, label, f"{r.total:.2f}")
            setattr(row, f"{label}_share", percent(r.main_share))
            setattr(row, f"{label}_main", r.is_main_share)
        rows.append(row)
    return rows


def main_share(ref: Reference, scheme: Scheme, vocab) -> dict:
    """The mean share of social insurance + residence points, and how many people have those
    items as their main share (> 50%): over the whole population, or, for an applicant pool,
    over the people the scheme admits at the round's quota (like the official lists)."""
    items, total = BatchScheme(scheme, vocab).score(ref.population, ref.as_of)
    if ref.quota:
        from ..simulation.simulate import cut
        _c, admitted = cut(total, min(ref.quota, ref.population.n))
        items, total = items[:, admitted], total[admitted]
    shares = population_main_shares(scheme, items, total)
    if shares is None:
        return {"share": None, "is_main": None, "people_main": 0, "people": int(ref.population.n)}
    mean = float(shares.mean())
    return {"share": mean, "percent": percent(mean), "is_main": bool(is_main_share(mean)),
            "people_main": int(is_main_share(shares).sum()),
            "people": int(len(total))}


def default_quota(ref: Reference) -> int:
    """The round's published quota for a fitted pool, else half the population."""
    return ref.quota or max(1, ref.population.n // 2)


def preview(ref: Reference, published: Scheme, draft: Scheme, vocab, quota: int) -> dict:
    """simulate() for the quota, with a histogram of both totals on common bins."""
    quota = max(1, min(quota, ref.population.n))
    rep = simulate(ref.population, ref.as_of, quota, published, vocab, draft)
    _, pub_total = BatchScheme(published, vocab).score(ref.population, ref.as_of)
    _, dr_total = BatchScheme(draft, vocab).score(ref.population, ref.as_of)
    scale_p, scale_d = 10 ** published.places, 10 ** draft.places
    return {"report": rep, "quota": quota,
            "svg": histogram_svg(pub_total / scale_p, dr_total / scale_d,
                                 float(rep.published["cutoff"]), float(rep.draft["cutoff"]))}


# --- the histogram -----------------------------------------------------------------------------

@dataclass
class Svg:
    width: int
    height: int
    bars: list
    ticks: list
    lines: list
    table: list
    y_max: int
    left: int = 64     # room for the count labels
    bottom: int = 50   # room for the tick labels and the axis title
    right: int = 20    # room for half the last tick label


def histogram_svg(pub: np.ndarray, dr: np.ndarray, pub_cut: float, dr_cut: float, bins: int = 20) -> Svg:
    """Geometry for a server-rendered SVG (classes only, no style attributes): per bin a bar for
    the published and one for the draft totals, and each cutoff as a line."""
    lo = float(min(pub.min(), dr.min()))
    hi = float(max(pub.max(), dr.max()))
    if hi <= lo:
        hi = lo + 1
    edges = np.linspace(lo, hi, bins + 1)
    cp, _ = np.histogram(pub, bins=edges)
    cd, _ = np.histogram(dr, bins=edges)
    # 400 units wide with 17-unit labels (admin.css): 12.6 px on a 375 px phone, where the figure
    # is 297 px wide (640 units with 11-unit labels gave about 5 px)
    W, H, L, B, T, R = 400, 250, 64, 50, 12, 20
    plot_w, plot_h = W - L - R, H - B - T
    y_max = int(max(cp.max(), cd.max(), 1))
    bw = plot_w / bins

    def x_of(v):
        return L + (v - lo) / (hi - lo) * plot_w

    def h_of(c):
        return c / y_max * plot_h

    bars = []
    for i in range(bins):
        x0 = L + i * bw
        for k, (cls, c) in enumerate((("pub", cp[i]), ("draft", cd[i]))):
            h = h_of(c)
            bars.append({"cls": cls, "x": round(x0 + 1 + k * (bw - 2) / 2, 1), "y": round(T + plot_h - h, 1),
                         "w": round((bw - 2) / 2, 1), "h": round(h, 1), "count": int(c),
                         "lo": round(float(edges[i]), 2), "hi": round(float(edges[i + 1]), 2)})
    ticks = []
    for i in range(0, bins + 1, 4):
        ticks.append({"x": round(L + i * bw, 1), "label": f"{edges[i]:.0f}"})
    lines = [{"cls": "pub", "x": round(x_of(pub_cut), 1), "value": f"{pub_cut:.2f}"},
             {"cls": "draft", "x": round(x_of(dr_cut), 1), "value": f"{dr_cut:.2f}"}]
    table = [{"lo": f"{edges[i]:.2f}", "hi": f"{edges[i + 1]:.2f}", "pub": int(cp[i]), "draft": int(cd[i])}
             for i in range(bins)]
    return Svg(W, H, bars, ticks, lines, table, y_max, L, B, R)


# --- what the population can tell apart ---------------------------------------------------------

@dataclass
class Visibility:
    item_id: str
    name: str
    status: str          # observed | modelled | conflated | absent
    facts: list          # (label, status) of each fact the item reads
    changed: bool = False
    moves: bool | None = None   # a changed item: does anyone's points change in this population?


def changed_items(published_doc: dict | None, draft_doc: dict) -> set[str]:
    """Ids of the items a draft adds or changes (rule, cap, anything), compared by id."""
    before = {i.get("id"): i for i in (published_doc or {}).get("items") or [] if isinstance(i, dict)}
    return {i.get("id") for i in draft_doc.get("items") or [] if isinstance(i, dict)
            and json.dumps(i, sort_keys=True, default=str) != json.dumps(before.get(i.get("id")), sort_keys=True,
                                                                         default=str)}


WORST = ("absent", "conflated", "modelled", "observed")


def visibility(ref: Reference, published: Scheme | None, draft: Scheme, vocab, lang: str,
               changed: set[str] = frozenset()) -> list[Visibility]:
    """For each item of the draft: whether the population can tell people apart on it."""
    from ..simulation.populations import distinguishes
    kind = ref.kind if ref.kind != "golden" else "csv"
    generated = ref.generated or set(ref.population.cols)
    pub_points = drf_points = None
    if changed:
        drf_items, _t = BatchScheme(draft, vocab).score(ref.population, ref.as_of)
        drf_points = {it.id: drf_items[k] for k, it in enumerate(draft.items)}
        if published is not None:
            pub_items, _t = BatchScheme(published, vocab).score(ref.population, ref.as_of)
            pub_points = {it.id: pub_items[k] for k, it in enumerate(published.items)}
    out = []
    for it in draft.items:
        facts = sorted(f for f in it.rule.facts if f != "birth_date" or kind != "official_list")
        statuses = [(vocab[f].label[lang] if f in vocab else f, distinguishes(kind, f, generated)) for f in facts]
        status = min((s for _l, s in statuses), key=WORST.index, default="observed")
        v = Visibility(it.id, it.name[lang], status, statuses, changed=it.id in changed)
        if v.changed and drf_points is not None:
            before = pub_points.get(it.id) if pub_points is not None else None
            after = drf_points[it.id]
            v.moves = bool((after != 0).any()) if before is None else bool((after != before).any())
        out.append(v)
    return out


def status_words() -> dict:
    from flask_babel import gettext as _
    return {"observed": _("Told apart: from the published data"),
            "modelled": _("Told apart: drawn under the stated assumptions"),
            "conflated": _("Cannot be told apart in this population"),
            "absent": _("Not in this population: everyone has the default")}


def warnings(rows: list[Visibility]) -> list[str]:
    """A sentence for each changed item whose effect this population cannot show."""
    from flask_babel import gettext as _
    out = []
    for v in rows:
        if not v.changed:
            continue
        bad = [label for label, s in v.facts if s in ("conflated", "absent")]
        if v.status == "conflated":
            out.append(_("You changed “%(item)s”, but this population cannot tell people apart on %(facts)s: the "
                         "effect shown is not the real one.", item=v.name, facts=", ".join(bad)))
        elif v.status == "absent":
            out.append(_("You changed “%(item)s”, but this population does not hold %(facts)s: everyone has the "
                         "default, so the effect shown rests on defaulted facts.", item=v.name, facts=", ".join(bad)))
        elif v.moves is False:
            out.append(_("You changed “%(item)s”, but no one's points for it change in this population.",
                         item=v.name))
    return out
