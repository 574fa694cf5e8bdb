"""Who gets in under a scheme, for a quota: cutoff, admitted, main share, margin, and what a draft
changes against the published version. Pure NumPy over a Population; no Flask."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..core.errors import FieldError, InputError
from ..core.schemes import Scheme
from ..core.scoring import is_main_share, population_main_shares
from .batch import BatchScheme, Population

AGE_BANDS = ((0, 29, "<30"), (30, 39, "30-39"), (40, 44, "40-44"), (45, 49, "45-49"), (50, 200, "50+"))
MAX_CSV_ERRORS = 50


@dataclass
class Outcome:
    scheme: Scheme
    items: np.ndarray            # (n_items, n) in units of 10^-places
    total: np.ndarray            # (n,)
    cutoff: int                  # lowest admitted total
    admitted: np.ndarray         # bool (n,)
    scale: int = 100

    @property
    def n_admitted(self) -> int:
        return int(self.admitted.sum())


@dataclass
class Report:
    population: int
    quota: int
    published: dict
    draft: dict | None = None
    changes: dict | None = None
    notes: list[str] = field(default_factory=list)


def cut(total: np.ndarray, quota: int) -> tuple[int, np.ndarray]:
    """The lowest total within the quota; everyone tied with it is admitted too (Beijing's rule:
    ties at the cutoff are all admitted, so the count can exceed the quota)."""
    if quota >= len(total):
        c = int(total.min())
    else:
        c = int(np.partition(total, len(total) - quota)[len(total) - quota])
    return c, total >= c


def run(scheme: Scheme, batch: BatchScheme, pop: Population, as_of: dt.date, quota: int) -> Outcome:
    items, total = batch.score(pop, as_of)
    c, admitted = cut(total, quota)
    return Outcome(scheme, items, total, c, admitted, 10 ** scheme.places)


def _share(out: Outcome, mask: np.ndarray) -> float | None:
    shares = population_main_shares(out.scheme, out.items[:, mask], out.total[mask])
    return None if shares is None else float(shares.mean())


def _top_order(total: np.ndarray, k: int) -> np.ndarray:
    """The first k of a stable descending sort of total (ties in index order), without sorting
    the whole population: only those at or above the k-th largest total are sorted."""
    k = max(1, min(k, len(total)))
    threshold = np.partition(total, len(total) - k)[len(total) - k]
    cand = np.flatnonzero(total >= threshold)
    return cand[np.argsort(-total[cand], kind="stable")][:k]


def summarise(out: Outcome, bins: int = 20) -> dict:
    s = out.scale
    total = out.total
    counts, edges = np.histogram(total / s, bins=bins)
    at_cut = out.admitted & (total == out.cutoff)
    pivotal = {}
    for k, it in enumerate(out.scheme.items):
        pts = out.items[k]
        would_fall = out.admitted & (pts > 0) & (total - pts < out.cutoff)
        if would_fall.any():
            pivotal[it.id] = int(would_fall.sum())
    # the margin: the lowest-scoring admitted against the same number just below the line
    k_adm = out.n_admitted
    band = max(1, min(k_adm, len(total) - k_adm, max(50, k_adm // 10)))
    order = _top_order(total, k_adm + band)
    above, below = order[max(0, k_adm - band):k_adm], order[k_adm:k_adm + band]
    margin = {}
    if len(below):
        for k, it in enumerate(out.scheme.items):
            diff = (out.items[k][above].mean() - out.items[k][below].mean()) / s
            margin[it.id] = round(float(diff), 2)
    return {
        "scheme": out.scheme.id, "cutoff": f"{out.cutoff / s:.2f}", "admitted": out.n_admitted,
        "tied_at_cutoff": int(at_cut.sum()),
        "main_share_admitted_mean": _share(out, out.admitted),
        "main_share_at_cutoff": _share(out, at_cut),
        "main_share_is_main": bool(is_main_share(_share(out, out.admitted))),
        "items_mean_admitted": {it.id: round(float(out.items[k][out.admitted].mean() / s), 2)
                                for k, it in enumerate(out.scheme.items)},
        "pivotal_items": dict(sorted(pivotal.items(), key=lambda kv: -kv[1])),
        "margin_item_difference": dict(sorted(margin.items(), key=lambda kv: -kv[1])),
        "histogram": {"counts": counts.tolist(), "edges": [round(float(e), 2) for e in edges]},
        "item_count": len(out.scheme.items),
    }


def bands(pop: Population, as_of: dt.date, vocab) -> dict[str, tuple[np.ndarray, list]]:
    """Age band and education of each applicant, as (codes, labels), for who-enters/who-leaves
    tables (codes index labels; the last label None is an age outside every band)."""
    y, m, d = pop.cols["birth_date.y"], pop.cols["birth_date.m"], pop.cols["birth_date.d"]
    age = as_of.year - y - ((as_of.month < m) | ((as_of.month == m) & (as_of.day < d)))
    labels = [label for _lo, _hi, label in AGE_BANDS] + [None]
    codes = np.full(pop.n, len(AGE_BANDS), dtype=np.int64)
    for i, (lo, hi, _label) in enumerate(AGE_BANDS):
        codes[(age >= lo) & (age <= hi)] = i
    out = {"age": (codes, labels)}
    if "education" in pop.cols:
        out["education"] = (pop.cols["education"], [c.value for c in vocab["education"].choices])
    return out


def compare(pub: Outcome, draft: Outcome, pop: Population, as_of: dt.date, vocab) -> dict:
    enter = draft.admitted & ~pub.admitted
    leave = pub.admitted & ~draft.admitted
    by = {}
    for name, (codes, labels) in bands(pop, as_of, vocab).items():
        size = len(labels)
        present = np.bincount(codes, minlength=size)
        counts = {key: np.bincount(codes[mask], minlength=size)
                  for key, mask in (("published", pub.admitted), ("draft", draft.admitted), ("enter", enter),
                                    ("leave", leave))}
        table = {}
        for i in sorted((i for i in range(size) if present[i]), key=lambda i: str(labels[i])):
            table[labels[i]] = {key: int(c[i]) for key, c in counts.items()}
        by[name] = table
    return {"enter": int(enter.sum()), "leave": int(leave.sum()), "stay": int((pub.admitted & draft.admitted).sum()),
            "by": by}


def simulate(pop: Population, as_of: dt.date, quota: int, published: Scheme, vocab,
             draft: Scheme | None = None) -> Report:
    pop.ensure(set(published.facts) | (set(draft.facts) if draft else set()), vocab)
    pub = run(published, BatchScheme(published, vocab), pop, as_of, quota)
    rep = Report(pop.n, quota, summarise(pub))
    if draft is not None:
        dr = run(draft, BatchScheme(draft, vocab), pop, as_of, quota)
        rep.draft = summarise(dr)
        rep.changes = compare(pub, dr, pop, as_of, vocab)
    return rep


# --- populations ------------------------------------------------------------------------------

def csv_template(facts: list[str], vocab) -> str:
    """A CSV with the needed columns and one example row, to download and fill in."""
    example = {"birth_date": "1985-06-15", "sex": "female"}
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(facts)
    row = []
    for f in facts:
        d = vocab[f]
        row.append(example.get(f, d.choices[0].value if d.type == "choice" else
                   ("false" if d.type == "boolean" else (d.default if d.default is not None else 0))))
    w.writerow(row)
    return buf.getvalue()


def population_from_csv(text: str, vocab, needed: set[str], as_of: dt.date) -> Population:
    """Parse an uploaded CSV: a header of fact ids, one applicant a row. Errors name the row and
    column (row 2 is the first applicant); nothing is kept from a file with errors."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    errors: list[FieldError] = []
    unknown = [h for h in header if h not in vocab]
    for h in unknown:
        errors.append(FieldError(f"column {h}", "unknown_fact", {"name": h}))
    if errors:
        raise InputError(errors)
    facts = []
    for i, row in enumerate(reader, start=2):
        try:
            facts.append(vocab.validate({k: v for k, v in row.items() if k is not None}, as_of, needed=needed,
                                        prefix=f"row {i}"))
        except InputError as e:
            errors.extend(e.errors)
            if len(errors) >= MAX_CSV_ERRORS:
                break
    if errors:
        raise InputError(errors[:MAX_CSV_ERRORS])
    if not facts:
        raise InputError([FieldError("file", "required")])
    return Population.from_facts(facts, vocab, needed | {"birth_date"})


def population_from_list(path: Path, vocab, needed: set[str], round_year: int, as_of: dt.date) -> Population:
    """Beijing's official list of admitted applicants as facts (admitted people only)."""
    from ..populations.beijing_lists import facts_for_row, read_list
    facts = [vocab.validate(facts_for_row(r, round_year), as_of, needed=needed) for r in read_list(path)]
    return Population.from_facts(facts, vocab, needed | {"birth_date"})
