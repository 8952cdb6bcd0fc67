#!/usr/bin/env bash
# Starts Sail (pysail), a Spark Connect server written in Rust, on 127.0.0.1, waits until it answers, and prints on
# stdout what scripts/start-server.sh prints: PORT=  PID=  DATA_DIR=  LOG=. Stop it with scripts/stop-server.sh.
#
# Usage: scripts/matrix/start-sail.sh [--server sail|sail-0.6] [--port N] [--data-dir DIR] [--timeout SECONDS]
# Sail keeps its catalog in memory, per session; a client that creates managed tables sets spark.sql.warehouse.dir to
# an absolute folder first (Sail's default, spark-warehouse, is relative and refused for Delta tables).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
. "$DCE_REPO_DIR/scripts/matrix/servers.sh"

ID=sail; PORT=""; DATA_DIR=""; TIMEOUT="${DCE_SERVER_START_TIMEOUT:-60}"
while [ $# -gt 0 ]; do
  case "$1" in
    --server) ID=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --data-dir) DATA_DIR=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "start-sail.sh: unknown argument '$1'" ;;
  esac
done
VERSION=$(matrix_sail_version "$ID") || die "start-sail.sh: '$ID' is not a Sail of the matrix (scripts/matrix/servers.sh)"
SAIL_VENV_DIR=$(sail_venv_dir "$VERSION")
[ "${DCE_SKIP_PROVISION:-0}" = 1 ] || bash "$DCE_REPO_DIR/scripts/provision-matrix.sh" --quiet "$ID"
[ -x "$SAIL_VENV_DIR/bin/sail" ] || die "Sail $VERSION is not provisioned; run scripts/provision-matrix.sh $ID"
if [ -z "$DATA_DIR" ]; then DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dce-sail.XXXXXX")"; else mkdir -p "$DATA_DIR"; DATA_DIR="$(cd "$DATA_DIR" && pwd)"; fi
[ -n "$PORT" ] || PORT=$(free_port)
port_in_use "$PORT" && die "port $PORT on 127.0.0.1 is already in use"
LOG_FILE="$DATA_DIR/server.log"
mkdir -p "$DATA_DIR/warehouse"
log "starting Sail $VERSION on 127.0.0.1:$PORT (data dir $DATA_DIR, log $LOG_FILE)"
(
  cd "$DATA_DIR"
  export RUST_LOG="${RUST_LOG:-warn,sail_cli=info}"
  exec setsid "$SAIL_VENV_DIR/bin/sail" spark server --ip 127.0.0.1 --port "$PORT" -C "$DATA_DIR" </dev/null >>"$LOG_FILE" 2>&1
) &
PID=$!
printf '%s\n%s\n' "$PID" "$PORT" >"$DATA_DIR/server.pid"
deadline=$(( $(date +%s) + TIMEOUT ))
until port_in_use "$PORT"; do
  kill -0 "$PID" 2>/dev/null || { tail -n 20 "$LOG_FILE" >&2; rm -f "$DATA_DIR/server.pid"; die "Sail exited during startup; log: $LOG_FILE"; }
  if [ "$(date +%s)" -ge "$deadline" ]; then
    bash "$DCE_REPO_DIR/scripts/stop-server.sh" --data-dir "$DATA_DIR" >&2 || true
    die "Sail did not listen within ${TIMEOUT}s; log: $LOG_FILE"
  fi
  sleep 0.2
done
log "Sail ready on sc://127.0.0.1:$PORT (pid $PID)"
echo "PORT=$PORT"; echo "PID=$PID"; echo "DATA_DIR=$DATA_DIR"; echo "LOG=$LOG_FILE"
