#!/usr/bin/env bash
# One command for a fresh Debian/Ubuntu machine: install what notice_kit needs and build
# the seed notice's full package into out/yangzhou-2024-q3/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
python3 -m pip install --quiet --disable-pip-version-check -e '.[dev]'
python3 -m notice_kit.cli build examples/yangzhou-2024-q3/notice.yaml -o out/yangzhou-2024-q3
