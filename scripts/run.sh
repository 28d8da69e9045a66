#!/usr/bin/env bash
# Set up votedesk if needed, then start the app with a copy of the demo election.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/votedesk --demo "$@"
