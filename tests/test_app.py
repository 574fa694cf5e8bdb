"""Application set-up: configuration, security headers, translations complete."""
import pytest
from babel.messages.pofile import read_po

from calculator import create_app
from config import BASE_DIR


def test_production_refuses_the_default_secret(monkeypatch):
    monkeypatch.delenv("CALCULATOR_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_starts_with_a_real_secret(monkeypatch):
    monkeypatch.setenv("CALCULATOR_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("CALCULATOR_TRUSTED_HOSTS", '["jifen.example.gov.cn"]')
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["TRUSTED_HOSTS"] == ["jifen.example.gov.cn"]


def test_production_refuses_to_start_without_its_host_names(monkeypatch):
    monkeypatch.setenv("CALCULATOR_SECRET_KEY", "x" * 40)
    monkeypatch.delenv("CALCULATOR_TRUSTED_HOSTS", raising=False)
    with pytest.raises(RuntimeError, match="TRUSTED_HOSTS"):
        create_app("production")


def test_environment_overrides_config(monkeypatch):
    monkeypatch.setenv("CALCULATOR_EMBED_ALLOWED_ORIGINS", "https://portal.example")
    assert create_app("testing").config["EMBED_ALLOWED_ORIGINS"] == "https://portal.example"


def test_security_headers(client):
    r = client.get("/api/v1/cities")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"


def test_root_chooses_language_from_accept_language(client):
    assert client.get("/", headers={"Accept-Language": "en-GB,en"}).headers["Location"].endswith("/en/")
    assert client.get("/", headers={"Accept-Language": "zh-CN"}).headers["Location"].endswith("/zh/")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_catalogue_has_no_empty_or_fuzzy_entries(lang):
    with open(BASE_DIR / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        cat = read_po(fh)
    with open(BASE_DIR / "translations" / "messages.pot", "rb") as fh:
        template = read_po(fh)
    ids = {m.id for m in cat if m.id}
    assert {m.id for m in template if m.id} <= ids, "catalogue is missing extracted strings"
    for m in cat:
        if not m.id:
            continue
        assert m.string and "fuzzy" not in m.flags, m.id


def test_extracted_template_is_up_to_date(tmp_path):
    import subprocess
    import sys
    out = tmp_path / "m.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg", "-k", "_l",
                    "--no-location", "--sort-output", "-o", str(out), "."], cwd=BASE_DIR, check=True)
    with open(out, "rb") as fh:
        fresh = {m.id for m in read_po(fh) if m.id}
    with open(BASE_DIR / "translations" / "messages.pot", "rb") as fh:
        shipped = {m.id for m in read_po(fh) if m.id}
    assert fresh == shipped, f"run `flask translate update`: new {fresh - shipped}, gone {shipped - fresh}"
