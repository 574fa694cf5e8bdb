"""Command-line interface: `flask init-db`, `flask score`, `flask schemes check`."""
from __future__ import annotations

import json
from decimal import Decimal
import sys
from pathlib import Path

import click
import yaml
from flask.cli import AppGroup, with_appcontext

from .core.errors import InputError, SchemeError
from .core.policy import DATA_DIR, Policy, default_policy, read_yaml
from .core import yamlsafe
from .core.numbers import percent
from .core.schemes import load_scheme
from .web.i18n import field_message, translator
from .wording.problems import problem_lines

YAML_REFUSALS = {"alias": "an alias (*name)", "depth": "nesting too deep", "size": "too much text"}


def init_app(app):
    app.cli.add_command(init_db)
    app.cli.add_command(score_cmd)
    app.cli.add_command(schemes)
    app.cli.add_command(translate)
    app.cli.add_command(simulate_cmd)
    app.cli.add_command(users)
    app.cli.add_command(export_schemes)
    app.cli.add_command(import_schemes)


@click.command("init-db")
@with_appcontext
def init_db():
    """Bring the database schema up to date (Alembic) and load shipped scheme versions not yet
    there. Idempotent, and never loses data: existing rows are kept."""
    from flask_migrate import upgrade
    from .storage.models import seed_schemes
    upgrade()
    n = seed_schemes(default_policy())
    click.echo(f"database ready: {n} scheme versions added")


@click.command("score")
@with_appcontext
@click.argument("city")
@click.option("--facts", "facts_file", required=True, type=click.File("r", encoding="utf-8"),
              help="JSON file of facts (the API's facts object); - for standard input")
@click.option("--as-of", default=None, help="application date, YYYY-MM-DD (default today)")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("--scheme", "scheme_id", default=None, help="a scheme version id instead of the one in force")
@click.option("--json", "as_json", is_flag=True, help="print the same JSON as the API")
@click.option("--scenarios", "with_scenarios", is_flag=True, help="with --json: include the scenarios, as the API does when asked")
def score_cmd(city, facts_file, as_of, lang, scheme_id, as_json, with_scenarios):
    """Score an applicant's FACTS in CITY and print the breakdown."""
    from .api.routes import parse_as_of
    from .wording.serialize import result_dict
    policy = default_policy()
    try:
        facts = json.load(facts_file)
    except json.JSONDecodeError as e:
        raise click.ClickException(f"{facts_file.name}: not JSON ({e})")
    try:
        day = parse_as_of(as_of)
        result, expl = policy.evaluate(city, facts, day, scheme_id)
    except InputError as exc:
        for e in exc.errors:
            click.echo(f"{e.field}: {field_message(e, lang)}", err=True)
        sys.exit(2)
    # the text leads with what would change it; --json is the API's answer (scenarios on request)
    data = result_dict(result, expl, policy, lang, with_scenarios=not as_json or with_scenarios)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    s = result.scheme
    v = data["verdict"]
    click.echo(v["headline"])   # the verdict first, in words, as on the page
    for f in v.get("failing", []):
        click.echo(f"  - {f['name']}: {f['when']} {f['what_would_meet_it']}")
    for q in v.get("questions", []):
        click.echo(f"  ? {q['label']} ({q['fact']})")
    click.echo(data["projection"]["summary"])
    click.echo(f"{data['city']['name']} · {s.title[lang]} ({s.id}) · {data['as_of']}")
    width = max(len(i["name"]) for i in data["items"])
    for i in sorted(data["items"], key=lambda i: -float(i["points"])):
        mark = " *" if i["unverified"] else ""
        share = f"{percent(Decimal(i['share']))}%" if i["share"] else ""
        click.echo(f"  {i['name']:<{width}}  {i['points']:>8}  {share:>6}{mark}")
    click.echo(f"  {'=' * width}  {data['total']:>8}")
    for line in data["explanation"]["summary"]:
        click.echo(line)
    for sc in data["scenarios"]:
        click.echo(f"  + {sc['label']}: {sc['effect']}")
    click.echo(data["explanation"]["rounding"])
    if any(i["unverified"] for i in data["items"]):
        click.echo(translator(lang)("* unverified: third-party or single weak source"))


schemes = AppGroup("schemes", help="Scheme data files.")


@schemes.command("check")
@click.option("--dir", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=DATA_DIR)
def check(data_dir: Path):
    """Validate every scheme file (and the city registry); exit 1 on any problem."""
    from .core.policy import load_vocabulary
    vocab = load_vocabulary(data_dir)
    bad = 0
    files = sorted((data_dir / "schemes").glob("*.yaml"))
    for path in files:
        try:
            s = load_scheme(read_yaml(path), vocab)
            click.echo(f"ok    {path.name}: {s.id}, {len(s.items)} items, {len(s.prerequisites)} prerequisites")
        except SchemeError as e:
            bad += 1
            click.echo(f"FAIL  {path.name}")
            for line in problem_lines(e.problems, translator("en")):
                click.echo(f"      {line}")
        except Exception as e:  # a YAML syntax error is a problem in the file, reported like one
            bad += 1
            click.echo(f"FAIL  {path.name}: {e}")
    try:
        Policy.from_dir(data_dir)
    except Exception as e:
        bad += 1
        click.echo(f"FAIL  registry: {e}")
    click.echo(f"{len(files) - bad if bad <= len(files) else 0} of {len(files)} scheme files valid")
    if bad:
        sys.exit(1)


translate = AppGroup("translate", help="Translation catalogues (zh, en).")
ROOT = Path(__file__).resolve().parent.parent


def _pybabel(*args: str):
    import subprocess
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate.command("update")
def translate_update():
    """Extract strings (-k _l), merge them into both catalogues and fill English from the source."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
             "-o", "translations/messages.pot", ".")
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching",
             "--ignore-obsolete")
    fill_english(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po")


@translate.command("compile")
def translate_compile():
    _pybabel("compile", "-d", "translations", "--statistics")


def fill_english(po_path: Path):
    """The source strings are English: the en catalogue repeats them, so no entry is empty."""
    from babel.messages.pofile import read_po, write_po
    with open(po_path, "rb") as fh:
        cat = read_po(fh)
    for m in cat:
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string)):
            m.string = m.id
    with open(po_path, "wb") as fh:
        write_po(fh, cat, sort_output=True, omit_header=False, include_previous=False)


@click.command("simulate")
@with_appcontext
@click.argument("city")
@click.option("--population", "source", required=True,
              help="beijing-applicants (everyone who applied in 2020: a synthetic pool fitted to the published "
                   "figures; <city>-applicants elsewhere, illustrative), beijing-2022 (the official list of the "
                   "admitted), synthetic:N[:SEED], or a CSV file of facts")
@click.option("--quota", type=click.IntRange(min=1), required=True)
@click.option("--draft", default=None, help="a scheme id or a scheme YAML file to compare with the one in force")
@click.option("--as-of", default=None, help="the round's date, YYYY-MM-DD (default today)")
@click.option("--json", "as_json", is_flag=True)
def simulate_cmd(city, source, quota, draft, as_of, as_json):
    """Score a whole population under CITY's scheme for a QUOTA, and a draft beside it."""
    import time
    from .api.routes import parse_as_of
    from .simulation.pools import ASSUMPTIONS as POOL_ASSUMPTIONS
    from .simulation.simulate import population_from_csv, simulate

    def populations_assumptions():
        return POOL_ASSUMPTIONS
    from .simulation.synthetic import ASSUMPTIONS, synthetic_population
    policy = default_policy()
    try:
        day = parse_as_of(as_of)
        published = policy.resolve(city, day)
    except InputError as exc:
        raise click.ClickException("; ".join(field_message(e, "en") for e in exc.errors))
    draft_scheme = None
    if draft:
        if Path(draft).is_file():
            try:
                draft_scheme = load_scheme(read_yaml(Path(draft)), policy.vocab)
            except SchemeError as e:
                raise click.ClickException(f"{draft}: " + "; ".join(problem_lines(e.problems, translator("en"))))
            except yamlsafe.HostileYAML as e:
                raise click.ClickException(f"{draft}: refused, the YAML has {YAML_REFUSALS[e.reason]}"
                                           f" (line {e.line})")
            except yaml.YAMLError as e:
                raise click.ClickException(f"{draft}: the YAML could not be read ({type(e).__name__})")
        elif draft in policy.schemes:
            draft_scheme = policy.schemes[draft]
        else:
            raise click.ClickException(f"no scheme or file {draft!r}")
    needed = set(published.facts) | (set(draft_scheme.facts) if draft_scheme else set())
    notes = []
    t0 = time.perf_counter()
    from .simulation import populations
    try:
        if Path(source).is_file():
            pop = population_from_csv(Path(source).read_text(encoding="utf-8-sig"), policy.vocab, needed, day)
        else:
            loaded = populations.load(source, city, policy.vocab, day)
            pop = loaded.population
            if loaded.kind == "applicants":
                p = loaded.pool
                notes.append(f"Applicant pool {p.id}: {p.applicants:,} synthetic applicants of the {p.round_year} round "
                             f"(seed {p.seed}), fitted so that the top {p.quota:,} under beijing-2020 reproduce the "
                             f"published cutoff {p.cutoff} and mean item values. {p.source['en']}.")
                notes.extend("Assumption: " + a["en"] for a in populations_assumptions())
            elif loaded.kind == "illustrative":
                notes.append(f"Illustrative pool of {pop.n:,} synthetic applicants: no applicant count of {city} is "
                             "published. " + " ".join(ASSUMPTIONS.split()))
            elif loaded.kind == "official_list":
                notes.append("The official 2022 list holds admitted people only: everyone in it reached the 2022 cutoff.")
                notes.append("Its birth dates are derived from the age item (20 points: born 1975 or later, taken as "
                             "1975), so age bands are upper bounds for the 20-point majority.")
            else:
                notes.append("Synthetic population: " + " ".join(ASSUMPTIONS.split()))
            try:
                populations.fill(loaded, needed, policy.vocab)
            except KeyError as e:
                raise click.ClickException(str(e)) from None
            if loaded.defaults:
                notes.append("Taken at their defaults (not in this population): " + ", ".join(loaded.defaults) + ".")
    except populations.UnknownPopulation as e:
        raise click.ClickException(f"{e}: use beijing-applicants (or <city>-applicants), beijing-2022, "
                                   "synthetic:N[:SEED] or a CSV file")
    except InputError as exc:
        for e in exc.errors:
            click.echo(f"{e.field}: {field_message(e, 'en')}", err=True)
        sys.exit(2)
    except (OSError, ValueError) as e:
        raise click.ClickException(str(e))
    rep = simulate(pop, day, quota, published, policy.vocab, draft_scheme)
    rep.notes = notes
    elapsed = time.perf_counter() - t0
    if as_json:
        click.echo(json.dumps({"population": rep.population, "quota": rep.quota, "published": rep.published,
                               "draft": rep.draft, "changes": rep.changes, "notes": rep.notes}, ensure_ascii=False,
                              indent=2))
        return
    for label, s in (("published", rep.published), ("draft", rep.draft)):
        if s is None:
            continue
        share = s["main_share_admitted_mean"]
        click.echo(f"{label} {s['scheme']}: cutoff {s['cutoff']}, admitted {s['admitted']} of {rep.population} "
                   f"({s['tied_at_cutoff']} tied at the cutoff), social insurance + residence share among the "
                   f"admitted {percent(share)}% ({'main share' if s['main_share_is_main'] else 'NOT the main share'})")
        if s["pivotal_items"]:
            top = ", ".join(f"{k} {v}" for k, v in list(s["pivotal_items"].items())[:4])
            click.echo(f"  admitted who would fall below the cutoff without the item: {top}")
    if rep.changes:
        c = rep.changes
        click.echo(f"draft vs published: {c['enter']} enter, {c['leave']} leave, {c['stay']} stay")
        for name, table in c["by"].items():
            click.echo(f"  by {name}: " + "; ".join(f"{k} +{v['enter']}/-{v['leave']}" for k, v in table.items()))
    for n in notes:
        click.echo(n)
    click.echo(f"({rep.population} applicants in {elapsed:.2f} s)")


users = AppGroup("users", help="Officials' accounts.")


def _user(username):
    from .web.extensions import db
    from .storage.models import User
    u = db.session.execute(db.select(User).where(User.username == username)).scalar()
    if u is None:
        raise click.ClickException(f"no user {username!r}")
    return u


def _check_password(password, *known_words):
    from flask_babel import force_locale
    from .web.passwords import problem
    why = problem(password, *known_words)
    if why is not None:
        with force_locale("en"):
            raise click.ClickException(str(why))


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "official"]), required=True)
@click.option("--city", default=None, help="the city an official works on (required for officials)")
@click.password_option(help="12 to 200 characters, not easy to guess; prompted for if not given")
def users_create(username, role, city, password):
    """Create an administrator, or an official scoped to one city."""
    from .web.extensions import db
    from .storage.models import User
    if role == "official" and city not in default_policy().cities:
        raise click.ClickException("an official needs --city with a known city id")
    if role == "admin" and city:
        raise click.ClickException("an administrator is not scoped to a city")
    _check_password(password, username, city)
    if db.session.execute(db.select(User).where(User.username == username)).scalar():
        raise click.ClickException(f"user {username!r} exists")
    u = User(username=username, role=role, city=city, active=True)
    u.set_password(password)
    db.session.add(u)
    db.session.commit()
    click.echo(f"created {role} {username}" + (f" for {city}" if city else ""))


@users.command("list")
def users_list():
    from .web.extensions import db
    from .storage.models import User
    for u in db.session.execute(db.select(User).order_by(User.username)).scalars():
        click.echo(f"{u.username:<20} {u.role:<9} {u.city or '-':<12} {'active' if u.active else 'inactive'}")


@users.command("set-password")
@click.argument("username")
@click.password_option()
def users_set_password(username, password):
    from .web.extensions import db
    u = _user(username)
    _check_password(password, username, u.city)
    u.set_password(password)
    u.end_sessions()  # whoever was signed in as them is signed out
    db.session.commit()
    click.echo(f"password changed for {username}")


@users.command("deactivate")
@click.argument("username")
def users_deactivate(username):
    from .web.extensions import db
    u = _user(username)
    u.active = False
    db.session.commit()
    click.echo(f"{username} can no longer sign in")


@click.command("export-schemes")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_schemes(path):
    """Write every scheme version (published and draft) to a JSON file."""
    from .storage.versions import export_all
    data = export_all()
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"{len(data['versions'])} versions written to {path}")


@click.command("import-schemes")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_schemes(path):
    """Load an export into an empty database (all or nothing)."""
    from .storage.versions import VersionError, import_all
    try:
        n = import_all(json.loads(Path(path).read_text(encoding="utf-8")))
    except VersionError as e:
        raise click.ClickException(str(e))
    except SchemeError as e:
        raise click.ClickException("; ".join(problem_lines(e.problems, translator("en"))))
    except (ValueError, RecursionError) as e:  # not JSON, or nested past what any export is
        raise click.ClickException(f"{path}: not an export of this tool ({type(e).__name__})")
    click.echo(f"{n} versions imported")


@schemes.command("stale")
@click.option("--older-than", "older_than", type=click.IntRange(min=0), required=True, metavar="DAYS",
              help="list versions last checked against their sources more than DAYS days ago (or never)")
@click.option("--as-of", "as_of", default=None, help="today, YYYY-MM-DD (default: the real today)")
@click.option("--in-force", "in_force_only", is_flag=True, help="only the versions in force on that day")
def stale_cmd(older_than: int, as_of, in_force_only: bool):
    """List the shipped scheme versions whose numbers are due for a check against their sources."""
    import datetime as dt
    from .core.report import stale
    try:
        today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise click.BadParameter("must be a date, YYYY-MM-DD", param_hint="--as-of")
    due = stale(default_policy(), today, older_than, in_force_only)
    for r in due:
        s = r["scheme"]
        when = f"checked {s.checked_on} ({r['days']} days ago)" if s.checked_on else "never checked"
        click.echo(f"{s.id:<16} {when:<34} {'in force' if r['in_force'] else 'not in force'}")
    click.echo(f"{len(due)} version(s) due: last checked more than {older_than} days before {today}, or never")


@schemes.command("report")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=ROOT / "docs" / "schemes.md")
@click.option("--as-of", "as_of", default=None, help="today, for the reference date (default: the real today)")
def report(out: Path, as_of):
    """Write docs/schemes.md: every scheme on a reference applicant, with its main-share figure."""
    import datetime as dt
    from .core.report import markdown
    today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(default_policy(), today), encoding="utf-8")
    click.echo(f"written {out}")
