#!/usr/bin/env bash
# Set up a fresh machine and run the whole test suite. Idempotent: reuses .venv when present.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`: it downloads
# a browser). CJK fonts let pages and PDFs render Chinese and Japanese. The PDF tests render pages
# to images with poppler's pdftoppm.
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
   || ! (fc-list 2>/dev/null | grep -i "noto.*cjk" >/dev/null); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
fi

export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
