"""The console's impact simulation page: access (signed out, another city), the CSV template and
uploads (row/column errors, nothing kept, 5 MB, CSRF), the official list with its caveat, a draft
compared, and a synthetic population of 100,000 in well under a second."""
import html as htmllib
import io
import re
import time

import pytest

from calculator.storage import versions as V
from calculator.web import clock
from calculator.admin import simulate as S
from calculator.web.extensions import db
from calculator.web.i18n import translator
from calculator.storage.models import AuditEntry, SchemeVersion, User
from calculator.simulation.synthetic import ASSUMPTIONS
from test_admin import (PASSWORD, Forms, app, csrf_app, drafts, item, seeded, sign_in)  # noqa: F401

PAGE = "/admin/en/beijing/simulate"
TEMPLATE = "/admin/en/beijing/simulate/template.csv"


def text_of(html):
    return re.sub(r" ([:.,;])", r"\1", re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html))))


def defaults(client, url=PAGE) -> dict:
    r = client.get(url)
    assert r.status_code == 200
    return dict(Forms(r.get_data(as_text=True)).by_id("simulate-form")["data"])


def run(client, url=PAGE, file=None, **values):
    data = {**defaults(client, url), **values}
    if file is not None:
        data["file"] = (io.BytesIO(file), "applicants.csv")
    return client.post(url, data=data, content_type="multipart/form-data")


def database(app):
    """Everything the console stores: versions (with their locks and checksums) and the audit log."""
    with app.app_context():
        rows = sorted((r.id, r.status, r.checksum, r.lock_version) for r in
                      db.session.execute(db.select(SchemeVersion)).scalars())
        audit = db.session.execute(db.select(db.func.count()).select_from(AuditEntry)).scalar()
        return rows, audit


def cutoff(html, side=0) -> float:
    return float(re.search(rf'id="cutoff-{side}" data-cutoff="([\d.]+)"', html).group(1))


@pytest.fixture
def bj(app, client, seeded):
    sign_in(client, "bj")
    return client


# --- access ------------------------------------------------------------------------------------

def test_signed_out_redirects_to_sign_in(client, seeded):
    for method, url in (("GET", PAGE), ("GET", TEMPLATE), ("POST", PAGE)):
        r = client.open(url, method=method, data={"source": "synthetic", "quota": "10"})
        assert r.status_code == 302, (method, url)
        assert r.headers["Location"].startswith("/admin/en/login"), r.headers["Location"]
    assert client.get(PAGE).headers["Location"] == "/admin/en/login?next=/admin/en/beijing/simulate"


def test_an_official_of_another_city_gets_403(client, seeded):
    sign_in(client, "sh")
    assert client.get(PAGE).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    r = client.post(PAGE, data={"source": "upload", "quota": "1", "file": (io.BytesIO(b"birth_date\n"), "a.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 403
    assert client.get("/admin/en/shanghai/simulate").status_code == 200   # their own city


def test_the_city_dashboard_links_to_the_page(bj):
    html = bj.get("/admin/en/beijing/").get_data(as_text=True)
    assert 'href="/admin/en/beijing/simulate"' in html


def test_the_page_is_accessible_and_keeps_to_the_csp(bj):
    html = bj.get(PAGE).get_data(as_text=True)
    assert "style=" not in html and "<script" not in html
    assert re.search(r'<fieldset class="group" id="source">\s*<legend>Population</legend>', html)
    for fid in ("size", "seed", "file", "published", "compare", "quota", "as_of"):
        assert f'<label for="{fid}">' in html, fid
    assert 'enctype="multipart/form-data"' in html
    assert 'href="/admin/en/beijing/simulate/template.csv"' in html
    data = defaults(bj)
    # the default is everyone who applied (the 2020 pool), with the round's quota
    assert data["source"] == "applicants" and data["published"] == "beijing-2020" and data["compare"] == ""
    assert data["quota"] == "6032"
    # Shanghai offers no official list
    sign_in(bj, "root")
    assert 'value="list"' not in bj.get("/admin/en/shanghai/simulate").get_data(as_text=True)


# --- the CSV template and uploads --------------------------------------------------------------

def test_the_template_downloads_and_uploaded_back_simulates_one_applicant(app, bj):
    r = bj.get(TEMPLATE)
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.headers["Content-Disposition"] == 'attachment; filename="beijing-population-template.csv"'
    header, example, *rest = r.get_data(as_text=True).splitlines()
    assert rest == []
    with app.app_context():
        needed = set(V.validate(V.in_force("beijing", clock.today()).doc).facts)
    assert set(header.split(",")) == needed | {"birth_date"}
    assert example.startswith("1985-06-15,")
    before = database(app)
    for body in (r.data, "\ufeff".encode() + r.data):   # with and without a BOM
        page = run(bj, source="upload", quota="1", file=body)
        html = page.get_data(as_text=True)
        assert page.status_code == 200, text_of(html)[:800]
        t = text_of(html)
        assert "Population size: 1." in t and "Population: the uploaded file (applicants: 1)." in t
        assert re.search(r'id="admitted-0">1<', html)
        assert "Taken as given" in t
    assert database(app) == before


def test_the_template_has_the_columns_drafts_need(app, bj, seeded):
    with app.app_context():
        user = db.session.get(User, seeded["bj"])
        d = V.start_draft("beijing", user)
        doc = d.doc
        item(doc, "employment")["rule"]["fact"] = "pension_insurance_months"
        V.save_draft(d.id, doc, d.lock_version, user)
    header = bj.get(TEMPLATE).get_data(as_text=True).splitlines()[0].split(",")
    assert "pension_insurance_months" in header and "social_insurance_months" in header


def test_csv_errors_name_row_and_column_in_both_languages_and_nothing_is_kept(app, bj, caplog):
    bad = ("birth_date,sex,social_insurance_months,education,salary\n"
           "1985-06-15,female,100,bachelor,SECRET-1\n"
           "1985-13-01,female,100,bachelor,SECRET-2\n")
    before = database(app)
    r = run(bj, source="upload", quota="1", file=bad.encode())
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    t = text_of(html)
    assert "row 3" in t.lower()
    assert "Row 3, column birth_date: Enter a real date as YYYY-MM-DD" in t
    assert 'Column salary: Unknown fact "salary".' in t
    assert "Problems found in the file: 2. Nothing of it was kept." in t
    # the GOV.UK summary at the top links to the file field, which says what is wrong
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert 'href="#file"' in summary and "problems found: 2" in summary
    assert re.search(r'<input[^>]*aria-describedby="file-hint file-error"[^>]*aria-invalid="true"', html) or \
        re.search(r'<input[^>]*aria-invalid="true"[^>]*id="file"', html)
    assert "SECRET" not in html and "SECRET" not in caplog.text
    assert database(app) == before
    zh = run(bj, "/admin/zh/beijing/simulate", source="upload", quota="1", file=bad.encode()).get_data(as_text=True)
    zt = text_of(zh)
    assert "第 3 行，birth_date 列" in zt and "salary 列" in zt
    with app.app_context():
        assert translator("zh")("Enter a real date as YYYY-MM-DD, for example 1990-05-31.") in zt


def test_at_most_50_errors_are_listed_with_the_count_of_all(bj):
    body = "birth_date,sex,social_insurance_months,education\n" + "1985-06-15,female,lots,bachelor\n" * 120
    r = run(bj, source="upload", quota="1", file=body.encode())
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    errors = re.search(r'<ul class="error-message csv-errors" id="csv-errors">(.*?)</ul>', html, re.S).group(1)
    assert errors.count("<li>") == 50
    assert "Problems found in the file: 120; the first 50 are listed." in text_of(html)


@pytest.mark.parametrize("body, message", [
    (b"\xff\xfe\x00a", "The file is not UTF-8 text."),
    (b"", "It holds no applicants"),
    (b"sex\nmale\n", "Column birth_date: This column is missing"),
])
def test_unreadable_files_say_why(app, bj, body, message):
    before = database(app)
    r = run(bj, source="upload", quota="1", file=body)
    assert r.status_code == 422
    assert message in text_of(r.get_data(as_text=True))
    assert database(app) == before


def test_an_upload_is_never_written_to_disk(bj, monkeypatch):
    """Werkzeug spools file parts over 500 KB to a temporary file; this page keeps them in memory."""
    import werkzeug.formparser as fp

    def no_disk(*a, **k):
        raise AssertionError("an upload was spooled to a temporary file")
    monkeypatch.setattr(fp, "SpooledTemporaryFile", no_disk)
    row = "1985-06-15,female,100,bachelor\n"
    body = "birth_date,sex,social_insurance_months,education\n" + row * (700_000 // len(row))
    r = run(bj, source="upload", quota="100", file=body.encode())
    assert r.status_code == 200, text_of(r.get_data(as_text=True))[:500]
    assert f"Population size: {700_000 // len(row)}." in text_of(r.get_data(as_text=True))


def test_a_file_over_5_mb_answers_413_with_the_form(bj):
    just_over = b"a" * (5 * 1024 * 1024 + 1)       # within the request limit: the file itself is checked
    far_over = b"a" * (6 * 1024 * 1024)            # over the request limit: refused while reading
    for body in (just_over, far_over):
        r = run(bj, source="upload", quota="1", file=body)
        assert r.status_code == 413
        html = r.get_data(as_text=True)
        assert "The file is larger than 5 MB" in text_of(html)
        assert 'id="simulate-form"' in html and 'class="error-summary"' in html
    # the scheme import keeps its own limit and message
    r = bj.post("/admin/en/beijing/import", data={"file": (io.BytesIO(b"a" * 300_000), "x.yaml")},
                content_type="multipart/form-data")
    assert r.status_code == 413 and "256 KB" in r.get_data(as_text=True)


def test_the_upload_needs_a_csrf_token(csrf_app):
    app = csrf_app
    client = app.test_client()
    token = Forms(client.get("/admin/en/login").get_data(as_text=True)).forms[-1]["data"]["csrf_token"]
    r = client.post("/admin/en/login", data={"username": "bj", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    form = defaults(client)
    assert form["csrf_token"]
    template = client.get(TEMPLATE).data
    without = {k: v for k, v in form.items() if k != "csrf_token"}
    r = client.post(PAGE, data={**without, "source": "upload", "quota": "1",
                                "file": (io.BytesIO(template), "a.csv")}, content_type="multipart/form-data")
    assert r.status_code == 400
    r = client.post(PAGE, data={**form, "source": "upload", "quota": "1", "file": (io.BytesIO(template), "a.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and "Population size: 1." in text_of(r.get_data(as_text=True))


# --- populations and results -------------------------------------------------------------------

def test_beijing_official_list_quota_3000(bj):
    r = run(bj, source="list", quota="3000")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert cutoff(html) > 105.42
    t = text_of(html)
    assert "Population: Beijing's official 2022 list of admitted applicants, 6006 people." in t
    assert "Admitted people only" in t
    assert "Round date: 2022-06-30." in t   # the list's own round date when none is given
    assert int(re.search(r'id="admitted-0">(\d+)<', html).group(1)) >= 3000
    assert re.search(r'id="share-0">\d+\.\d%<', html) and "Main share at the cutoff" in t
    assert 'id="margin-0"' in html and "Stable legal employment" in t
    assert len(re.findall(r'<rect class="bar pub"', html)) == 20 and 'class="bar draft"' not in html
    assert "style=" not in html
    assert 'id="sim-changes"' not in html   # nothing compared


def test_a_draft_compared_shows_who_enters_and_who_leaves(app, bj, seeded, drafts):
    did = drafts["beijing"]
    with app.app_context():
        row = db.session.get(SchemeVersion, did)
        doc = row.doc
        item(doc, "employment")["rule"]["per_year"] = 4
        V.save_draft(did, doc, row.lock_version, db.session.get(User, seeded["bj"]))
    before = database(app)
    r = run(bj, source="list", quota="3000", compare=did)
    html = r.get_data(as_text=True)
    assert r.status_code == 200, text_of(html)[:800]
    t = text_of(html)
    m = re.search(rf"With {did} instead of beijing-2020: (\d+) enter, (\d+) leave, (\d+) stay admitted", t)
    enter, leave, stay = map(int, m.groups())
    assert enter > 0 and leave > 0 and stay + leave >= 3000
    assert 'id="by-age"' in html and 'id="by-education"' in html and "Master" in t
    assert cutoff(html, 1) > cutoff(html, 0)   # 4 points a year of insurance raise every total
    assert len(re.findall(r'<rect class="bar (pub|draft)"', html)) == 40
    assert 'id="margin-1"' in html
    assert database(app) == before
    # another published version can be compared too; the published one itself cannot
    assert "With beijing-2016 instead of beijing-2020" in text_of(run(bj, source="list", quota="3000",
                                                                    compare="beijing-2016").get_data(as_text=True))
    same = run(bj, source="list", quota="3000", compare="beijing-2020")
    assert same.status_code == 422 and "Choose a version other than the published one" in text_of(
        same.get_data(as_text=True))


def test_synthetic_population_of_100000_answers_well_under_a_second(bj):
    run(bj, source="synthetic", size="1000", quota="10")   # warm: schemes compiled, catalogues loaded
    data = {**defaults(bj), "source": "synthetic", "size": "100000", "seed": "7", "quota": "6000"}
    t = time.perf_counter()
    r = bj.post(PAGE, data=data)
    elapsed = time.perf_counter() - t
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    tx = text_of(html)
    assert "Population size: 100000." in tx and "a synthetic population of 100000 applicants (seed 7)" in tx
    assert "Not real applicants" in tx and "social insurance 84..359 months" in tx   # its assumptions
    assert elapsed < 1.0, elapsed
    # seeded: the same size and seed give the same cutoff, another seed another population
    again = bj.post(PAGE, data=data).get_data(as_text=True)
    assert cutoff(again) == cutoff(html)


def test_form_errors_are_summarised_at_the_top_and_at_each_field(bj):
    r = run(bj, source="synthetic", size="50", seed="x", quota="0", as_of="2022-02-30", compare="nope")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    for anchor in ("size", "seed", "quota", "as_of", "compare"):
        assert f'href="#{anchor}"' in summary, anchor
        assert f'id="{anchor}-error"' in html
    assert "Enter a whole number of applicants from 1,000 to 1,000,000." in summary
    assert text_of(html).count("Error:") >= 6
    assert "<title>Error:" in html
    # a quota above the population's size names the size
    r = run(bj, source="list", quota="7000")
    assert r.status_code == 422 and "Enter a whole number from 1 to 6006." in text_of(r.get_data(as_text=True))
    # no population chosen
    data = {k: v for k, v in defaults(bj).items() if k != "source"}
    r = bj.post(PAGE, data=data)
    assert r.status_code == 422 and 'href="#source-0"' in r.get_data(as_text=True)


def test_facts_a_population_lacks_are_named_and_taken_at_their_defaults(bj):
    # the synthetic population has Beijing's columns: Shanghai's own facts take their defaults
    sign_in(bj, "root")
    r = run(bj, "/admin/en/shanghai/simulate", source="synthetic", size="1000", quota="10")
    assert r.status_code == 200
    t = text_of(r.get_data(as_text=True))
    assert "Population size: 1000." in t
    assert re.search(r"Facts not in this population are taken at their defaults: [^.]*Shanghai", t, re.I) or \
        "Facts not in this population are taken at their defaults:" in t


def test_the_synthetic_assumptions_shown_are_the_documented_ones_and_translated(app, bj):
    intro, bullets, closing = S.assumption_lines()
    known = {str(t._args[0]) if hasattr(t, "_args") else str(t) for t in S.ASSUMPTION_TEXTS}
    assert intro in known and set(bullets) <= known and set(closing) <= known, \
        "synthetic.ASSUMPTIONS changed: update ASSUMPTION_TEXTS in calculator/admin/simulate.py"
    assert len(bullets) == ASSUMPTIONS.count("\n- ")
    html = bj.get("/admin/zh/beijing/simulate").get_data(as_text=True)
    with app.app_context():
        for b in [intro, *bullets, *closing]:
            zh = translator("zh")(b)
            assert zh != b, b
            assert zh in html.replace("&#39;", "'").replace("&amp;", "&"), zh
