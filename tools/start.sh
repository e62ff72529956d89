#!/usr/bin/env bash
# Set up (first run only) and start the app on the embedded data at http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh requirements.txt
exec .venv/bin/streamlit run dashboard.py "$@"
