"""Draft ids and races, as two officials (or one double click) meet them: ids are never handed
out twice, and two requests that race each other against a real SQLite file end in one change
and a translated 409 for the loser, never a 500.

The requests run in two threads, each with its own test client; a barrier inside versions.py
holds both until each has read the draft, so the race happens on every run (not by luck)."""
import datetime as dt
import threading

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape

from calculator.storage import versions as V
from calculator.admin.messages import VERSION_ERRORS
from calculator.web.extensions import db
from calculator.storage.models import AuditEntry, SchemeVersion

from test_admin import app, drafts, row, seeded, sign_in, start_draft  # noqa: F401 (fixtures)


def in_two_threads(app, monkeypatch, hook: str, send):
    """Run send(client) in two threads at once; both wait at `hook` (a function of versions.py)
    until the other has reached it. Returns the two responses."""
    barrier = threading.Barrier(2, timeout=10)
    real = getattr(V, hook)

    def held(*a, **k):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return real(*a, **k)

    monkeypatch.setattr(V, hook, held)
    clients = [app.test_client(), app.test_client()]
    for c, name in zip(clients, ("bj", "bj2")):
        sign_in(c, name, lang="zh")
    out = [None, None]

    def go(i):
        out[i] = send(clients[i])

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    monkeypatch.setattr(V, hook, real)
    return out


def zh(msgid) -> str:
    """The message as the zh page shows it (HTML-escaped)."""
    with force_locale("zh"):
        return str(escape(gettext(str(msgid))))


def test_two_publishes_of_one_draft_at_once_one_wins_the_other_gets_a_translated_409(app, drafts, monkeypatch):
    did = drafts["beijing"]
    day = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    a, b = in_two_threads(app, monkeypatch, "validate", lambda c: c.post(
        f"/admin/zh/beijing/drafts/{did}/publish", data={"effective_from": day, "label": "race"}))
    codes = sorted(r.status_code for r in (a, b))
    assert codes == [302, 409], codes
    loser = a if a.status_code == 409 else b
    html = loser.get_data(as_text=True)
    with app.test_request_context():
        assert zh(VERSION_ERRORS["just_published"]) in html and '<html lang="zh-CN">' in html
    assert row(app, did) is None and row(app, "beijing-race").status == "published"
    with app.app_context():
        published = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "published")).scalars().all()
        assert [e.target for e in published] == ["beijing-race"]   # one publish, logged once


def test_two_publishes_for_the_same_date_from_two_drafts_never_answer_500(app, drafts, seeded, monkeypatch):
    from calculator.storage.models import User
    with app.app_context():
        second = V.start_draft("beijing", db.session.get(User, seeded["bj2"])).id
    day = (dt.date.today() + dt.timedelta(days=91)).isoformat()
    ids = iter([drafts["beijing"], second])
    lock = threading.Lock()

    def send(c):
        with lock:
            did = next(ids)
        return c.post(f"/admin/zh/beijing/drafts/{did}/publish", data={"effective_from": day, "label": f"d-{did}"})

    a, b = in_two_threads(app, monkeypatch, "validate", send)
    codes = sorted(r.status_code for r in (a, b))
    assert codes[0] == 302 and codes[1] in (409, 422), codes
    with app.app_context():
        on_day = db.session.execute(db.select(SchemeVersion).where(
            SchemeVersion.status == "published", SchemeVersion.effective_from == dt.date.fromisoformat(day))).scalars()
        assert len(list(on_day)) == 1


def test_two_draft_starts_at_once_get_two_different_ids_and_no_500(app, seeded, monkeypatch):
    a, b = in_two_threads(app, monkeypatch, "in_force", lambda c: c.post("/admin/zh/beijing/drafts"))
    assert {a.status_code, b.status_code} <= {302, 409}, (a.status_code, b.status_code)
    made = [r.headers["Location"].rsplit("/", 1)[1] for r in (a, b) if r.status_code == 302]
    assert len(set(made)) == len(made) >= 1
    for did in made:
        assert row(app, did).status == "draft"


def test_a_draft_id_is_never_given_again_after_publish_or_discard(app, seeded):
    c = app.test_client()
    sign_in(c, "bj")
    seen = []
    first = start_draft(c)
    seen.append(first.rsplit("/", 1)[1])
    day = (dt.date.today() + dt.timedelta(days=120)).isoformat()
    assert c.post(first + "/publish", data={"effective_from": day, "label": "p1"}).status_code == 302
    second = start_draft(c)
    seen.append(second.rsplit("/", 1)[1])
    assert c.post(second + "/discard").status_code == 302
    third = start_draft(c)
    seen.append(third.rsplit("/", 1)[1])
    assert len(set(seen)) == 3, seen
    # a tab still open on the discarded draft cannot write into the new one
    r = c.post(second, data={"lock_version": "1", "action": "save"})
    assert r.status_code == 409
    assert row(app, seen[2]).lock_version == 1
    with app.app_context():
        targets = [e.target for e in db.session.execute(
            db.select(AuditEntry).where(AuditEntry.action == "draft_started")).scalars()]
    assert targets == seen   # the audit log never mixes two drafts under one name


def test_a_second_publish_after_the_first_finished_is_a_409_not_a_404(app, drafts):
    c = app.test_client()
    sign_in(c, "bj", lang="zh")
    url = f"/admin/zh/beijing/drafts/{drafts['beijing']}/publish"
    day = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    assert c.post(url, data={"effective_from": day, "label": "twice"}).status_code == 302
    r = c.post(url, data={"effective_from": day, "label": "twice"})
    assert r.status_code == 409
    with app.test_request_context():
        assert zh(VERSION_ERRORS["just_published"]) in r.get_data(as_text=True)


@pytest.mark.parametrize("error", ["locked", "integrity"])
def test_a_start_that_meets_a_busy_database_is_a_409_and_writes_nothing(app, seeded, monkeypatch, error):
    from sqlalchemy.exc import IntegrityError, OperationalError
    exc = OperationalError("INSERT", {}, Exception("database is locked")) if error == "locked" else \
        IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    def fails():
        raise exc

    c = app.test_client()
    sign_in(c, "bj", lang="zh")
    with app.app_context():
        before = db.session.execute(db.select(db.func.count()).select_from(SchemeVersion)).scalar()
    monkeypatch.setattr(db.session, "commit", fails, raising=False)
    r = c.post("/admin/zh/beijing/drafts")
    monkeypatch.undo()
    assert r.status_code == 409
    with app.test_request_context():
        assert zh(VERSION_ERRORS["busy"]) in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(SchemeVersion)).scalar() == before


def test_an_upgraded_database_continues_after_every_draft_number_it_already_used(tmp_path):
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from calculator import create_app
    from calculator.storage.models import User
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}",
                      "SECRET_KEY": "t"})
    with app.app_context():
        upgrade(revision="0003")
        from calculator.core.policy import default_policy
        from calculator.storage.models import seed_schemes
        seed_schemes(default_policy())
        db.session.execute(sa.text(
            "INSERT INTO audit_log (at, username, city, action, target, diff) VALUES "
            "('2026-01-01 00:00:00', 'bj', 'beijing', 'draft_started', 'beijing-draft-7', '')"))
        db.session.commit()
        upgrade()
        u = User(username="bj", role="official", city="beijing")
        u.set_password("x" * 12)
        db.session.add(u)
        db.session.commit()
        assert V.start_draft("beijing", u).id == "beijing-draft-8"
        assert V.start_draft("shanghai", u, base=db.session.get(SchemeVersion, "shanghai-2015")).id \
            == "shanghai-draft-9"
