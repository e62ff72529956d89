#!/usr/bin/env bash
# Set up (Python packages and Debian's chromium), check the house (ruff lint and format, the import
# contracts in pyproject.toml) and run every test: unit, AppTest and browser.
# Browser screenshots land in test-artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_CHROMIUM=1 bash tools/setup.sh requirements-dev.txt
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
exec .venv/bin/python -m pytest "$@"
