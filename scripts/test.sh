#!/usr/bin/env bash
# Set up votedesk if needed, then run the whole test suite (Qt offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Shanghai
exec .venv/bin/python -m pytest -p no:cacheprovider -q "$@"
