#!/usr/bin/env bash
# Rebuild both catalogues after merging branches: extract, merge, fill English, then re-apply
# every branch's Chinese (translations/pending/*.json) and compile. Reports what is left.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/flask --app wsgi translate update >/dev/null
for f in translations/pending/*.json; do .venv/bin/python tools/po_set.py zh "$f" >/dev/null; done
.venv/bin/python tools/po_set.py zh /dev/stdin <<< '{}'
.venv/bin/pybabel compile -d translations >/dev/null
