"""Today's date, in one place: pages, console and page cache ask here, and tests change the day by
patching `calculator.web.clock.today` instead of a route module."""
from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()
