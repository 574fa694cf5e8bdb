"""The CLI: flask score prints the breakdown (and the API's JSON); flask schemes check validates."""
import json
import shutil

from calculator.core.policy import DATA_DIR

FACTS = {"birth_date": "1975-06-15", "sex": "male", "holds_residence_permit": True,
         "social_insurance_months": 174, "residence_owned_days": 4532, "education": "master",
         "degree": "master", "study_overlap_months": 36, "relocated_job_and_residence_years": 4,
         "income_tax_years_over_100k": 1}


def test_score_prints_breakdown(runner, tmp_path):
    f = tmp_path / "facts.json"
    f.write_text(json.dumps(FACTS))
    out = runner.invoke(args=["score", "beijing", "--facts", str(f), "--as-of", "2022-06-30", "--lang", "en"])
    assert out.exit_code == 0, out.output
    assert "105.42" in out.output and "Stable legal employment" in out.output and "43.50" in out.output
    lines = out.output.splitlines()
    # the verdict leads, in words, with the figures it states
    assert lines[0] == "Below the last cutoff: 105.42 points, 11.91 points (10.2%) under the 2025 cutoff of 117.33."
    assert "first reaches the 2025 cutoff (117.33) in the round of 2030-06-30, aged 55" in lines[1]


def test_score_leads_with_the_verdict_in_chinese(runner, tmp_path):
    f = tmp_path / "facts.json"
    f.write_text(json.dumps(FACTS))
    out = runner.invoke(args=["score", "beijing", "--facts", str(f), "--as-of", "2022-06-30", "--lang", "zh"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0] == "低于最近一次分数线：您的积分为105.42分，比2025年分数线117.33分低11.91分（10.2%）。"


def test_score_json_equals_api(runner, client, tmp_path):
    f = tmp_path / "facts.json"
    f.write_text(json.dumps(FACTS))
    out = runner.invoke(args=["score", "beijing", "--facts", str(f), "--as-of", "2022-06-30", "--json", "--lang", "en"])
    api = client.post("/api/v1/score", json={"city": "beijing", "as_of": "2022-06-30", "facts": FACTS, "lang": "en"})
    assert json.loads(out.output) == api.get_json()


def test_score_bad_facts_exit_2_with_message(runner, tmp_path):
    f = tmp_path / "facts.json"
    f.write_text(json.dumps(dict(FACTS, education="phd")))
    out = runner.invoke(args=["score", "beijing", "--facts", str(f), "--as-of", "2022-06-30", "--lang", "en"])
    assert out.exit_code == 2 and "facts.education: Choose one of" in out.output


def test_schemes_check_passes_on_shipped_data(runner):
    out = runner.invoke(args=["schemes", "check"])
    assert out.exit_code == 0, out.output
    assert "beijing-2020.yaml" in out.output


def test_schemes_check_reports_a_broken_file(runner, tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    bad = tmp_path / "data" / "schemes" / "beijing-2020.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("per_year: 3}", "per_year: three}"), encoding="utf-8")
    out = runner.invoke(args=["schemes", "check", "--dir", str(tmp_path / "data")])
    assert out.exit_code == 1
    assert "items[0].rule.per_year" in out.output
