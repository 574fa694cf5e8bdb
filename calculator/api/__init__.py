"""JSON API v1: cities, schemes, score, compare, explain, and its OpenAPI 3.1 document.

Read-only by nature (scoring changes nothing), so CORS is open and no cookie is used. Bad input
answers application/problem+json with field paths in the requested language, never 500; each
client is rate-limited (429 with Retry-After).
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import routes  # noqa: E402,F401  (routes register on bp)
