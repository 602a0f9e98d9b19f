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

export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
