#!/usr/bin/env bash
# Set up (first run only) and start the app on the embedded data at http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh requirements.txt
# The corrections schema is an explicit step (README, "Error reports"); on a first start with the
# default SQLite file, take it here. With $DATABASE_URL, run it yourself once per database.
if [ -z "${DATABASE_URL:-}" ] && [ ! -f "${CORRECTIONS_DB:-corrections.sqlite3}" ]; then
  .venv/bin/python -m sistercities.corrections init
fi
# Every setting is checked before the server starts: a bad value stops here, naming it.
.venv/bin/python -m sistercities.settings >/dev/null
# app.py serves the Streamlit pages and the web routes (/ties/, sitemap, feed, downloads).
exec .venv/bin/streamlit run app.py "$@"
