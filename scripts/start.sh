#!/usr/bin/env bash
# `npm start`: try the extension in a real VS Code in your browser, against a local Spark Connect + Delta server.
# Installs what is missing (npm dependencies, the server's runtime, code-server), then runs scripts/e2e/start.mjs:
# builds + packages the .vsix, installs it into a persistent profile ($DCE_CACHE_DIR/start-profile), starts the
# server with a persistent data dir ($DCE_CACHE_DIR/start-server-data), creates sample Delta tables (schema
# `samples`) once, starts code-server on 127.0.0.1 and prints the address to open. Ctrl+C (or SIGTERM) stops
# code-server and the server. Works without a TTY.
#
# Env: DCE_START_PORT         code-server's port (default: a free one)
#      DCE_START_SERVER_PORT  the Spark server's port (default 15002, or a free one when taken)
#      DCE_CACHE_DIR          the per-user cache (default ~/.cache/delta-connect-explorer)
#      DCE_CODE_SERVER_DIR    where code-server is installed (default $DCE_CACHE_DIR/vscode)
#      DCE_START_DIR          where start-profile, start-server-data and the lock live (default $DCE_CACHE_DIR)
# Options: --reset-samples    drop the schema `samples` (every change made to the sample tables) and create it again
set -euo pipefail
# the "ready" line counts from here, set-up included
export DCE_START_T0_MS="${DCE_START_T0_MS:-$(date +%s%3N)}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DCE_REPO_DIR"
case "${1:-}" in -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

export DCE_CODE_SERVER_DIR="${DCE_CODE_SERVER_DIR:-$DCE_CACHE_DIR/vscode}"
bash scripts/setup.sh --for start
require_java17
bash scripts/provision-server.sh --quiet

export DCE_CACHE_DIR
# exec: node receives Ctrl+C / SIGTERM itself and stops everything it started
exec node scripts/e2e/start.mjs "$@"
