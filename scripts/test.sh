#!/usr/bin/env bash
# Run the whole test suite from a clean clone: installs what it needs first (quietly, and
# quickly when it is already there), then pytest with real LibreOffice conversions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
python3 -m pip install --quiet --disable-pip-version-check -e '.[dev]'
exec python3 -m pytest -q "$@"
