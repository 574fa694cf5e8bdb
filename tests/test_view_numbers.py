"""The result page's quicker number formatter writes exactly what core.numbers.fmt writes."""
from decimal import Decimal

import pytest

from calculator.core.numbers import fmt
from calculator.wording.verdict_text import points_formatter

VALUES = ["0", "-0", "-0.001", "-0.005", "0.005", "0.015", "0.025", "105.425", "-105.425", "117.3349",
          "1e3", "-1E-9", "99999.995", "12", "-12.5", "0.0000001", "123456789.123456789"]


@pytest.mark.parametrize("places", range(0, 9))
def test_points_formatter_equals_fmt(places):
    n = points_formatter(places)
    for v in VALUES:
        assert n(Decimal(v)) == fmt(Decimal(v), places), (v, places)
