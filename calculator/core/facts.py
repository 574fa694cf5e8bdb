"""The facts vocabulary and the validation of an applicant's answers.

One set of answers can be scored in every city, so facts are named once (data/facts.yaml). An
unknown, missing-but-required or impossible fact is an error with a code, never a silent zero.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .errors import FieldError, InputError

TYPES = ("integer", "date", "choice", "boolean")
UNITS_PER_YEAR = {"month": 12, "day": 365, "year": 1}
MIN_AGE, MAX_AGE = 16, 100


@dataclass(frozen=True)
class Choice:
    value: str
    label: dict[str, str]


@dataclass(frozen=True)
class FactDef:
    id: str
    type: str
    label: dict[str, str]
    section: str
    required: bool = False
    default: Any = None
    unit: str | None = None
    min: int | None = None
    max: int | None = None
    choices: tuple[Choice, ...] = ()
    hint: dict[str, str] | None = None
    evidence: dict[str, str] | None = None
    grows_per_year: int = 0
    grows_when_positive: bool = False
    can_grow_per_year: int = 0  # not growing by itself, but would if the person chose (moving out)
    default_from: str | None = None  # when not answered, take this other fact's value
    rank: dict[str, int] = field(default_factory=dict)  # choice value -> order, for "at least"

    def describe(self, lang: str) -> dict:
        """The public description used by the API (type, allowed values, unit, label)."""
        d = {"id": self.id, "type": self.type, "label": self.label[lang], "section": self.section,
             "required": self.required}
        if self.unit:
            d["unit"] = self.unit
        if self.type == "integer":
            d["min"], d["max"] = self.min, self.max
        if self.choices:
            d["choices"] = [{"value": c.value, "label": c.label[lang]} for c in self.choices]
        if not self.required:
            d["default"] = self.default.isoformat() if isinstance(self.default, dt.date) else self.default
        if self.hint:
            d["hint"] = self.hint[lang]
        return d


class Vocabulary:
    """Every fact definition, keyed by id, in the order of the data file."""

    def __init__(self, defs: list[FactDef]):
        self.defs = {d.id: d for d in defs}
        self._wanted_cache: dict[frozenset | None, tuple] = {}  # see _wanted

    @classmethod
    def from_data(cls, docs: list[dict]) -> "Vocabulary":
        defs = []
        for doc in docs:
            for key in ("label", "hint", "evidence"):
                if isinstance(doc.get(key), dict) and set(doc[key]) - {"zh", "en"}:
                    raise ValueError(f"fact {doc['id']}.{key}: keys besides zh and en (quote texts with commas)")
            for c in doc.get("choices", ()):
                if set(c["label"]) - {"zh", "en"}:
                    raise ValueError(f"fact {doc['id']} choice {c['value']}: keys besides zh and en")
            if doc["type"] not in TYPES:
                raise ValueError(f"fact {doc['id']}: unknown type {doc['type']}")
            choices = tuple(Choice(str(c["value"]), c["label"]) for c in doc.get("choices", ()))
            defs.append(FactDef(
                id=doc["id"], type=doc["type"], label=doc["label"], section=doc["section"],
                required=bool(doc.get("required", False)), default=doc.get("default"),
                unit=doc.get("unit"), min=doc.get("min"), max=doc.get("max"), choices=choices,
                hint=doc.get("hint"), evidence=doc.get("evidence"),
                grows_per_year=int(doc.get("grows_per_year", 0)),
                grows_when_positive=bool(doc.get("grows_when_positive", False)),
                can_grow_per_year=int(doc.get("can_grow_per_year", 0)),
                default_from=doc.get("default_from"),
                rank={c.value: i for i, c in enumerate(choices)}))
        return cls(defs)

    def __contains__(self, fact_id: str) -> bool:
        return fact_id in self.defs

    def __getitem__(self, fact_id: str) -> FactDef:
        return self.defs[fact_id]

    def _wanted(self, needed) -> tuple[Any, tuple]:
        """The facts to read for `needed` (those, and the ones their defaults come from), and
        the plan of reading them: (id, definition, type, min, max, choice ranks) of each, in the
        order the set gives them. Kept per fact set: a scheme asks with the same frozenset
        every time."""
        cache = self._wanted_cache
        key = None if needed is None else needed if isinstance(needed, frozenset) else frozenset(needed)
        hit = cache.get(key)
        if hit is None:
            defs = self.defs
            wanted = defs.keys() if key is None else \
                set(key) | {defs[f].default_from for f in key if defs[f].default_from}
            plan = tuple((fid, defs[fid], defs[fid].type, defs[fid].min, defs[fid].max, defs[fid].rank)
                         for fid in wanted)
            hit = (wanted, plan)
            if len(cache) < 256:  # schemes' fact sets; an odd caller's sets are not all kept
                cache[key] = hit
        return hit

    def check_given(self, raw: Any, prefix: str = "facts", strict: bool = False) -> None:
        """InputError unless every fact given is known and of its type (what any city would say
        about them before its own requirements): for /compare, before each city's answer."""
        if not isinstance(raw, Mapping):
            raise InputError([FieldError(prefix, "not_an_object")])
        errors = self._given_errors(raw, (), prefix, strict)
        if errors:
            raise InputError(errors)

    def _given_errors(self, raw: Mapping, skip, prefix: str, strict: bool) -> list[FieldError]:
        errors = []
        defs = self.defs
        for name in raw:
            if name in skip:
                continue
            if name not in defs:
                errors.append(FieldError(f"{prefix}.{name}", "unknown_fact", {"name": str(name)}))
            elif raw[name] is not None and (strict or raw[name] != ""):
                # another city's fact: not scored here, but of its documented type all the same
                err = (_strict if strict else _coerce)(defs[name], raw[name])[1]
                if err:
                    errors.append(FieldError(f"{prefix}.{name}", err[0], err[1]))
        return errors

    def validate(self, raw: Any, as_of: dt.date, needed: set[str] | None = None,
                 prefix: str = "facts", strict: bool = False) -> dict[str, Any]:
        """Typed facts for every fact in `needed` (default: all), or InputError with every problem.

        Unknown names are errors even when not needed, so a typo never scores as zero. `strict`
        (JSON clients): each value of its JSON type as the API documents it (no "12" for 12, no
        "" for not answered: null is), where forms and query strings send text."""
        return self.validate_answers(raw, as_of, needed, prefix, strict)[0]

    def validate_answers(self, raw: Any, as_of: dt.date, needed: set[str] | None = None,
                         prefix: str = "facts", strict: bool = False) -> tuple[dict[str, Any], frozenset[str]]:
        """As validate, and the facts that were not answered (their values are defaults), so a
        condition that fails only on a default is "unanswered", never "unmet"."""
        if type(raw) is not dict and not isinstance(raw, Mapping):  # (an ABC check costs a dict's)
            raise InputError([FieldError(prefix, "not_an_object")])
        wanted, plan = self._wanted(needed)
        # every name given is one wanted (the usual case): nothing unknown or of another city
        errors: list[FieldError] = [] if raw.keys() <= wanted else self._given_errors(raw, wanted, prefix, strict)
        coerce = _strict if strict else _coerce
        out: dict[str, Any] = {}
        deferred: list[str] = []
        blank: list[str] = []
        for fid, d, kind, lo, hi, rank in plan:
            v = raw.get(fid)
            t = type(v)  # _coerce's fast paths first, inline (no call, no pair): what JSON sends most
            if (t is int and kind == "integer" and (lo is None or v >= lo) and (hi is None or v <= hi)) or \
                    (t is bool and kind == "boolean"):
                out[fid] = v
                continue
            if v is None or (v == "" and not strict):
                blank.append(fid)
                if d.required:
                    errors.append(FieldError(f"{prefix}.{fid}", "required"))
                elif d.default_from is None:
                    out[fid] = d.default
                else:
                    deferred.append(fid)
                continue
            if t is str and kind == "choice" and v in rank:
                out[fid] = v
                continue
            value, err = coerce(d, v)
            if err:
                errors.append(FieldError(f"{prefix}.{fid}", err[0], err[1]))
            else:
                out[fid] = value
        answered_from = set()
        for fid in deferred:
            source = self.defs[fid].default_from
            out[fid] = out.get(source, 0)
            if source not in blank:  # taken from an answer (months of pension = of insurance)
                answered_from.add(fid)
        if not errors:
            errors.extend(_consistency(out, as_of, prefix))
        if errors:
            raise InputError(errors)
        return out, frozenset(blank).difference(answered_from)


def _strict(d: FactDef, v: Any) -> tuple[Any, tuple[str, dict] | None]:
    """JSON types only, as the OpenAPI document gives them; then the same checks as _coerce."""
    t = type(v)
    if d.type == "integer":
        if t is int or (t is float and v.is_integer()):
            return _coerce(d, v)
        return None, ("not_integer", {})
    if d.type == "boolean":
        return (v, None) if t is bool else (None, ("not_boolean", {}))
    if t is not str:
        return None, ("not_a_date", {}) if d.type == "date" else ("not_in_choices",
                                                                  {"choices": [c.value for c in d.choices]})
    if d.type == "choice" and v not in d.rank:
        return None, ("not_in_choices", {"choices": [c.value for c in d.choices]})
    if d.type == "date" and not ISO_DATE.fullmatch(v):
        return None, ("not_a_date", {})
    return _coerce(d, v)


def _coerce(d: FactDef, v: Any) -> tuple[Any, tuple[str, dict] | None]:
    t = type(v)  # fast paths for what JSON clients send (the batch endpoint validates 1,000 at once)
    if t is int and d.type == "integer" and (d.min is None or v >= d.min) and (d.max is None or v <= d.max):
        return v, None
    if t is bool and d.type == "boolean":
        return v, None
    if t is str and d.type == "choice" and v in d.rank:
        return v, None
    if d.type == "integer":
        if isinstance(v, bool):
            return None, ("not_integer", {})
        if isinstance(v, str):
            v = v.strip()
            digits = v[1:] if v.startswith("-") else v
            # decimal digits only, as int() reads them: full-width ones typed on a phone count,
            # superscripts (which isdigit() accepts and int() refuses) do not
            if not digits.isdecimal():
                return None, ("not_integer", {})
            if len(digits) > 30:  # far past every bound (int() refuses past 4,300 digits)
                return None, ("out_of_range", {"min": d.min, "max": d.max})
            v = int(v)
        elif isinstance(v, float):
            if not v.is_integer():
                return None, ("not_integer", {})
            v = int(v)
        elif not isinstance(v, int):
            return None, ("not_integer", {})
        if (d.min is not None and v < d.min) or (d.max is not None and v > d.max):
            return None, ("out_of_range", {"min": d.min, "max": d.max})
        return v, None
    if d.type == "date":
        if isinstance(v, dt.date):
            return v, None
        try:
            return parse_date(str(v)), None
        except ValueError:
            return None, ("not_a_date", {})
    if d.type == "choice":
        s = str(v).strip()
        if s not in d.rank:
            return None, ("not_in_choices", {"choices": [c.value for c in d.choices]})
        return s, None
    # boolean: JSON true/false, or the strings a form or query string sends
    if isinstance(v, bool):
        return v, None
    s = str(v).strip().lower()
    if s in ("true", "1", "yes", "on", "y"):
        return True, None
    if s in ("false", "0", "no", "off", "n"):
        return False, None
    return None, ("not_boolean", {})


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD only (RFC 3339's full-date, as the API documents). Python's fromisoformat also
    takes 20220103 and week dates like 2022-W01-1: ValueError for those. Not memoised: the texts
    are people's birth dates, and applicants' data is not kept, even in memory."""
    text = text.strip()
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"not a YYYY-MM-DD date: {text[:20]!r}")
    return dt.date.fromisoformat(text)


def completed_years(born: dt.date, on: dt.date) -> int:
    """Age in whole years on a date (birthday counts from the day itself)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (0 if end is before start)."""
    m = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(m, 0)


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _consistency(f: dict[str, Any], as_of: dt.date, prefix: str) -> list[FieldError]:
    """Facts that cannot all be true at once (a 20-year-old with 10 years of insurance)."""
    errs: list[FieldError] = []
    born = f.get("birth_date")
    if born is None:
        return errs
    if born >= as_of:
        return [FieldError(f"{prefix}.birth_date", "date_not_before", {"date": as_of.isoformat()})]
    age = completed_years(born, as_of)
    if not MIN_AGE <= age <= MAX_AGE:
        return [FieldError(f"{prefix}.birth_date", "age_out_of_range",
                           {"min": MIN_AGE, "max": MAX_AGE, "age": age})]
    working_months = months_between(add_years(born, MIN_AGE), as_of)
    for fid in ("social_insurance_months", "housing_fund_months", "pension_insurance_months",
                "medical_insurance_months", "unemployment_insurance_months", "work_injury_insurance_months",
                "maternity_insurance_months"):
        if f.get(fid, 0) > working_months:
            errs.append(FieldError(f"{prefix}.{fid}", "exceeds_working_life",
                                   {"max": working_months, "age": MIN_AGE}))
    if f.get("residence_permit_months", 0) > months_between(born, as_of):
        errs.append(FieldError(f"{prefix}.residence_permit_months", "exceeds_lifetime",
                               {"max": months_between(born, as_of)}))
    lived = (as_of - born).days
    if f.get("residence_owned_days", 0) + f.get("residence_rented_days", 0) > lived:
        errs.append(FieldError(f"{prefix}.residence_rented_days", "exceeds_lifetime", {"max": lived}))
    if f.get("study_overlap_months", 0) > f.get("social_insurance_months", 0) + 0 and \
            "social_insurance_months" in f and "study_overlap_months" in f:
        errs.append(FieldError(f"{prefix}.study_overlap_months", "exceeds_fact",
                               {"other": "social_insurance_months",
                                "max": f["social_insurance_months"]}))
    for fid in ("relocated_residence_years", "relocated_job_and_residence_years"):
        if f.get(fid, 0) > age:
            errs.append(FieldError(f"{prefix}.{fid}", "exceeds_lifetime", {"max": age}))
    return errs
