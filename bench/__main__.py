"""Every benchmark in one run: exports, then pages, reruns, sizes and concurrent sessions, then the
open web (tie pages against the Streamlit pages, and the static edition under nginx).

.venv/bin/python -m bench            # the full run recorded in docs/benchmarks.md (about 25 minutes)
.venv/bin/python -m bench --quick    # a smoke run: fewer repeats, 10,000 pairs at most, 5 sessions
"""

from __future__ import annotations

import subprocess
import sys

quick = "--quick" in sys.argv[1:]
subprocess.run([sys.executable, "-m", "bench.exports", "--repeat", "3" if quick else "7"], check=True)
subprocess.run([sys.executable, "-m", "bench.pages", *(["--quick"] if quick else [])], check=True)
subprocess.run([sys.executable, "-m", "bench.web", *(["--quick"] if quick else [])], check=True)
