"""Answers <-> query string <-> facts: the one place the pages read what an applicant entered.

The query string uses the API's fact names, plus `<fact>_since` (a start date for a duration,
counted up to the application date), `as_of` and `scheme`. Other parameters are ignored, not
errors: WeChat appends its own (`from=singlemessage`, `isappinstalled=0`) to shared links.
"""
from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field
from typing import Any, Mapping


from ..core import periods as P
from ..core.dates import parse_day
from ..core.errors import FieldError, InputError
from ..core.facts import FactDef, Vocabulary
from ..web.i18n import translator, field_message
from .texts import PAGE_MESSAGES, SECTION_NAMES, SECTION_OF, SECTION_ORDER

DURATION_UNITS = ("month", "day")
SINCE = "_since"
CONTROLS = ("as_of", "scheme")
UNIT_AMOUNTS = ("month", "day")
SLOTS = 4  # periods per kind on the form (no JavaScript: fixed rows)
PERIOD_NAMES = frozenset(f"{k}{n}_{part}" for n in range(1, SLOTS + 1)
                         for k, parts in (("si", ("from", "to", "kinds")), ("home", ("from", "to", "kind")))
                         for part in parts)


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
    breaks: dict[str, list] = field(default_factory=dict)  # "si" / "home" -> core.periods.Break list
    from_periods: set[str] = field(default_factory=set)    # facts counted from periods


def _page_message(code: str, params: dict, lang: str) -> str:
    gettext = translator(lang)  # noqa: F811 (explicit language, cheap)
    return gettext(PAGE_MESSAGES[code]) % params


_QUERY_NAMES: "weakref.WeakKeyDictionary[Vocabulary, tuple]" = weakref.WeakKeyDictionary()  # per vocabulary, gone with it


def _names(vocab: Vocabulary) -> tuple[frozenset[str], dict[str, int]]:
    """The query-string names a vocabulary accepts, and each fact's place in it (computed once
    per vocabulary: it has hundreds of facts and a query string a dozen)."""
    cached = _QUERY_NAMES.get(vocab)
    if cached is None:
        known = frozenset(vocab.defs) | {f + SINCE for f, d in vocab.defs.items() if is_duration(d)}
        cached = _QUERY_NAMES[vocab] = (known, {f: i for i, f in enumerate(vocab.defs)})
    return cached


def _periods(args, values: dict, as_of: dt.date | None, errors: list) -> tuple[dict, dict, set]:
    """Social-insurance and residence periods (si1_from, si1_to, si1_kinds; home1_from, home1_to,
    home1_kind) turned into count facts; problems go to `errors` at the period's input."""
    facts, found_breaks, used = {}, {}, set()
    getlist = getattr(args, "getlist", None)
    for key, by_month, first_fact in (("si", True, "social_insurance_months"), ("home", False, "residence_rented_days")):
        found: list[P.Period] = []
        slots: list[int] = []
        for n in range(1, SLOTS + 1):
            start_text = values.get(f"{key}{n}_from", "").strip()
            end_text = values.get(f"{key}{n}_to", "").strip()
            if not start_text and not end_text:
                continue
            target = field_id(f"{key}{n}_from")
            start = P.parse_day(start_text)
            if start is None:
                errors.append((first_fact, target, "period_not_a_date", {"n": n}))
                continue
            end = P.parse_day(end_text, month_end=True) if end_text else as_of
            if end is None:
                errors.append((first_fact, field_id(f"{key}{n}_to"), "period_not_a_date", {"n": n}))
                continue
            if as_of is None:
                continue
            if end > as_of and not (by_month and (end.year, end.month) == (as_of.year, as_of.month)):
                errors.append((first_fact, field_id(f"{key}{n}_to"), "period_after_as_of", {"n": n, "date": as_of.isoformat()}))
                continue
            end = min(end, as_of)
            if start > end:
                errors.append((first_fact, target, "period_reversed", {"n": n}))
                continue
            if by_month:
                raw = (getlist(f"{key}{n}_kinds") if getlist else [values.get(f"{key}{n}_kinds", "")])
                kinds = frozenset(k for v in raw for k in str(v).split(",") if k in P.INSURANCES)
                values[f"{key}{n}_kinds"] = ",".join(k for k in P.INSURANCES if k in kinds)  # kept, in order
                found.append(P.Period(start, end, kinds=kinds or frozenset(P.INSURANCES)))
            else:
                kind = values.get(f"{key}{n}_kind", "").strip()
                if kind not in P.HOUSING_FACTS:
                    errors.append((first_fact, field_id(f"{key}{n}_kind"), "period_kind_missing", {"n": n}))
                    continue
                found.append(P.Period(start, end, kind=kind))
            slots.append(n)
        if not found:
            continue
        try:
            P.check_overlaps(found, by_month=by_month)
        except P.PeriodError as e:
            errors.append((first_fact, field_id(f"{key}{slots[e.index]}_from"), "periods_overlap",
                           {"n": slots[e.index], "other": slots[e.params["other"] - 1]}))
            continue
        counted = P.insurance_facts(found) if by_month else P.residence_facts(found)
        facts.update(counted)
        used |= set(counted)
        found_breaks[key] = P.breaks(found, by_month=by_month)
    return facts, found_breaks, used


def read(args: Mapping[str, str], vocab: Vocabulary, today: dt.date) -> Answers:
    """Parse a query string (first value of each known name); never raises."""
    known, place = _names(vocab)
    # items(): a MultiDict's first value of each name, without a get() per name
    values = {k: str(v) for k, v in args.items() if k in known or k in CONTROLS or k in PERIOD_NAMES}
    errors: list[tuple[str, str, str, dict]] = []
    raw_as_of = values.get("as_of", "").strip()
    as_of: dt.date | None = today
    if raw_as_of:
        as_of = parse_day(raw_as_of)
        if as_of is None:
            errors.append(("as_of", field_id("as_of"), "date_not_readable", {}))
    scheme_id = values.get("scheme", "").strip() or None
    facts: dict[str, Any] = {}
    from_since: set[str] = set()
    if PERIOD_NAMES.isdisjoint(values):  # no period entered (most links): nothing to count
        from_periods, found_breaks, period_facts = {}, {}, set()
    else:
        from_periods, found_breaks, period_facts = _periods(args, values, as_of, errors)
    asked = {k.removesuffix(SINCE) if k not in place else k for k in values
             if k not in CONTROLS and k not in PERIOD_NAMES}
    for fid in sorted(asked, key=place.__getitem__):  # the vocabulary's order, as before
        d = vocab.defs[fid]
        count = values.get(fid, "").strip()
        since = values.get(fid + SINCE, "").strip() if is_duration(d) else ""
        if (since or count) and fid in period_facts:
            errors.append((fid, field_id(fid), "periods_and_count", {}))
        elif since and count:
            errors.append((fid, field_id(fid), "both_given", {}))
        elif since:
            from_since.add(fid)
            start = parse_day(since)
            if start is None:
                errors.append((fid, field_id(fid + SINCE), "since_not_a_date", {}))
                continue
            if as_of is None:
                continue
            if start > as_of:
                errors.append((fid, field_id(fid + SINCE), "since_after_as_of", {"date": as_of.isoformat()}))
                continue
            # calendar months, both ends counted (January to February is two), or days
            facts[fid] = P.calendar_months(start, as_of) if d.unit == "month" else (as_of - start).days
        elif count and d.type == "date":
            # 2019.3, 2019年3月 or ２０１９-０３-１５ typed in a text box: the core reads ISO dates
            day = parse_day(count)
            if day is None:
                errors.append((fid, field_id(fid), "date_not_readable", {}))
            else:
                facts[fid] = day.isoformat()
        elif count:
            # "6年" or "72个月" in a days question: converted to the question's unit
            facts[fid] = count if count.isdecimal() or d.unit not in UNIT_AMOUNTS else \
                (P.amount_in_unit(count, d.unit) if P.amount_in_unit(count, d.unit) is not None else count)
    for fid, v in from_periods.items():
        if fid in vocab.defs and fid not in facts:
            facts[fid] = v
    return Answers(values, as_of, scheme_id, facts, from_since, errors, found_breaks,
                   {f for f in from_periods if f in vocab.defs})


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


PERIOD_SECTIONS = {"social_insurance": ("si", ("social_insurance_months", "pension_insurance_months")),
                   "residence": ("home", tuple(P.HOUSING_FACTS.values()))}


def period_blocks(shown: list[str], answers: Answers) -> dict[str, dict]:
    """The period rows the form offers, by section: insurance where the scheme reads months of
    insurance, homes where it reads days owned or rented; each row with what was entered."""
    out = {}
    for section, (key, facts) in PERIOD_SECTIONS.items():
        if not any(f in shown for f in facts):
            continue
        rows = [{"n": n, "from": answers.values.get(f"{key}{n}_from", ""), "to": answers.values.get(f"{key}{n}_to", ""),
                 "kinds": set(filter(None, answers.values.get(f"{key}{n}_kinds", "").split(","))),
                 "kind": answers.values.get(f"{key}{n}_kind", "")} for n in range(1, SLOTS + 1)]
        out[section] = {"key": key, "rows": rows, "open": any(r["from"] or r["to"] for r in rows),
                        "breaks": answers.breaks.get(key, [])}
    return out


def hidden_answers(answers: Answers, shown: list[str]) -> list[tuple[str, str]]:
    """Answers given for facts this form does not ask, kept so that no answer is lost on the way
    back (they count in other cities, e.g. on the compare page). Periods are kept unless this
    form shows their rows."""
    names = set(shown) | {f + SINCE for f in shown} | set(CONTROLS)
    for key, facts in PERIOD_SECTIONS.values():
        if any(f in shown for f in facts):
            names |= {n for n in PERIOD_NAMES if n.startswith(key) and n[len(key)].isdigit()}
    return [(k, v) for k, v in answers.values.items() if v.strip() and k not in names]
