"""Impact simulation for a city: /admin/<lang>/<city>/simulate.

Scores a whole population under a published version (default: the one in force today) and,
optionally, a draft or another version beside it, for a quota and a round date: cutoff with ties
admitted, the social-insurance + residence share among the admitted, the items that decide
admission at the margin, a histogram, and who enters and who leaves.

Populations: Beijing's official 2022 list (admitted people only), a seeded synthetic population
(its documented assumptions shown), or an uploaded CSV. An upload is parsed in memory only: the
request keeps file parts in memory (never a temporary file), and nothing of it is stored or
logged. The views register on the console's blueprint, so sign-in, the city check, CSRF, no-store
and the error pages are the console's own.
"""
from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass, field

from flask import Response, abort, current_app, g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import RadioField, SelectField, StringField

from ..core.errors import SchemeError
from ..core.numbers import percent
from ..storage.policy_store import current_policy
from ..simulation.simulate import MAX_CSV_ERRORS, csv_template
from ..simulation import pools
from ..simulation.populations import LIST_AS_OF
from ..simulation.pools import ASSUMPTIONS as POOL_ASSUMPTIONS
from ..simulation.synthetic import ASSUMPTIONS
from . import bp, too_large as scheme_too_large
from . import effects
from .messages import STATES
from .simulate_population import MAX_UPLOAD, PopulationProblem, build_population
from .routes import city_or_404, version_rows

MAX_REQUEST = MAX_UPLOAD + 64 * 1024    # the file and the rest of the form
MIN_SIZE, MAX_SIZE, DEFAULT_SIZE = 1_000, 1_000_000, 100_000
MAX_SEED = 2 ** 32 - 1
DEFAULT_QUOTA = 3000
DEFAULT_SEED = 7
FIRST_DATE, LAST_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)

# The synthetic population's documented assumptions (simulation/synthetic.py), for extraction.
# The page shows the docstring's own lines, each translated when its text is one of these: a
# changed docstring shows in English until these follow it (a test checks they match).
ASSUMPTION_TEXTS = (
    _l("The assumptions are deliberately simple and published with every figure drawn from them (they "
       "follow the OpenFisca peer benchmark so both engines score the same kind of population):"),
    _l("social insurance 84..359 months (everyone meets Beijing's 7-year condition), uniform;"),
    _l("owned home 0..3,999 days and rented home 0..5,999 days, uniform, independent;"),
    _l("education: none, associate, bachelor+bachelor, master+master, doctorate+doctorate, equally likely;"),
    _l("study overlap 0..47 months, but never more than the months insured;"),
    _l("moved home out of the centre 0..2 years, moved job and home 0..1 year;"),
    _l("years with income tax over 100,000 yuan 0..3; born 1962..1997 on a uniform day of the year;"),
    _l("honours 0.3%, one administrative detention 0.1%; all hold a residence permit; no crime."),
    _l("It is not a model of real applicants: use the official list or an uploaded CSV for that."),
)


def assumption_lines() -> tuple[str, list[str], list[str]]:
    """(introduction, bullets, closing) of synthetic.ASSUMPTIONS, one logical line each."""
    paras: list[tuple[bool, list[str]]] = []   # (is a bullet, lines)
    for raw in ASSUMPTIONS.strip().splitlines()[1:]:   # the first line is the module's title
        line = raw.strip()
        if not line:
            paras.append((False, []))
        elif line.startswith("- "):
            paras.append((True, [line[2:]]))
        elif paras and paras[-1][1] and (not paras[-1][0] or raw[:1].isspace()):
            paras[-1][1].append(line)   # a paragraph goes on, or an indented bullet
        else:
            paras.append((False, [line]))
    paras = [(b, " ".join(lines)) for b, lines in paras if lines]
    first = next((i for i, (b, _t) in enumerate(paras) if b), len(paras))
    intro = " ".join(t for b, t in paras[:first])
    bullets = [t for b, t in paras if b]
    closing = [t for b, t in paras[first:] if not b]
    return intro, bullets, closing


def translated_assumptions() -> dict:
    intro, bullets, closing = assumption_lines()
    return {"intro": _(intro) if intro else "", "bullets": [_(b) for b in bullets],
            "closing": [_(c) for c in closing]}


# --- the request: the file stays in memory, up to 5 MB ----------------------------------------

def _in_memory(total_content_length, content_type, filename, content_length=None):
    return io.BytesIO()


@bp.url_value_preprocessor
def simulate_upload_limits(endpoint, values):
    """Runs before every before_request (CSRF reads the form there): this page's upload may be
    5 MB (the console's default is 256 KB) and its file parts are never spooled to disk."""
    if endpoint == "admin.simulate" and request.method == "POST":
        request.max_content_length = MAX_REQUEST
        request._get_file_stream = _in_memory


@bp.errorhandler(413)
def too_large(e):
    """This page's upload limit is 5 MB; every other page keeps the console's own answer. The body
    that was too large is not read again: the page's forms render empty (no second 413)."""
    if "form" not in request.__dict__:
        request.form, request.files = ImmutableMultiDict(), ImmutableMultiDict()
    if request.endpoint == "admin.simulate" and current_user.is_authenticated:
        city = (request.view_args or {}).get("city")
        if city and current_user.may_edit(city) and city in current_policy().cities:
            form = SimulateForm(formdata=None)   # the body was not read: a new form
            state = PageState(city)
            state.setup(form, defaults=True)
            form.file.errors = [_("The file is larger than 5 MB. Upload a CSV file of at most 5 MB.")]
            return render_page(state, form, status=413)
    if request.endpoint == "admin.simulate":
        from . import _error_page
        return _error_page(413, _("The file is too large"), _("Upload a CSV file of at most 5 MB."))
    return scheme_too_large(e)


# --- the form ---------------------------------------------------------------------------------

class SimulateForm(FlaskForm):
    """Choices and numbers are checked in read_form (messages of this console, in both languages)."""
    source = RadioField(_l("Population"), choices=[], validate_choice=False)
    size = StringField(_l("Number of applicants"), default=str(DEFAULT_SIZE),
                       render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "short"})
    seed = StringField(_l("Seed"), default=str(DEFAULT_SEED),
                       render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "short"})
    file = FileField(_l("CSV file of applicants"), render_kw={"accept": ".csv,text/csv"})
    published = SelectField(_l("Published version"), choices=[], validate_choice=False)
    compare = SelectField(_l("Compare with (optional)"), choices=[], validate_choice=False)
    quota = StringField(_l("Quota (places in the round)"),
                        render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "short"})
    as_of = StringField(_l("Round date"), render_kw={"type": "date", "autocomplete": "off"})


@dataclass
class PageState:
    """The city's versions and what the form offers."""
    city: str
    force: object = None
    published: list = field(default_factory=list)
    others: list = field(default_factory=list)
    has_list: bool = False

    def __post_init__(self):
        self.force, rows = version_rows(self.city)
        self.published = [r for r in reversed(rows) if r["v"].status == "published"]
        self.others = [r for r in reversed(rows) if r["v"].status == "draft"] + self.published
        from ..populations.beijing_lists import LIST_PATH
        from ..simulation.pools import pool_for_city
        self.has_list = self.city == "beijing" and LIST_PATH.exists()
        self.pool = pool_for_city(self.city)

    @property
    def default_published(self):
        if self.force is not None:
            return self.force
        return max((r["v"] for r in self.published), key=lambda v: v.effective_from, default=None)

    def label(self, r) -> str:
        v = r["v"]
        if v.status == "draft":
            return f"{v.id} · {STATES['draft']}"
        return f"{v.id} · {STATES[r['state']]} · {v.effective_from.isoformat()}"

    def setup(self, form: SimulateForm, defaults: bool):
        """The form's choices; with defaults (a new form), its first values too."""
        if self.pool is not None:
            pool_label = _("The applicant pool of the %(year)s round: %(n)s applicants (synthetic, fitted to the "
                           "published figures)", year=self.pool.round_year, n=f"{self.pool.applicants:,}")
        else:
            pool_label = _("An illustrative applicant pool (synthetic: no applicant count of this city is published)")
        sources = [("applicants", pool_label)] + \
            ([("list", _("Beijing's official 2022 list of admitted applicants"))] if self.has_list else []) + \
            [("synthetic", _("A synthetic population")), ("upload", _("An uploaded CSV file"))]
        form.source.choices = sources
        form.published.choices = [(r["v"].id, self.label(r)) for r in self.published]
        form.compare.choices = [("", _("No comparison"))] + [(r["v"].id, self.label(r)) for r in self.others]
        if defaults:
            form.source.data = sources[0][0]
            form.published.data = self.default_published.id if self.default_published is not None else ""
            form.compare.data = ""
            form.quota.data = str(self.pool.quota if self.pool is not None else DEFAULT_QUOTA)

    def version(self, version_id: str, published_only: bool):
        for r in (self.published if published_only else self.others):
            if r["v"].id == version_id:
                return r["v"]
        return None


def _int(text: str | None) -> int | None:
    raw = (text or "").strip().replace(",", "").replace(" ", "").replace("_", "")
    try:
        return int(raw)
    except ValueError:
        return None


@dataclass
class Choices:
    source: str
    size: int | None
    seed: int | None
    published: object
    compare: object
    quota: int | None
    as_of: dt.date | None   # None: the population's own default
    upload: object = None


def read_form(form: SimulateForm, state: PageState) -> Choices | None:
    """The form's values, or None with each problem added to its field."""
    ok = True
    source = form.source.data
    if source not in {v for v, _label in form.source.choices}:
        form.source.errors = [_("Choose a population.")]
        ok = False
    size = seed = None
    if source == "synthetic":
        size = _int(form.size.data)
        if size is None or not MIN_SIZE <= size <= MAX_SIZE:
            form.size.errors = [_("Enter a whole number of applicants from 1,000 to 1,000,000.")]
            ok = False
        seed = _int(form.seed.data) if (form.seed.data or "").strip() else DEFAULT_SEED
        if seed is None or not 0 <= seed <= MAX_SEED:
            form.seed.errors = [_("Enter a whole number from 0 to %(max)s.", max=MAX_SEED)]
            ok = False
    upload = None
    if source == "upload":
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            form.file.errors = [_("Choose a CSV file to upload.")]
            ok = False
    published = state.version(form.published.data or "", published_only=True)
    if published is None:
        form.published.errors = [_("Choose a published version of this city.")]
        ok = False
    compare = None
    if form.compare.data:
        compare = state.version(form.compare.data, published_only=False)
        if compare is None:
            form.compare.errors = [_("Choose a draft or version of this city, or no comparison.")]
            ok = False
        elif published is not None and compare.id == published.id:
            form.compare.errors = [_("Choose a version other than the published one, or no comparison.")]
            ok = False
    quota = _int(form.quota.data)
    if quota is None or quota < 1:
        form.quota.errors = [_("Enter the quota as a whole number of at least 1.")]
        ok = False
    as_of = None
    if (form.as_of.data or "").strip():
        try:
            as_of = dt.date.fromisoformat(form.as_of.data.strip())
        except ValueError:
            form.as_of.errors = [_("Enter the date as YYYY-MM-DD, for example 2027-01-01.")]
            ok = False
        else:
            if not FIRST_DATE <= as_of <= LAST_DATE:
                form.as_of.errors = [_("Enter a date from %(first)s to %(last)s.", first=FIRST_DATE.isoformat(),
                                       last=LAST_DATE.isoformat())]
                ok = False
    if not ok:
        return None
    return Choices(source, size, seed, published, compare, quota, as_of, upload)


# --- results ----------------------------------------------------------------------------------

def item_names(*schemes) -> dict[str, str]:
    out = {}
    for s in schemes:
        if s is not None:
            for it in s.items:
                out.setdefault(it.id, it.name[g.lang])
    return out


def margin_rows(summary: dict, names: dict) -> list[dict]:
    """Each item that decides admission at the margin: how many admitted would fall below the
    cutoff without it, and how much more of it the lowest admitted have than those just below."""
    pivotal, diff = summary["pivotal_items"], summary["margin_item_difference"]
    ids = list(pivotal) + [i for i, d in diff.items() if i not in pivotal and d != 0]
    rows = [{"id": i, "name": names.get(i, i), "pivotal": pivotal.get(i, 0),
             "difference": f"{diff[i]:+.2f}" if i in diff else "—"} for i in ids]
    return rows


def run(ch: Choices, vocab) -> dict:
    published = effects.compile_doc(ch.published.document, vocab)
    other = effects.compile_doc(ch.compare.document, vocab) if ch.compare is not None else None
    needed = set(published.facts) | (set(other.facts) if other else set())
    t0 = time.perf_counter()
    ref, defaults = build_population(ch, vocab, needed)
    if ch.quota > ref.population.n:
        raise PopulationProblem([("", _("Enter a whole number from 1 to %(n)s.", n=ref.population.n))],
                                field_id="quota")
    p = effects.preview(ref, published, other or published, vocab, ch.quota)
    elapsed = time.perf_counter() - t0
    rep = p["report"]
    names = item_names(published, other)
    sides = [{"version": ch.published, "summary": rep.published, "margin": margin_rows(rep.published, names),
              "share_mean": percent(rep.published["main_share_admitted_mean"]),
              "share_cut": percent(rep.published["main_share_at_cutoff"])}]
    if other is not None:
        sides.append({"version": ch.compare, "summary": rep.draft, "margin": margin_rows(rep.draft, names),
                      "share_mean": percent(rep.draft["main_share_admitted_mean"]),
                      "share_cut": percent(rep.draft["main_share_at_cutoff"])})
    changed = effects.changed_items(ch.published.doc, ch.compare.doc) if ch.compare is not None else set()
    kind = "csv" if ref.kind == "upload" else ref.kind
    vis_ref = effects.Reference(kind, ref.population, ref.as_of, generated=ref.generated)
    visibility = effects.visibility(vis_ref, published, other or published, vocab, g.lang, changed)
    warnings = effects.warnings(visibility)
    if defaults and changed:
        warnings.append(_("This result rests on facts the population does not hold, taken at their defaults: "
                          "%(facts)s.", facts=", ".join(defaults)))
    return {"ref": ref, "n": ref.population.n, "quota": p["quota"], "as_of": ref.as_of, "sides": sides,
            "visibility": visibility, "warnings": warnings, "pool": ref.pool,
            "compare": other is not None, "changes": rep.changes if other is not None else None,
            "svg": p["svg"], "elapsed": f"{elapsed:.2f}", "defaults": defaults,
            "seed": ch.seed, "list_date": ref.kind == "official_list" and ref.as_of == LIST_AS_OF,
            "education_labels": {c.value: c.label[g.lang] for c in vocab["education"].choices}}


def render_page(state: PageState, form: SimulateForm, result=None, problems=None, status=200):
    """The page; problems: a PopulationProblem (the file's, listed at the file field, or the
    population's, at the population choice)."""
    c = city_or_404(state.city)
    summary = []
    for f in (form.source, form.size, form.seed, form.file, form.published, form.compare, form.quota, form.as_of):
        for e in f.errors:
            summary.append((f"{f.id}-0" if f is form.source else f.id, f"{f.label.text}: {e}"))
    file_problems = source_problems = None
    if problems is not None and problems.field_id == "file":
        file_problems = problems
        summary.append(("file", _("The file was not used (problems found: %(n)s). Nothing of it was kept.",
                                  n=problems.total)))
    elif problems is not None:
        source_problems = problems
        summary += [("source-0", f"{w}: {t}" if w else t) for w, t in problems.problems]
    return render_template("admin/simulate.html", c=c, form=form, state=state, result=result,
                           file_problems=file_problems, source_problems=source_problems,
                           summary=summary, assumptions=translated_assumptions(),
                           max_errors=MAX_CSV_ERRORS, list_as_of=LIST_AS_OF,
                           max_mb=MAX_UPLOAD // (1024 * 1024), pool=state.pool, pool_fit=pool_fit(state.pool),
                           pool_assumptions=[a[g.lang] for a in POOL_ASSUMPTIONS],
                           item_names=item_names(*[current_policy().schemes.get(pools.FIT_SCHEME.get(
                               state.pool.id if state.pool else "", ""))])), status


def pool_fit(p):
    """The pool's fit, its rows named in the official's language."""
    if p is None:
        return None
    return pools.fit_report(p, current_policy())


@bp.route("/<lang>/<city>/simulate", methods=["GET", "POST"], endpoint="simulate")
def simulate_view(city):
    city_or_404(city)
    state = PageState(city)
    if request.method == "GET":
        form = SimulateForm(formdata=None)
        state.setup(form, defaults=True)
        return render_page(state, form)
    form = SimulateForm()
    state.setup(form, defaults=False)
    if not form.validate_on_submit():   # only the CSRF token can fail here (CSRFProtect checks it first)
        abort(400)
    ch = read_form(form, state)
    if ch is None:
        return render_page(state, form, status=422)
    vocab = current_policy().vocab
    try:
        result = run(ch, vocab)
    except PopulationProblem as p:
        if p.field_id == "quota":
            form.quota.errors = [t for _w, t in p.problems]
            return render_page(state, form, status=422)
        return render_page(state, form, problems=p, status=422)
    except SchemeError:
        current_app.logger.exception("simulation: a version could not be compiled")
        form.published.errors = [_("A version chosen could not be read: choose another.")]
        return render_page(state, form, status=422)
    return render_page(state, form, result=result)


@bp.get("/<lang>/<city>/simulate/template.csv")
def simulate_template(city):
    """The columns the version in force and the city's drafts need, and one example row."""
    city_or_404(city)
    state = PageState(city)
    vocab = current_policy().vocab
    rows = [state.default_published] if state.default_published is not None else []
    rows += [r["v"] for r in state.others if r["v"].status == "draft"]
    needed = {"birth_date"}
    for row in rows:
        try:
            needed |= set(effects.compile_doc(row.document, vocab).facts)
        except SchemeError:
            continue
    facts = [f for f in vocab.defs if f in needed]   # in the vocabulary's order
    return Response(csv_template(facts, vocab), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{city}-population-template.csv"'})
