"""Fingerprints of the app's answers, to show a refactoring changes no response.

`python tools/response_snapshot.py record FILE` stores a SHA-256 of status, content type and body
for a fixed set of requests through the test client: every golden case and every row of Beijing's
2022 list through the API, the golden cases' result pages, every city's pages, the docs, the embed
pages, the console (sign-in, city, draft, bad YAML, publish, history, simulation) in both
languages, and the CLI. `compare FILE` runs the same requests and lists each that differs. Pages
print today's date, so a record is compared on the day it was made.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from calculator import create_app  # noqa: E402
from calculator.core.policy import DATA_DIR, default_policy, read_yaml  # noqa: E402

LIST = ROOT.parent / "shared" / "data" / "beijing-admitted-2022.csv"
LANGS = ("zh", "en")
BAD_YAML = "id: beijing-x\ncity: beijing\nitems:\n  - id: a\n    rule: {type: accrual, fact: nope, per_year: three}\n"


def _digest(resp) -> str:
    body = resp.get_data()
    return hashlib.sha256(f"{resp.status_code} {resp.content_type}\n".encode() + body).hexdigest()


def _golden():
    for path in sorted((DATA_DIR / "golden").glob("*.yaml")):
        doc = read_yaml(path)
        for i, case in enumerate(doc["cases"]):
            facts = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in case["facts"].items()}
            as_of = case["as_of"].isoformat() if isinstance(case["as_of"], dt.date) else case["as_of"]
            yield f"{path.stem}#{i}", doc["scheme"], as_of, facts


def _query(facts: dict, as_of: str, scheme: str) -> str:
    from urllib.parse import urlencode
    pairs = {"as_of": as_of, "scheme": scheme}
    for k, v in facts.items():
        pairs[k] = "true" if v is True else "false" if v is False else v
    return urlencode(pairs)


def _requests(client, app):
    policy = default_policy()
    yield "GET /", client.get("/")
    for lang in LANGS:
        for path in (f"/{lang}/", f"/{lang}/api/", f"/{lang}/compare", f"/embed/{lang}/", f"/{lang}/?q=bei"):
            yield f"GET {path}", client.get(path)
        for cid in sorted(c.id for c in policy.cities.values()) if hasattr(policy, "cities") else ():
            yield f"GET /{lang}/{cid}/", client.get(f"/{lang}/{cid}/")
    for path in ("/api/v1/cities", "/api/v1/openapi.json", "/api/v1/cities/beijing",
                 "/api/v1/cities/beijing/schemes", "/api/v1/schemes/beijing-2020"):
        yield f"GET {path}", client.get(path)
    for name, scheme, as_of, facts in _golden():
        city = policy.schemes[scheme].city
        for lang in LANGS:
            body = {"city": city, "scheme": scheme, "as_of": as_of, "lang": lang, "facts": facts}
            yield f"POST score {name} {lang}", client.post("/api/v1/score", json={**body, "scenarios": True})
            yield f"POST explain {name} {lang}", client.post("/api/v1/explain", json=body)
            qs = _query(facts, as_of, scheme)
            yield f"GET result {name} {lang}", client.get(f"/{lang}/{city}/result?{qs}")
            yield f"GET embed result {name} {lang}", client.get(f"/embed/{lang}/{city}/result?{qs}")
    for lang in LANGS:
        yield f"POST bad score {lang}", client.post("/api/v1/score", json={"city": "beijing", "lang": lang,
                                                                         "facts": {"birth_date": "x"}})
    if LIST.exists():
        from calculator.populations.beijing_lists import facts_for_row, read_list
        rows = [facts_for_row(r, 2022) for r in read_list(LIST)]
        for start in range(0, len(rows), 1000):
            yield f"POST batch list {start}", client.post("/api/v1/score/batch", json={
                "city": "beijing", "as_of": "2022-06-30", "applicants": rows[start:start + 1000]})
    yield from _console(client, app)
    yield from _cli(app)


def _console(client, app):
    from calculator.web.extensions import db
    from calculator.storage.models import User, seed_schemes
    with app.app_context():
        seed_schemes(default_policy())
        u = User(username="bj", role="official", city="beijing", active=True)
        u.set_password("x" * 12)
        db.session.add(u)
        db.session.commit()
    yield "GET /admin/zh/login", client.get("/admin/zh/login")
    yield "POST login", client.post("/admin/zh/login", data={"username": "bj", "password": "x" * 12})
    for lang in LANGS:
        for path in ("", "beijing/", "beijing/history", "beijing/audit", "beijing/simulate"):
            yield f"GET admin {lang} {path}", client.get(f"/admin/{lang}/{path}")
    start = client.post("/admin/zh/beijing/drafts")
    draft = re.search(r"/drafts/([\w.-]+)", start.headers.get("Location", "")).group(1)
    for lang in LANGS:
        base = f"/admin/{lang}/beijing/drafts/{draft}"
        yield f"GET draft {lang}", client.get(base)
        yield f"POST bad yaml {lang}", client.post(f"{base}/yaml", data={"document": BAD_YAML, "lock_version": "1"})
        yield f"GET publish {lang}", client.get(f"{base}/publish")
        yield f"POST publish bad {lang}", client.post(f"{base}/publish", data={"effective_from": "x", "label": ""})
        yield f"POST simulate {lang}", client.post(f"/admin/{lang}/beijing/simulate", data={})
        yield f"POST import bad {lang}", client.post(f"/admin/{lang}/beijing/import", data={
            "file": (io.BytesIO(BAD_YAML.encode()), "bad.yaml")}, content_type="multipart/form-data")


def _cli(app):
    class Out:  # the CLI's output as a response-like object
        def __init__(self, result):
            self.status_code, self.content_type = result.exit_code, "text/plain"
            self._data = (result.output + (str(result.exception) if result.exception and result.exit_code != 1 else
                                           "")).encode()

        def get_data(self):
            return self._data

    runner = app.test_cli_runner()
    facts = ROOT / "instance" / "snapshot-facts.json"
    facts.parent.mkdir(exist_ok=True)
    facts.write_text(json.dumps({"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
                                 "social_insurance_months": 174, "residence_owned_days": 4532,
                                 "education": "master", "degree": "master", "study_overlap_months": 36,
                                 "relocated_job_and_residence_years": 4, "income_tax_years_over_100k": 1}))
    for lang in LANGS:
        yield f"CLI score {lang}", Out(runner.invoke(args=["score", "beijing", "--facts", str(facts),
                                                            "--as-of", "2022-06-30", "--lang", lang]))
    yield "CLI score json", Out(runner.invoke(args=["score", "beijing", "--facts", str(facts),
                                                    "--as-of", "2022-06-30", "--json"]))
    yield "CLI schemes check", Out(runner.invoke(args=["schemes", "check"]))
    facts.unlink()


def snapshot() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/snap.db",
                          "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test", "API_RATE_LIMIT": "1000000/minute",
                          "API_ROW_RATE_LIMIT": "100000000/minute"})
        from calculator.web.extensions import db
        with app.app_context():
            db.create_all()
        out = {"_day": dt.date.today().isoformat()}
        client = app.test_client()
        for label, resp in _requests(client, app):
            out[label] = _digest(resp)
        return out


def main(argv: list[str]) -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":  # some answers list a set's members: fix their order
        os.execve(sys.executable, [sys.executable, __file__, *argv], {**os.environ, "PYTHONHASHSEED": "0"})
    if len(argv) != 2 or argv[0] not in ("record", "compare"):
        print(__doc__)
        return 2
    path = Path(argv[1])
    now = snapshot()
    if argv[0] == "record":
        path.write_text(json.dumps(now, indent=0, ensure_ascii=False), encoding="utf-8")
        print(f"{len(now) - 1} responses recorded in {path}")
        return 0
    before = json.loads(path.read_text(encoding="utf-8"))
    if before["_day"] != now["_day"]:
        print(f"recorded on {before['_day']}, today is {now['_day']}: pages print the date, record again")
        return 2
    changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for k in changed:
        print("differs:", k, "(missing before)" if k not in before else "(missing now)" if k not in now else "")
    print(f"{len(now) - 1} responses, {len(changed)} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
