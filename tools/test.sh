#!/usr/bin/env bash
# Set up (Python packages and Debian's chromium) and run every test: unit, AppTest and browser.
# Browser screenshots land in test-artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_CHROMIUM=1 bash tools/setup.sh requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
