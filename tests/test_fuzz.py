"""Fuzzing with Hypothesis: whatever the facts or scheme documents, the engine answers with a
result or a clear error, never an exception; the web layer answers 4xx, never 500."""
import copy
import datetime as dt
import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.core.errors import InputError, SchemeError
from calculator.core.schemes import load_scheme

# `make fuzz` multiplies every example count (FUZZ_SCALE=20) for a long run outside CI.
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))


def runs(n: int):
    return settings(max_examples=n * SCALE, deadline=None, suppress_health_check=list(HealthCheck))


FAST = runs(150)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                         st.text(max_size=12), st.sampled_from(["1975-06-15", "2030-01-01", "0000-00-00", "-1", "1e9"]))
json_values = st.recursive(json_scalars, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
                           max_leaves=6)


@FAST
@given(data=st.data())
def test_engine_never_raises_on_arbitrary_facts(policy, data):
    city = data.draw(st.sampled_from(sorted({s.city for s in policy.schemes.values()})))
    names = sorted(policy.vocab.defs) + ["unknown_fact"]
    facts = data.draw(st.dictionaries(st.sampled_from(names), json_values, max_size=12))
    if data.draw(st.booleans()):
        facts = data.draw(json_values)
    day = data.draw(st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)))
    try:
        result, expl = policy.evaluate(city, facts, day)
    except InputError as e:
        assert e.errors and all(err.code for err in e.errors)
    else:
        assert result.total is not None and expl is not None


def mutate(doc, draw):
    """Replace one value somewhere in the document with an arbitrary JSON value."""
    doc = copy.deepcopy(doc)
    node = doc
    for _ in range(draw(st.integers(1, 6))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node, key=str)))
            if isinstance(node[key], (dict, list)) and draw(st.booleans()):
                node = node[key]
                continue
            node[key] = draw(json_values)
            return doc
        if isinstance(node, list) and node:
            i = draw(st.integers(0, len(node) - 1))
            if isinstance(node[i], (dict, list)) and draw(st.booleans()):
                node = node[i]
                continue
            node[i] = draw(json_values)
            return doc
        break
    return doc


@FAST
@given(data=st.data())
def test_scheme_loader_never_raises_anything_but_scheme_error(policy, data):
    base = policy.schemes[data.draw(st.sampled_from(sorted(policy.schemes)))]
    doc = mutate(base.document, data.draw)
    try:
        scheme = load_scheme(doc, policy.vocab)
    except SchemeError as e:
        assert e.problems
        return
    # a scheme that loads can score a valid applicant
    from calculator.core.scoring import score
    facts = policy.vocab.validate({"birth_date": "1985-05-05", "sex": "female", "social_insurance_months": 100,
                                   "education": "bachelor"}, dt.date(2024, 6, 1), needed=set(scheme.facts))
    score(scheme, facts, dt.date(2024, 6, 1))


@runs(80)
@given(body=json_values, lang=st.sampled_from(["zh", "en", "xx"]))
def test_api_never_answers_500(client, body, lang):
    for path in ("/api/v1/score", "/api/v1/compare", "/api/v1/explain"):
        r = client.post(f"{path}?lang={lang}", json=body)
        assert r.status_code < 500, (path, body, r.data[:300])


@runs(60)
@given(query=st.dictionaries(st.sampled_from(["birth_date", "sex", "social_insurance_months", "education",
                                              "as_of", "scheme", "residence_owned_days", "social_insurance_months_since",
                                              "lang", "x"]), st.text(max_size=12), max_size=6),
       city=st.sampled_from(["beijing", "shenzhen", "kunming", "atlantis"]), lang=st.sampled_from(["zh", "en"]))
def test_public_pages_never_answer_500(client, query, city, lang):
    for page in (f"/{lang}/{city}/", f"/{lang}/{city}/result", f"/{lang}/compare"):
        r = client.get(page, query_string=query)
        assert r.status_code < 500, (page, query, r.data[:300])


def test_interrupted_publish_leaves_the_previous_version_in_force(app, monkeypatch):
    from calculator.storage import versions as V
    from calculator.core.policy import default_policy
    from calculator.web.extensions import db
    from calculator.storage.models import User, seed_schemes
    seed_schemes(default_policy())
    u = User(username="a", role="admin", active=True)
    u.set_password("x" * 12)
    db.session.add(u)
    db.session.commit()
    draft = V.start_draft("beijing", u)
    real_commit = db.session.commit

    def crash():
        raise RuntimeError("power cut")
    monkeypatch.setattr(db.session, "commit", crash)
    with pytest.raises(RuntimeError):
        V.publish(draft.id, dt.date(2020, 6, 1), "2020b", u)
    db.session.rollback()
    monkeypatch.setattr(db.session, "commit", real_commit)
    assert V.in_force("beijing", dt.date(2022, 6, 1)).id == "beijing-2020"
    assert db.session.get(type(draft), draft.id).status == "draft"  # the draft is still there


def test_concurrent_publishes_serialize(app):
    """Two officials publish different drafts for the same date at once: exactly one wins."""
    from calculator.storage import versions as V
    from calculator.core.policy import default_policy
    from calculator.web.extensions import db
    from calculator.storage.models import User, seed_schemes
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and ":memory:" in app.config["SQLALCHEMY_DATABASE_URI"]:
        pytest.skip("needs a shared database")
    seed_schemes(default_policy())
    u = User(username="a", role="admin", active=True)
    u.set_password("x" * 12)
    db.session.add(u)
    db.session.commit()
    d1, d2 = V.start_draft("beijing", u).id, V.start_draft("beijing", u).id
    outcomes = []
    barrier = threading.Barrier(2)

    def go(draft_id, label):
        with app.app_context():
            user = db.session.get(User, u.id)
            barrier.wait()
            try:
                V.publish(draft_id, dt.date(2033, 1, 1), label, user)
                outcomes.append("ok")
            except Exception as e:  # the loser: refused by the check or by the database
                db.session.rollback()
                outcomes.append(type(e).__name__)
            finally:
                db.session.remove()
    threads = [threading.Thread(target=go, args=(d1, "2033a")), threading.Thread(target=go, args=(d2, "2033b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    published = [r for r in V.versions("beijing") if r.status == "published" and r.effective_from == dt.date(2033, 1, 1)]
    assert len(published) == 1


# Found by `make fuzz` (FUZZ_SCALE=100): '¹' passed str.isdigit() and then made int() raise, a 500
# on the result page. Each is now the field error a person can act on.
@pytest.mark.parametrize("raw, code", [("¹", "not_integer"), ("²³", "not_integer"), ("-¹", "not_integer"),
                                       ("9" * 5000, "out_of_range"), ("1.5", "not_integer")])
def test_integers_int_would_refuse_are_field_errors(policy, raw, code):
    with pytest.raises(InputError) as exc:
        policy.vocab.validate({"social_insurance_months": raw}, dt.date(2022, 6, 30),
                              needed={"social_insurance_months"})
    assert [(e.field, e.code) for e in exc.value.errors] == [("facts.social_insurance_months", code)]


def test_full_width_digits_typed_on_a_phone_count_as_digits(policy):
    day = dt.date(2022, 6, 30)
    assert policy.vocab.validate({"social_insurance_months": "１７４"}, day,
                                 needed={"social_insurance_months"}) == {"social_insurance_months": 174}


def test_a_superscript_digit_on_the_result_page_is_a_400_with_the_message(client):
    r = client.get("/en/beijing/result?birth_date=1975-06-15&sex=male&social_insurance_months=%C2%B9")
    assert r.status_code == 400 and "Enter a whole number." in r.get_data(as_text=True)
