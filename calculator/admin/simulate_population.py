"""The simulation page's populations: the chosen one loaded through simulation/populations (the
loader the CLI uses), an uploaded CSV checked row by row, and the problems said at their field."""
from __future__ import annotations

import csv
import datetime as dt
import io

from flask import g, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from ..core.errors import FieldError, InputError
from ..web import clock
from ..web.i18n import field_message
from ..simulation.simulate import MAX_CSV_ERRORS, population_from_csv
from . import effects


MAX_UPLOAD = 5 * 1024 * 1024            # the CSV file itself


# --- populations ------------------------------------------------------------------------------

class PopulationProblem(Exception):
    """The population could not be built: (where, text) pairs for the page, and how many there were."""

    def __init__(self, problems: list[tuple[str, str]], total: int | None = None, field_id: str = "source"):
        super().__init__("population problem")
        self.problems = problems
        self.total = len(problems) if total is None else total
        self.field_id = field_id


def _where(path: str) -> str:
    """'row 3.birth_date' -> 'Row 3, column birth_date'; 'column salary' -> 'Column salary'."""
    if path.startswith("row "):
        row, _dot, column = path[4:].partition(".")
        if column:
            return _("Row %(row)s, column %(column)s", row=row, column=column)
        return _("Row %(row)s", row=row)
    if path.startswith("column "):
        return _("Column %(column)s", column=path[7:])
    if path == "file":
        return _("The file")
    return path


def _problem(err, lang: str) -> tuple[str, str]:
    if err.field == "file" and err.code == "required":
        return _where("file"), _("It holds no applicants: it needs a header row of fact ids and one row for "
                                 "each applicant.")
    return _where(err.field), field_message(err, lang)


def _without_columns(text: str, drop: set[str]) -> str:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    keep = [i for i, h in enumerate(header) if h not in drop]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([header[i] for i in keep])
    for row in reader:
        w.writerow([row[i] if i < len(row) else "" for i in keep])
    return out.getvalue()


def _count_row_errors(text: str, vocab, needed: set[str], as_of: dt.date) -> int:
    """Every problem in the rows (population_from_csv stops at the first 50)."""
    n = 0
    for i, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            vocab.validate({k: v for k, v in row.items() if k is not None}, as_of, needed=needed, prefix=f"row {i}")
        except InputError as e:
            n += len(e.errors)
    return n


def population_from_upload(raw: bytes, vocab, needed: set[str], as_of: dt.date):
    """A Population from the uploaded bytes, or PopulationProblem naming rows and columns."""
    lang = g.lang
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PopulationProblem([(_where("file"), _("The file is not UTF-8 text. In Excel, save it as "
                                                    "“CSV UTF-8 (comma delimited)”."))], field_id="file") from None
    try:
        header = next(csv.reader(io.StringIO(text)), [])
        if not header or not text.strip():
            raise PopulationProblem([_problem(FieldError("file", "required"), lang)], field_id="file")
        unknown = [h for h in header if h not in vocab]
        missing = [f for f in vocab.defs if f in needed and vocab[f].required and f not in header]
        if missing:   # every row would miss them: say so once, for the column
            problems = [_problem(FieldError(f"column {h}", "unknown_fact", {"name": h}), lang) for h in unknown]
            problems += [(_where(f"column {f}"), _("This column is missing: the versions chosen need it and it "
                                                   "has no default.")) for f in missing]
            raise PopulationProblem(problems[:MAX_CSV_ERRORS], len(problems), field_id="file")
        try:
            return population_from_csv(text, vocab, needed, as_of)
        except InputError as e:
            problems = [_problem(err, lang) for err in e.errors]
        rows_text = text
        if unknown:
            # the unknown columns stopped the reading: read the rows too, so every problem shows at once
            rows_text = _without_columns(text, set(unknown))
            try:
                population_from_csv(rows_text, vocab, needed, as_of)
            except InputError as e:
                problems += [_problem(err, lang) for err in e.errors if err.field != "file"]
        total = len(problems)
        if total >= MAX_CSV_ERRORS:   # population_from_csv stops at 50: count them all
            total = len(unknown) + _count_row_errors(rows_text, vocab, needed, as_of)
        raise PopulationProblem(problems[:MAX_CSV_ERRORS], max(total, len(problems)), field_id="file")
    except csv.Error as e:
        raise PopulationProblem([(_where("file"), _("The file is not a readable CSV file: %(error)s",
                                                    error=str(e)))], field_id="file") from None


def _ensure(pop, needed: set[str], vocab) -> list[str]:
    """Fill facts the population lacks with their defaults; the labels of those so filled."""
    missing = sorted(f for f in needed if vocab[f].type != "date" and f not in pop.cols)
    try:
        pop.ensure(needed, vocab)
    except KeyError:
        lacking = [f for f in missing if vocab[f].required
                   and not (vocab[f].default_from and vocab[f].default_from in pop.cols)]
        raise PopulationProblem([("", _("This population has no %(facts)s, which the versions chosen need and "
                                        "which has no default: upload a CSV file with it.",
                                        facts=", ".join(lacking) or ", ".join(missing)))]) from None
    return [vocab[f].label[g.lang] for f in missing]


def build_population(ch: Choices, vocab, needed: set[str]) -> tuple[effects.Reference, list[str]]:
    """The chosen population through simulation/populations.load, the loader `flask simulate`
    uses (an upload is read here, as the CLI reads its CSV file)."""
    from ..simulation import populations
    if ch.source == "upload":
        as_of = ch.as_of or clock.today()
        raw = ch.upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            raise RequestEntityTooLarge()
        loaded = populations.Loaded("upload", population_from_upload(raw, vocab, needed, as_of), as_of)
    else:
        source = {"applicants": "applicants", "list": "beijing-2022",
                  "synthetic": f"synthetic:{ch.size}:{ch.seed}"}[ch.source]
        try:
            loaded = populations.load(source, state_city(), vocab, clock.today())
        except populations.UnknownPopulation:
            raise PopulationProblem([("", _("The official list is not available on this server."))]) from None
        as_of = ch.as_of or loaded.as_of
    generated = set(loaded.population.cols)
    defaults = _ensure(loaded.population, needed, vocab)
    return effects.Reference(loaded.kind, loaded.population, as_of, quota=loaded.pool.quota if loaded.pool else None,
                             pool=loaded.pool, generated=generated), defaults


def state_city() -> str:
    return (request.view_args or {}).get("city", "")
