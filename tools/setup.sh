#!/usr/bin/env bash
# Idempotent set-up on a fresh Debian machine with Python 3.11: a virtualenv in .venv with the
# pinned packages. Usage: tools/setup.sh [requirements file]. Root (or sudo) is needed only to
# install Debian packages that are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"

apt_install() {
  local runner=""
  [ "$(id -u)" -eq 0 ] || runner="sudo"
  $runner apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $runner apt-get install -y -qq "$@"
}

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  apt_install python3-venv
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=".venv/.installed-$(cat "$requirements" requirements.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$requirements"
  touch "$stamp"
fi
if [ "${NEED_CHROMIUM:-0}" = "1" ] && ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium fonts-dejavu-core
fi
