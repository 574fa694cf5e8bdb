"""Beijing's official 2022 list: every one of the 6,006 admitted applicants, scored from facts that
produce their items under the 2020 revision, gives exactly the published items and total."""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from calculator.core.scoring import score
from calculator.populations.beijing_lists import ITEM_COLUMNS, facts_for_row, read_list

LIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "beijing-admitted-2022.csv"
AS_OF = dt.date(2022, 6, 30)


@pytest.fixture(scope="module")
def scored(policy):
    if not LIST.exists():
        pytest.fail(f"the official list is missing: {LIST}")
    scheme = policy.resolve("beijing", AS_OF)
    assert scheme.id == "beijing-2020"
    rows = read_list(LIST)
    out = []
    for row in rows:
        facts = policy.vocab.validate(facts_for_row(row, 2022), AS_OF, needed=set(scheme.facts))
        out.append((row, score(scheme, facts, AS_OF)))
    return out


def test_all_6006_rows_reproduce_items_and_total(scored):
    assert len(scored) == 6006
    mismatches = []
    for row, result in scored:
        got = {i.item.id: i.points for i in result.items}
        for col in ITEM_COLUMNS:
            if got[col] != Decimal(row[col]):
                mismatches.append((row["rank"], col, row[col], str(got[col])))
        if result.total != Decimal(row["total"]):
            mismatches.append((row["rank"], "total", row["total"], str(result.total)))
        assert result.eligible, f"rank {row['rank']} was admitted but scores as ineligible"
    assert mismatches == [], mismatches[:10]


def test_mean_social_insurance_and_residence_share_is_59_7_percent(scored):
    shares = [r.main_share for _, r in scored]
    mean = sum(shares) / len(shares)
    assert (mean * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) == Decimal("59.7")
    assert min(shares) < Decimal("0.33") and max(shares) > Decimal("0.86")  # 32.1% .. 86.8%


def test_lowest_admitted_total_is_the_published_cutoff(scored, policy):
    lowest = min(r.total for _, r in scored)
    cut = next(c for c in policy.schemes["beijing-2020"].cutoffs if c.round == 2022)
    assert lowest == cut.points == Decimal("105.42")
