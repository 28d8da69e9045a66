#!/usr/bin/env bash
# Set up votedesk if needed, then run the test suite (Qt offscreen): the default tier, or with --slow also the slow
# tier (tests marked slow, Hypothesis' larger 'ci' profile) in the same pytest run; CI passes --slow. Other
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Shanghai
exec .venv/bin/python -m pytest -p no:cacheprovider -q "$@"
