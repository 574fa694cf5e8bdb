"""Scheme versions in the database: drafts, optimistic locking, publishing by date, rollback,
audit, YAML round trip, export/import, and the public API following what is published."""
import datetime as dt

import pytest

from calculator.core.errors import SchemeError
from calculator.web.extensions import db
from calculator.storage.models import AuditEntry, SchemeVersion, seed_schemes
from calculator.core.policy import default_policy
from calculator.storage import versions as V

FACTS = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
         "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
         "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
         "income_tax_years_over_100k": 1}


@pytest.fixture
def seeded(beijing_official):
    return beijing_official


def raise_employment(doc, per_year):
    for it in doc["items"]:
        if it["id"] == "employment":
            it["rule"]["per_year"] = per_year
    return doc


def test_draft_publish_and_public_api_follow_the_date(client, seeded):
    draft = V.start_draft("beijing", seeded)
    assert draft.based_on == "beijing-2020" and draft.status == "draft"
    V.save_draft(draft.id, raise_employment(draft.doc, 4), draft.lock_version, seeded)
    pub = V.publish(draft.id, dt.date(2030, 1, 1), "2030", seeded)
    assert pub.id == "beijing-2030" and db.session.get(SchemeVersion, draft.id) is None
    before = client.post("/api/v1/score", json={"city": "beijing", "as_of": "2029-12-31", "facts": FACTS}).get_json()
    after = client.post("/api/v1/score", json={"city": "beijing", "as_of": "2030-01-01", "facts": FACTS}).get_json()
    assert before["scheme"]["id"] == "beijing-2020"
    assert after["scheme"]["id"] == "beijing-2030"
    emp = {i["id"]: i["points"] for i in after["items"]}["employment"]
    assert emp == "58.00"  # 174 months x 4/12
    actions = [a.action for a in db.session.execute(db.select(AuditEntry)).scalars()]
    assert actions == ["draft_started", "draft_saved", "published"]
    saved = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "draft_saved")).scalar()
    changed = [l[0] + l[1:].strip() for l in saved.diff.splitlines() if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    assert changed == ["-per_year: 3", "+per_year: 4"]


def test_published_versions_are_immutable(seeded):
    row = db.session.get(SchemeVersion, "beijing-2020")
    row.document = "{}"
    with pytest.raises(ValueError, match="published"):
        db.session.commit()
    db.session.rollback()


def test_second_save_of_the_same_draft_is_refused_and_nothing_is_lost(seeded):
    draft = V.start_draft("beijing", seeded)
    read_by_a = draft.lock_version
    read_by_b = draft.lock_version
    V.save_draft(draft.id, raise_employment(draft.doc, 4), read_by_a, seeded)
    with pytest.raises(V.StaleDraft):
        V.save_draft(draft.id, raise_employment(draft.doc, 5), read_by_b, seeded)
    kept = db.session.get(SchemeVersion, draft.id)
    assert [i for i in kept.doc["items"] if i["id"] == "employment"][0]["rule"]["per_year"] == 4


def test_invalid_draft_is_refused_with_paths_and_not_saved(seeded):
    draft = V.start_draft("beijing", seeded)
    doc = raise_employment(draft.doc, "three")
    with pytest.raises(SchemeError) as e:
        V.save_draft(draft.id, doc, draft.lock_version, seeded)
    assert any(p == "items[0].rule.per_year" for p, _ in e.value.problems)
    assert db.session.get(SchemeVersion, draft.id).checksum == draft.checksum


def test_rollback_publishes_a_copy_of_an_older_version(seeded):
    pub = V.rollback("beijing-2016", dt.date(2031, 1, 1), "2031-rollback", seeded)
    assert pub.doc["items"] == db.session.get(SchemeVersion, "beijing-2016").doc["items"]
    assert V.in_force("beijing", dt.date(2031, 6, 1)).id == "beijing-2031-rollback"
    assert V.in_force("beijing", dt.date(2025, 6, 1)).id == "beijing-2020"


def test_publish_refuses_a_taken_label_or_date(seeded):
    d = V.start_draft("beijing", seeded)
    with pytest.raises(V.VersionError) as e:
        V.publish(d.id, dt.date(2020, 1, 1), "2099", seeded)
    assert e.value.code == "date_taken"
    with pytest.raises(V.VersionError) as e:
        V.publish(d.id, dt.date(2040, 1, 1), "2020", seeded)
    assert e.value.code == "label_taken"
    assert V.in_force("beijing", dt.date(2041, 1, 1)).id == "beijing-2020"


def test_yaml_round_trips_exactly(seeded):
    for row in db.session.execute(db.select(SchemeVersion)).scalars():
        assert V.from_yaml(V.to_yaml(row.doc)) == row.doc


def test_export_then_import_into_an_empty_database_is_identical(app, seeded):
    data = V.export_all()
    db.session.query(SchemeVersion).delete()
    db.session.commit()
    V.import_all(data)
    assert V.export_all() == data
    with pytest.raises(V.VersionError):
        V.import_all(data)


def test_history_diff_between_two_versions(seeded):
    text = V.compare_versions("beijing-2016", "beijing-2020")
    assert text.startswith("--- beijing-2016\n+++ beijing-2020")
    assert "cap_round_up_places" in text


def test_corrected_shipped_files_update_shipped_versions_only(seeded):
    import copy
    from calculator.core.policy import Policy
    from calculator.core.schemes import load_scheme
    base = default_policy()
    doc = copy.deepcopy(base.schemes["beijing-2020"].document)
    doc["notes"] = {"zh": "更正", "en": "corrected"}
    fixed = Policy(base.vocab, base.cities, [load_scheme(doc, base.vocab)])
    draft = V.start_draft("beijing", seeded)
    V.publish(draft.id, dt.date(2035, 1, 1), "2035", seeded)
    seed_schemes(fixed)
    assert db.session.get(SchemeVersion, "beijing-2020").doc["notes"]["en"] == "corrected"
    assert db.session.get(SchemeVersion, "beijing-2035").doc["notes"]["en"] != "corrected"
    assert db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "shipped_update")).scalar()
