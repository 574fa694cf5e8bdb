"""Impact simulation: cutoffs with ties admitted, shares among the admitted, who enters and who
leaves under a draft, CSV populations with row/column errors, and the CLI."""
import datetime as dt
import json

import numpy as np
import pytest

from calculator.core.errors import InputError
from calculator.populations.beijing_lists import LIST_PATH
from calculator.simulation.simulate import csv_template, population_from_csv, population_from_list, simulate
from calculator.simulation.synthetic import synthetic_population

AS_OF = dt.date(2022, 6, 30)


@pytest.fixture(scope="module")
def listpop(policy):
    s = policy.schemes["beijing-2020"]
    return population_from_list(LIST_PATH, policy.vocab, set(s.facts), 2022, AS_OF)


def test_whole_list_admitted_reproduces_the_published_cutoff_and_share(policy, listpop):
    rep = simulate(listpop, AS_OF, 6006, policy.schemes["beijing-2020"], policy.vocab)
    assert rep.published["cutoff"] == "105.42" and rep.published["admitted"] == 6006
    assert round(rep.published["main_share_admitted_mean"] * 100, 1) == 59.7


def test_half_the_quota_cuts_higher_and_admits_ties(policy, listpop):
    rep = simulate(listpop, AS_OF, 3000, policy.schemes["beijing-2020"], policy.vocab)
    p = rep.published
    assert float(p["cutoff"]) > 105.42 and p["admitted"] >= 3000
    assert p["admitted"] - p["tied_at_cutoff"] < 3000  # the excess over the quota is all ties
    assert p["pivotal_items"]["employment"] == p["admitted"]  # nobody gets in without insurance years
    assert sum(p["histogram"]["counts"]) == 6006


def test_draft_changes_who_enters_and_leaves(policy, listpop):
    rep = simulate(listpop, AS_OF, 3000, policy.schemes["beijing-2020"], policy.vocab,
                   draft=policy.schemes["beijing-2016"])
    c = rep.changes
    assert c["enter"] > 0 and c["leave"] > 0
    assert c["stay"] + c["leave"] == rep.published["admitted"]
    assert c["stay"] + c["enter"] == rep.draft["admitted"]
    by_edu = c["by"]["education"]
    assert sum(v["enter"] for v in by_edu.values()) == c["enter"]
    assert sum(v["published"] for v in c["by"]["age"].values()) == rep.published["admitted"]


def test_synthetic_population_is_seeded():
    from calculator.core.policy import default_policy
    v = default_policy().vocab
    a, b = synthetic_population(1000, v, seed=3), synthetic_population(1000, v, seed=3)
    assert all(np.array_equal(a.cols[k], b.cols[k]) for k in a.cols)
    assert not np.array_equal(a.cols["social_insurance_months"],
                              synthetic_population(1000, v, seed=4).cols["social_insurance_months"])


def test_csv_template_round_trips_and_scores(policy):
    s = policy.schemes["beijing-2020"]
    facts = sorted(s.facts)
    text = csv_template(facts, policy.vocab)
    pop = population_from_csv(text, policy.vocab, set(s.facts), AS_OF)
    assert pop.n == 1
    rep = simulate(pop, AS_OF, 1, s, policy.vocab)
    assert rep.published["admitted"] == 1


def test_csv_errors_name_the_row_and_column(policy):
    s = policy.schemes["beijing-2020"]
    good = "birth_date,sex,social_insurance_months,education\n1985-06-15,female,100,bachelor\n"
    with pytest.raises(InputError) as e:
        population_from_csv(good + "1985-13-01,female,lots,phd\n", policy.vocab, set(s.facts), AS_OF)
    fields = {(err.field, err.code) for err in e.value.errors}
    assert ("row 3.birth_date", "not_a_date") in fields and ("row 3.social_insurance_months", "not_integer") in fields
    assert ("row 3.education", "not_in_choices") in fields
    with pytest.raises(InputError) as e:
        population_from_csv("birth_date,salary\n1985-06-15,1\n", policy.vocab, set(s.facts), AS_OF)
    assert e.value.errors[0].field == "column salary"


def test_cli_simulate_json(runner):
    out = runner.invoke(args=["simulate", "beijing", "--population", "beijing-2022", "--quota", "3000",
                              "--as-of", "2022-06-30", "--draft", "beijing-2016", "--json"])
    assert out.exit_code == 0, out.output
    d = json.loads(out.output)
    assert d["population"] == 6006 and d["published"]["scheme"] == "beijing-2020"
    assert d["draft"]["scheme"] == "beijing-2016" and d["changes"]["enter"] > 0
    assert any("admitted people only" in n for n in d["notes"])


def test_cli_simulate_reports_csv_errors(runner, tmp_path):
    f = tmp_path / "pop.csv"
    f.write_text("birth_date,sex,social_insurance_months,education\n1985-06-15,female,-5,bachelor\n")
    out = runner.invoke(args=["simulate", "beijing", "--population", str(f), "--quota", "10", "--as-of", "2022-06-30"])
    assert out.exit_code == 2 and "row 2.social_insurance_months" in out.output
