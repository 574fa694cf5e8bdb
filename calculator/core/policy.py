"""The policy registry: the vocabulary, the cities and every scheme version, loaded once.

Scheme files are parsed and compiled once; published versions never change, so the registry is
immutable and shared. Versions are chosen by date: the one in force on the day asked.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from . import yamlsafe
from .cities import City, load_registry
from .errors import FieldError, InputError
from .decision import Decision, decide
from .explain import Explanation, explain
from .facts import Vocabulary
from .retirement import retirement_of
from .schemes import Scheme, load_scheme
from .scoring import Result, score

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_yaml(path: Path):
    """A data file (or a draft given to `flask simulate --draft`): bounded, alias-free YAML."""
    return yamlsafe.load(Path(path).read_text(encoding="utf-8"))


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    """data/facts.yaml plus any data/facts/*.yaml (city-specific facts), ids unique across all."""
    docs = list(read_yaml(data_dir / "facts.yaml"))
    for extra in sorted((data_dir / "facts").glob("*.yaml")):
        docs.extend(read_yaml(extra) or [])
    ids = [d["id"] for d in docs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"facts defined twice: {', '.join(dupes)}")
    return Vocabulary.from_data(docs)


class Policy:
    def __init__(self, vocab: Vocabulary, cities: dict[str, City], schemes: list[Scheme]):
        self.vocab = vocab
        self.cities = cities
        self.schemes = {s.id: s for s in schemes}
        self.by_city: dict[str, list[Scheme]] = {}
        for s in sorted(schemes, key=lambda s: s.effective_from):
            self.by_city.setdefault(s.city, []).append(s)

    @classmethod
    def from_dir(cls, data_dir: Path = DATA_DIR) -> "Policy":
        vocab = load_vocabulary(data_dir)
        cities = load_registry(read_yaml(data_dir / "cities.yaml"), read_yaml(data_dir / "divisions.yaml"),
                               read_yaml(data_dir / "registry.yaml"))
        schemes = [load_scheme(read_yaml(p), vocab) for p in sorted((data_dir / "schemes").glob("*.yaml"))]
        for s in schemes:
            if s.city not in cities:
                raise ValueError(f"scheme {s.id}: unknown city {s.city}")
        return cls(vocab, cities, schemes)

    def scheme_for(self, city: str, day: dt.date) -> Scheme | None:
        """The version in force on `day`. A historical version without an end date is never
        chosen by date (we do not know when it stopped), only when asked for by its id."""
        for s in reversed(self.by_city.get(city, [])):
            if s.historical and s.effective_to is None:
                continue
            if s.in_force_on(day):
                return s
        return None

    def resolve(self, city: str, day: dt.date, scheme_id: str | None = None) -> Scheme:
        """The scheme to score with, or InputError saying why there is none."""
        if city not in self.cities:
            raise InputError([FieldError("city", "unknown_city", {"city": city})])
        if scheme_id is not None:
            s = self.schemes.get(scheme_id)
            if s is None or s.city != city:
                raise InputError([FieldError("scheme", "unknown_scheme", {"scheme": scheme_id})])
            return s
        s = self.scheme_for(city, day)
        if s is None:
            raise InputError([FieldError("as_of", "no_scheme_in_force",
                                         {"city": city, "date": day.isoformat()})])
        return s

    def evaluate(self, city: str, raw_facts, day: dt.date,
                 scheme_id: str | None = None, strict: bool = False) -> tuple[Result, Explanation]:
        """Validate, score and explain: the one entry point for the API, pages and CLI (`strict`:
        JSON types only, for the API)."""
        scheme = self.resolve(city, day, scheme_id)
        facts, blank = self.vocab.validate_answers(raw_facts, day, needed=scheme.facts, strict=strict)
        result = score(scheme, facts, day, blank)
        return result, explain(result, self.vocab)

    def decide(self, result: Result, with_scenarios: bool = True) -> Decision:
        """Verdict, projection and scenarios for a scored applicant (see core.decision)."""
        return decide(result, self.vocab, retirement_of, with_scenarios)

    def assess(self, city: str, raw_facts, day: dt.date, scheme_id: str | None = None,
               strict: bool = False, with_scenarios: bool = True) -> tuple[Result, Explanation, Decision]:
        """Score, explain and decide: what a city's result page, the API's /score and the
        where-can-I-settle comparison each show, so they can never disagree (scenarios change
        no verdict, only what is suggested)."""
        result, expl = self.evaluate(city, raw_facts, day, scheme_id, strict)
        return result, expl, self.decide(result, with_scenarios)


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return Policy.from_dir()
