"""Scheme versions: validated, immutable descriptions of one city's points rules.

A scheme document (YAML in data/schemes, or a draft in the database) is checked completely on
load: every problem is reported with its path, and a scheme that loads can always be scored.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Any, Callable

from .errors import SchemeError
from .facts import Vocabulary
from .numbers import quantizer, round_item, to_decimal
from .problems import NumberError, Problem, Problems
from .prerequisites import compile_test
from .rules import Rule, compile_rule, rounded_evaluator

CATEGORIES = ("social_insurance", "residence", "education", "skills", "age", "location",
              "innovation", "tax", "honours", "family", "public_service", "deduction", "other")
MAIN_SHARE_CATEGORIES = ("social_insurance", "residence")
RELIABILITY = ("P", "D", "S", "T", "U")
UNVERIFIED = ("T", "U")
KINDS = ("settlement", "services")
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Source:
    id: str
    title: dict[str, str]
    number: str | None
    date: str | None
    url: str | None
    reliability: str
    note: dict[str, str] | None = None


@dataclass(frozen=True)
class Citation:
    source: Source
    article: str | None

    def to_dict(self, lang: str) -> dict:
        s = self.source
        return {"source": s.id, "title": s.title[lang], "number": s.number, "article": self.article,
                "url": s.url, "reliability": s.reliability}

    def ref(self) -> dict:
        """A pointer into the answer's `sources` list: which document, which article."""
        return {"source": self.source.id, "article": self.article}


@dataclass(frozen=True)
class Item:
    id: str
    name: dict[str, str]
    category: str
    rule: Rule
    citation: Citation
    reliability: str
    evidence: tuple[dict[str, str], ...] = ()
    note: dict[str, str] | None = None
    values_missing: bool = False

    @property
    def unverified(self) -> bool:
        return self.reliability in UNVERIFIED


@dataclass(frozen=True)
class Prerequisite:
    id: str
    name: dict[str, str]
    check: Callable[[dict, dt.date], tuple[bool, dict]]
    facts: frozenset[str]
    citation: Citation
    reliability: str
    advice: dict[str, str] | None = None


@dataclass(frozen=True)
class Cutoff:
    round: int
    date: dt.date | None
    points: Decimal
    admitted: int | None
    applicants: int | None
    reliability: str
    source: str


@dataclass(frozen=True)
class Scheme:
    id: str
    city: str
    version: str
    title: dict[str, str]
    kind: str
    effective_from: dt.date
    effective_to: dt.date | None
    historical: bool
    sources: dict[str, Source]
    places: int
    quantum: Decimal
    total_floor: Decimal | None
    accrual_note: dict[str, str]
    prerequisites: tuple[Prerequisite, ...]
    items: tuple[Item, ...]
    threshold: Decimal | None
    threshold_citation: Citation | None
    cutoffs: tuple[Cutoff, ...]
    tie_break: tuple[dict[str, str], ...]
    notes: dict[str, str] | None
    facts: frozenset[str]
    document: dict = field(repr=False, compare=False, default_factory=dict)
    checked_on: dt.date | None = None  # when its numbers were last checked against the sources
    # The parts of a result that depend only on this version and a language, built once by
    # serialize.py (a version never changes; not an argument, so dataclasses.replace starts afresh).
    wording_cache: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    @cached_property
    def citations(self) -> tuple[Citation, ...]:
        """Every source and article the items and prerequisites cite, each once."""
        seen, cites = set(), []
        for c in [i.citation for i in self.items] + [p.citation for p in self.prerequisites]:
            key = (c.source.id, c.article)
            if key not in seen:
                seen.add(key)
                cites.append(c)
        return tuple(cites)

    def days_since_checked(self, today: dt.date) -> int | None:
        return None if self.checked_on is None else (today - self.checked_on).days

    @functools.cached_property
    def evaluators(self) -> tuple[Callable, ...]:
        """Each item's compiled rule, in order: the exact values (scoring reads the rounded
        points, rounded_evaluators)."""
        return tuple(i.rule.evaluate for i in self.items)

    @functools.cached_property
    def rounded_evaluators(self) -> tuple[Callable, ...]:
        """Each item's points already rounded to the scheme's places (the rules' shortcuts where
        they have one, round_item of the value elsewhere): the scoring loop's only reading."""
        return tuple(rounded_evaluator(i.rule, self.quantum) for i in self.items)

    @functools.cached_property
    def _items_by_fact(self) -> dict[str, tuple[int, ...]]:
        """fact -> the positions of the items whose rule reads it."""
        by_fact: dict[str, list[int]] = {}
        for k, item in enumerate(self.items):
            for fact in item.rule.facts:
                by_fact.setdefault(fact, []).append(k)
        return {fact: tuple(ks) for fact, ks in by_fact.items()}

    def items_reading(self, facts) -> set[int]:
        """The positions of the items whose rule reads any of `facts` (what to re-evaluate when
        those change)."""
        by_fact = self._items_by_fact
        return set().union(*[by_fact.get(fact, ()) for fact in facts])

    @functools.cached_property
    def main_share_positions(self) -> tuple[int, ...]:
        """The positions of the items the main-share test counts (social insurance, residence)."""
        return tuple(k for k, it in enumerate(self.items) if it.category in MAIN_SHARE_CATEGORIES)

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def partial(self) -> bool:
        """True when some item's values were not found: those items score nothing."""
        return any(i.values_missing for i in self.items)

    @property
    def partial_is_lower_bound(self) -> bool:
        """A partial total is a lower bound only if no missing item is a deduction (Tianjin's
        missing false-information deduction can make the real total lower)."""
        return all(i.category != "deduction" for i in self.items if i.values_missing)

    @functools.cached_property
    def _latest_cutoff(self) -> Cutoff | None:
        return max(self.cutoffs, key=lambda c: c.round) if self.cutoffs else None

    def latest_cutoff(self, before: dt.date | None = None) -> Cutoff | None:
        if before is None:  # every explanation asks this: worked out once
            return self._latest_cutoff
        cands = [c for c in self.cutoffs if before is None or c.date is None or c.date <= before]
        return max(cands, key=lambda c: c.round) if cands else None


def _text(doc: Any, path: str, probs: Problems, required: bool = True) -> dict[str, str] | None:
    if doc is None and not required:
        return None
    if not isinstance(doc, dict) or any(not isinstance(doc.get(l), str) or not doc.get(l).strip()
                                        for l in LANGS):
        probs.add(path, "needs_zh_en")
        return {l: "" for l in LANGS}
    if set(doc) - set(LANGS):  # {zh: a, en: b, c}: an unquoted comma split the text
        probs.add(path, "text_extra_keys")
    return {l: doc[l] for l in LANGS}


def _date(v: Any, path: str, probs: Problems, required: bool = True) -> dt.date | None:
    if v is None:
        if required:
            probs.add(path, "required")
        return None
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        probs.add(path, "not_a_date")
        return None


def _reliability(v: Any, path: str, probs: Problems) -> str:
    if v not in RELIABILITY:
        probs.add(path, "not_one_of", values=", ".join(RELIABILITY))
        return "U"
    return v


def _citation(doc: Any, path: str, sources: dict[str, Source], probs: Problems) -> Citation:
    ref = doc.get("ref") if isinstance(doc, dict) else None
    if not isinstance(ref, str) or ref not in sources:
        probs.add(f"{path}.ref", "unknown_source", ref=repr(ref))
        return Citation(Source("?", {"zh": "?", "en": "?"}, None, None, None, "U"), None)
    art = doc.get("article")
    return Citation(sources[ref], None if art is None else str(art))


RULE_LISTS = {"rules": "rule", "components": "map", "rows": "map", "terms": "map", "tiers": "map", "brackets": "map",
              "shares": "map"}
TOP_SHAPES = {"title": dict, "sources": list, "rounding": dict, "accrual_note": dict, "prerequisites": list,
              "items": list, "threshold": dict, "cutoffs": list, "tie_break": list, "notes": dict}


def _shape(doc: dict, probs: Problems):
    """Containers of the right kind everywhere, so the detailed checks can rely on them."""
    for key, kind in TOP_SHAPES.items():
        if doc.get(key) is not None and not isinstance(doc[key], kind):
            probs.add(key, "not_a_mapping" if kind is dict else "not_a_list")
    for key in ("sources", "prerequisites", "items", "cutoffs", "tie_break"):
        for i, x in enumerate(doc.get(key) or [] if isinstance(doc.get(key), list) else []):
            if not isinstance(x, dict):
                probs.add(f"{key}[{i}]", "not_a_mapping")
    for i, it in enumerate(doc.get("items") or [] if isinstance(doc.get("items"), list) else []):
        if isinstance(it, dict):
            for key in ("name", "note", "source"):
                if it.get(key) is not None and not isinstance(it[key], dict):
                    probs.add(f"items[{i}].{key}", "not_a_mapping")
            if it.get("evidence") is not None and not isinstance(it["evidence"], list):
                probs.add(f"items[{i}].evidence", "not_a_list")
            _rule_shape(it.get("rule"), f"items[{i}].rule", probs)
    for i, p in enumerate(doc.get("prerequisites") or [] if isinstance(doc.get("prerequisites"), list) else []):
        if isinstance(p, dict):
            for key in ("name", "advice", "source"):
                if p.get(key) is not None and not isinstance(p[key], dict):
                    probs.add(f"prerequisites[{i}].{key}", "not_a_mapping")
            _test_shape(p.get("test"), f"prerequisites[{i}].test", probs)


def _rule_shape(rule: Any, path: str, probs: Problems):
    if not isinstance(rule, dict):
        probs.add(path, "not_a_mapping")
        return
    for key, kind in RULE_LISTS.items():
        v = rule.get(key)
        if v is None:
            continue
        if not isinstance(v, list):
            probs.add(f"{path}.{key}", "not_a_list")
            continue
        for j, x in enumerate(v):
            if kind == "rule":
                _rule_shape(x, f"{path}.{key}[{j}]", probs)
            elif not isinstance(x, dict):
                probs.add(f"{path}.{key}[{j}]", "not_a_mapping")
            elif key == "rows" and not isinstance(x.get("when"), dict):
                probs.add(f"{path}.{key}[{j}].when", "not_a_mapping")
            elif key == "terms" and x.get("map") is not None and not isinstance(x["map"], dict):
                probs.add(f"{path}.{key}[{j}].map", "not_a_mapping")


def _test_shape(test: Any, path: str, probs: Problems):
    if not isinstance(test, dict):
        probs.add(path, "not_a_mapping")
        return
    if test.get("tests") is not None:
        if not isinstance(test["tests"], list):
            probs.add(f"{path}.tests", "not_a_list")
        else:
            for j, x in enumerate(test["tests"]):
                _test_shape(x, f"{path}.tests[{j}]", probs)


SMOKE_FACTS = {"birth_date": dt.date(1985, 1, 1), "sex": "male", "social_insurance_months": 100,
               "education": "bachelor"}


def _smoke(scheme: "Scheme", vocab: Vocabulary) -> list[tuple[str, Problem]]:
    """Evaluate every item and prerequisite once on a plain applicant: a scheme that loads can
    always be scored (catches values of the wrong kind that only bite at evaluation)."""
    facts = {}
    for fid in scheme.facts | {"birth_date"}:
        d = vocab[fid]
        facts[fid] = SMOKE_FACTS.get(fid, d.default)
    for fid in scheme.facts:
        d = vocab[fid]
        if facts.get(fid) is None and d.default_from:
            facts[fid] = facts.get(d.default_from, SMOKE_FACTS.get(d.default_from, 0))
        if facts.get(fid) is None:
            facts[fid] = {"integer": 0, "boolean": False, "choice": d.choices[0].value if d.choices else "",
                          "date": dt.date(1985, 1, 1)}[d.type]
    problems = []
    day = dt.date(2024, 6, 30)
    for i, (item, points) in enumerate(zip(scheme.items, scheme.rounded_evaluators)):
        try:
            v = item.rule.evaluate(facts, day)
            round_item(v, scheme.quantum)
            points(facts, day)  # as scoring reads it
        except Exception as e:  # any failure here is a fault in the document: report it
            problems.append((f"items[{i}].rule", Problem("cannot_evaluate", {"error": type(e).__name__})))
    for i, p in enumerate(scheme.prerequisites):
        try:
            p.check(facts, day)
        except Exception as e:
            problems.append((f"prerequisites[{i}].test", Problem("cannot_evaluate", {"error": type(e).__name__})))
    return problems


def load_scheme(doc: Any, vocab: Vocabulary) -> Scheme:
    """Validate a scheme document completely and compile it; SchemeError lists every problem."""
    if not isinstance(doc, dict):
        raise SchemeError([("", Problem("scheme_not_mapping"))])
    probs = Problems()
    _shape(doc, probs)
    if probs.items:
        raise SchemeError(probs.items)
    try:
        scheme = _load(doc, vocab)
    except SchemeError:
        raise
    except (TypeError, AttributeError, KeyError, ValueError, IndexError) as e:
        # last line of defence: a shape the checks above did not foresee
        raise SchemeError([("", Problem("malformed", {"error": f"{type(e).__name__}: {e}"}))]) from None
    problems = _smoke(scheme, vocab)
    if problems:
        raise SchemeError(problems)
    return scheme


def _load(doc: dict, vocab: Vocabulary) -> Scheme:
    probs = Problems()
    for key in ("id", "city", "version"):
        if not isinstance(doc.get(key), (str, int)) or not str(doc.get(key)).strip():
            probs.add(key, "required")
    title = _text(doc.get("title"), "title", probs)
    kind = doc.get("kind", "settlement")
    if kind not in KINDS:
        probs.add("kind", "not_one_of", values=", ".join(KINDS))
    start = _date(doc.get("effective_from"), "effective_from", probs)
    end = _date(doc.get("effective_to"), "effective_to", probs, required=False)
    if start and end and end < start:
        probs.add("effective_to", "before_effective_from")
    checked = _date(doc.get("checked_on"), "checked_on", probs, required=False)

    sources: dict[str, Source] = {}
    for i, s in enumerate(doc.get("sources") or []):
        p = f"sources[{i}]"
        if not isinstance(s, dict) or not s.get("id"):
            probs.add(p, "needs_id")
            continue
        sources[s["id"]] = Source(s["id"], _text(s.get("title"), f"{p}.title", probs),
                                  s.get("number"), None if s.get("date") is None else str(s["date"]),
                                  s.get("url"), _reliability(s.get("reliability"), f"{p}.reliability", probs),
                                  _text(s.get("note"), f"{p}.note", probs, required=False))
    if not sources:
        probs.add("sources", "needs_source")

    rounding = doc.get("rounding") or {}
    places = rounding.get("places", 2)
    if not isinstance(places, int) or not 0 <= places <= 4:
        probs.add("rounding.places", "not_places")
        places = 2
    if rounding.get("mode", "half_up") != "half_up":
        probs.add("rounding.mode", "only_half_up")
    floor = doc.get("total_floor")
    total_floor = None
    try:
        total_floor = to_decimal(floor, "total_floor") if floor is not None else None
    except NumberError as e:
        probs.add("total_floor", e.problem)

    used: set[str] = set()
    prereqs = []
    seen = set()
    for i, p in enumerate(doc.get("prerequisites") or []):
        path = f"prerequisites[{i}]"
        if not isinstance(p, dict) or not p.get("id"):
            probs.add(path, "needs_id")
            continue
        check, facts = compile_test(p.get("test"), f"{path}.test", vocab, probs)
        used |= facts
        prereqs.append(Prerequisite(p["id"], _text(p.get("name"), f"{path}.name", probs), check, facts,
                                    _citation(p.get("source"), f"{path}.source", sources, probs),
                                    _reliability(p.get("reliability"), f"{path}.reliability", probs),
                                    _text(p.get("advice"), f"{path}.advice", probs, required=False)))
    items = []
    for i, it in enumerate(doc.get("items") or []):
        path = f"items[{i}]"
        if not isinstance(it, dict) or not it.get("id"):
            probs.add(path, "needs_id")
            continue
        if it["id"] in seen:
            probs.add(f"{path}.id", "duplicate_item", id=repr(it["id"]))
        seen.add(it["id"])
        if it.get("category") not in CATEGORIES:
            probs.add(f"{path}.category", "not_one_of", values=", ".join(CATEGORIES))
        rule = compile_rule(it.get("rule"), f"{path}.rule", vocab, probs)
        if (it.get("rule") or {}).get("type") == "not_found" and not it.get("values_missing"):
            probs.add(f"{path}.values_missing", "not_found_needs_flag")
        used |= rule.facts
        evidence = tuple(_text(e, f"{path}.evidence[{j}]", probs) for j, e in enumerate(it.get("evidence") or []))
        items.append(Item(it["id"], _text(it.get("name"), f"{path}.name", probs), it.get("category", "other"),
                          rule, _citation(it.get("source"), f"{path}.source", sources, probs),
                          _reliability(it.get("reliability"), f"{path}.reliability", probs), evidence,
                          _text(it.get("note"), f"{path}.note", probs, required=False),
                          bool(it.get("values_missing", False))))
    if not items:
        probs.add("items", "needs_item")

    threshold = threshold_cit = None
    if doc.get("threshold") is not None:
        t = doc["threshold"]
        try:
            threshold = to_decimal(t.get("points"), "threshold.points")
        except NumberError as e:
            probs.add("threshold.points", e.problem)
        threshold_cit = _citation(t.get("source") if isinstance(t, dict) else None, "threshold.source",
                                  sources, probs)
    cutoffs = []
    for i, c in enumerate(doc.get("cutoffs") or []):
        path = f"cutoffs[{i}]"
        try:
            pts = to_decimal(c.get("cutoff"), "cutoff")
        except NumberError as e:
            probs.add(f"{path}.cutoff", e.problem)
            continue
        if not isinstance(c.get("round"), int):
            probs.add(f"{path}.round", "not_a_year")
            continue
        cutoffs.append(Cutoff(c["round"], _date(c.get("date"), f"{path}.date", probs, required=False), pts,
                              c.get("admitted"), c.get("applicants"),
                              _reliability(c.get("reliability"), f"{path}.reliability", probs),
                              str(c.get("source", ""))))
    accrual_note = _text(doc.get("accrual_note"), "accrual_note", probs)
    tie_break = tuple(_text(t, f"tie_break[{i}]", probs) for i, t in enumerate(doc.get("tie_break") or []))
    notes = _text(doc.get("notes"), "notes", probs, required=False)
    if probs.items:
        raise SchemeError(probs.items)
    return Scheme(
        id=str(doc["id"]), city=str(doc["city"]), version=str(doc["version"]), title=title, kind=kind,
        effective_from=start, effective_to=end, historical=bool(doc.get("historical", False)),
        sources=sources, places=places, quantum=quantizer(places), total_floor=total_floor,
        accrual_note=accrual_note, prerequisites=tuple(prereqs), items=tuple(items), threshold=threshold,
        threshold_citation=threshold_cit, cutoffs=tuple(sorted(cutoffs, key=lambda c: c.round)),
        tie_break=tie_break, notes=notes, facts=frozenset(used | {"birth_date"}), document=doc,
        checked_on=checked)
