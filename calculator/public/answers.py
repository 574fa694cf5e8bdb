"""Answers <-> query string <-> facts: the one place the pages read what an applicant entered.

The query string uses the API's fact names, plus `<fact>_since` (a start date for a duration,
counted up to the application date), `as_of` and `scheme`. Other parameters are ignored, not
errors: WeChat appends its own (`from=singlemessage`, `isappinstalled=0`) to shared links.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping


from ..core.errors import FieldError, InputError
from ..core.facts import FactDef, Vocabulary, months_between
from ..i18n import translator, field_message
from .texts import PAGE_MESSAGES, SECTION_NAMES, SECTION_OF, SECTION_ORDER

DURATION_UNITS = ("month", "day")
SINCE = "_since"
CONTROLS = ("as_of", "scheme")


def is_duration(d: FactDef) -> bool:
    return d.type == "integer" and d.unit in DURATION_UNITS


def field_id(name: str) -> str:
    return f"f-{name}"


@dataclass(frozen=True)
class PageError:
    field: str    # a fact id, "as_of" or "scheme"
    target: str   # the id of the input the error summary links to
    message: str
    code: str = ""
    label: str = ""


@dataclass
class Answers:
    values: dict[str, str]            # what was entered, by input name, as given
    as_of: dt.date | None             # None when the date given is not a date
    scheme_id: str | None
    facts: dict[str, Any]             # for the core: answered facts, start dates turned into counts
    from_since: set[str] = field(default_factory=set)
    errors: list[tuple[str, str, str, dict]] = field(default_factory=list)  # (field, target, code, params)


def _page_message(code: str, params: dict, lang: str) -> str:
    gettext = translator(lang)  # noqa: F811 (explicit language, cheap)
    if True:
        return gettext(PAGE_MESSAGES[code]) % params


def _names(vocab: Vocabulary) -> tuple[frozenset[str], dict[str, int]]:
    """The query-string names a vocabulary accepts, and each fact's place in it (computed once
    per vocabulary: it has hundreds of facts and a query string a dozen)."""
    cached = vocab.__dict__.get("_query_names")
    if cached is None:
        known = frozenset(vocab.defs) | {f + SINCE for f, d in vocab.defs.items() if is_duration(d)}
        cached = vocab.__dict__["_query_names"] = (known, {f: i for i, f in enumerate(vocab.defs)})
    return cached


def read(args: Mapping[str, str], vocab: Vocabulary, today: dt.date) -> Answers:
    """Parse a query string (first value of each known name); never raises."""
    known, place = _names(vocab)
    values = {k: str(args.get(k, "")) for k in args if k in known or k in CONTROLS}
    errors: list[tuple[str, str, str, dict]] = []
    raw_as_of = values.get("as_of", "").strip()
    as_of: dt.date | None = today
    if raw_as_of:
        try:
            as_of = dt.date.fromisoformat(raw_as_of)
        except ValueError:
            as_of = None
            errors.append(("as_of", field_id("as_of"), "bad_date", {}))
    scheme_id = values.get("scheme", "").strip() or None
    facts: dict[str, Any] = {}
    from_since: set[str] = set()
    asked = {k.removesuffix(SINCE) if k not in place else k for k in values if k not in CONTROLS}
    for fid in sorted(asked, key=place.__getitem__):  # the vocabulary's order, as before
        d = vocab.defs[fid]
        count = values.get(fid, "").strip()
        since = values.get(fid + SINCE, "").strip() if is_duration(d) else ""
        if since and count:
            errors.append((fid, field_id(fid), "both_given", {}))
        elif since:
            from_since.add(fid)
            try:
                start = dt.date.fromisoformat(since)
            except ValueError:
                errors.append((fid, field_id(fid + SINCE), "since_not_a_date", {}))
                continue
            if as_of is None:
                continue
            if start > as_of:
                errors.append((fid, field_id(fid + SINCE), "since_after_as_of", {"date": as_of.isoformat()}))
                continue
            facts[fid] = months_between(start, as_of) if d.unit == "month" else (as_of - start).days
        elif count:
            facts[fid] = count
    return Answers(values, as_of, scheme_id, facts, from_since, errors)


def page_errors(answers: Answers, exc: InputError | None, lang: str,
                only: set[str] | None = None, vocab: Vocabulary | None = None) -> list[PageError]:
    """The pages' own problems and the core's, as messages linked to inputs; one per field.

    `only` limits fact errors to the facts the form shows (a hidden answer for another city is
    not this city's problem)."""
    out: dict[str, PageError] = {}
    for fname, target, code, params in answers.errors:
        if only is not None and fname not in CONTROLS and fname not in only:
            continue
        msg = _page_message(code, params, lang) if code in PAGE_MESSAGES else \
            field_message(FieldError(fname, code, params), lang)
        out.setdefault(fname, PageError(fname, target, msg, code))
    # the core validates only the facts the scheme needs, so its errors are never filtered out;
    # one about a fact the form does not show (a consistency check naming a related fact) is
    # shown at the first question of the same section
    for e in (exc.errors if exc else []):
        name = e.field.removeprefix("facts.")
        if name in ("city", "facts", "scheme"):
            name = "as_of"   # the date decides the version: the error is shown at the date
        if e.code == "not_in_choices" and vocab is not None and name in vocab:
            # the choices by their labels, not their codes
            e = FieldError(e.field, e.code, {"choices": [c.label[lang] for c in vocab[name].choices]})
        if only is not None and vocab is not None and name in vocab and name not in only:
            section = SECTION_OF.get(vocab[name].section, "other")
            name = next((f for f in vocab.defs if f in only and SECTION_OF.get(vocab[f].section, "other") == section),
                        "as_of")
        target = field_id(name + SINCE if name in answers.from_since else name)
        out.setdefault(name, PageError(name, target, field_message(e, lang), e.code))
    return list(out.values())


def form_facts(scheme, vocab: Vocabulary) -> list[str]:
    """The facts a scheme's form asks for, in vocabulary order: the scheme's own and the facts
    they fall back to when left empty."""
    wanted = set(scheme.facts)
    wanted |= {vocab[f].default_from for f in scheme.facts if vocab[f].default_from}
    return [f for f in vocab.defs if f in wanted]


@dataclass(frozen=True)
class Question:
    fact: FactDef
    kind: str          # date, choice, boolean, number, duration
    value: str
    since: str
    error: PageError | None

    @property
    def id(self) -> str:
        return field_id(self.fact.id)


def questions(facts: list[str], vocab: Vocabulary, answers: Answers,
              errors: list[PageError]) -> list[tuple[str, str, list[Question]]]:
    """(section key, section title, questions) in the order: personal, social insurance,
    residence, education and skills, other; sections without a question left out."""
    by_field = {e.field: e for e in errors}
    groups: dict[str, list[Question]] = {k: [] for k in SECTION_ORDER}
    for fid in facts:
        d = vocab[fid]
        kind = "duration" if is_duration(d) else {"integer": "number"}.get(d.type, d.type)
        q = Question(d, kind, answers.values.get(fid, ""), answers.values.get(fid + SINCE, ""), by_field.get(fid))
        groups[SECTION_OF.get(d.section, "other")].append(q)
    return [(k, str(SECTION_NAMES[k]), qs) for k, qs in groups.items() if qs]


def hidden_answers(answers: Answers, shown: list[str]) -> list[tuple[str, str]]:
    """Answers given for facts this form does not ask, kept so that no answer is lost on the way
    back (they count in other cities, e.g. on the compare page)."""
    names = set(shown) | {f + SINCE for f in shown} | set(CONTROLS)
    return [(k, v) for k, v in answers.values.items() if v.strip() and k not in names]
