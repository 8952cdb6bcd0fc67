#!/usr/bin/env bash
# Runs a command against a fresh local Spark Connect + Delta server, then stops the server whatever happens.
#
# Usage: scripts/with-server.sh [--no-delta-connect] CMD [ARGS...]
#   e.g. scripts/with-server.sh mocha --config test/integration/.mocharc.json
#   --no-delta-connect  a stock delta-spark server without our Delta Connect plugin (see start-server.sh)
# Provisions first (quiet when already done), starts a server on a free port with a fresh temporary data dir, and
# runs CMD with these variables exported:
#   SPARK_REMOTE=sc://127.0.0.1:<port>  DCE_SERVER_PORT  DCE_SERVER_DATA_DIR  DCE_SERVER_LOG  DCE_SERVER_PID
#   DCE_SERVER_DELTA_CONNECT (1 with the plugin, 0 without)
# Exits with CMD's status. The data dir is deleted afterwards when CMD succeeded, kept (and named) when it failed.
# Env: DCE_SERVER_CONFS   extra server confs, space-separated key=value items, e.g.
#                         "spark.sql.session.timeZone=UTC spark.connect.authenticate.token=secret"
#      DCE_KEEP_SERVER_DATA=1   keep the data dir (server.log, warehouse) even on success
#      DCE_SERVER_DELTA_CONNECT=0  same as --no-delta-connect
#      DCE_SERVER_MASTER   a Spark master URL for the server (scripts/start-cluster.sh), else local[*]
#      plus everything start-server.sh reads (DCE_SERVER_DRIVER_MEMORY, DCE_SERVER_START_TIMEOUT, ...).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; die "with-server.sh: no command given"; }
case "$1" in -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
if [ "$1" = --no-delta-connect ]; then DCE_SERVER_DELTA_CONNECT=0; shift; fi
export DCE_SERVER_DELTA_CONNECT="${DCE_SERVER_DELTA_CONNECT:-1}"
[ $# -ge 1 ] || die "with-server.sh: no command given"

bash "$DCE_REPO_DIR/scripts/provision-server.sh" --quiet

CONF_ARGS=()
for c in ${DCE_SERVER_CONFS:-}; do CONF_ARGS+=(--conf "$c"); done
[ -z "${DCE_SERVER_MASTER:-}" ] || CONF_ARGS+=(--master "$DCE_SERVER_MASTER")

DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dce-server.XXXXXX")"
RC=1
cleanup() {
  trap - EXIT INT TERM
  bash "$DCE_REPO_DIR/scripts/stop-server.sh" --data-dir "$DATA_DIR" || true
  if [ "$RC" = 0 ] && [ "${DCE_KEEP_SERVER_DATA:-0}" != 1 ]; then
    rm -rf "$DATA_DIR"
  else
    log "kept the server's data dir $DATA_DIR (log: $DATA_DIR/server.log)"
  fi
  exit "$RC"
}
CHILD=""
on_signal() { # forward to CMD, then stop the server (via the EXIT trap) without waiting for CMD to notice
  RC=$1
  [ -z "$CHILD" ] || kill -"$2" "$CHILD" 2>/dev/null || true
  exit "$RC"
}
trap cleanup EXIT
trap 'on_signal 130 INT' INT
trap 'on_signal 143 TERM' TERM

# Not 15002: leave that one to a developer's own server (npm start).
START_OUT="$(DCE_SKIP_PROVISION=1 bash "$DCE_REPO_DIR/scripts/start-server.sh" \
  --port "$(free_port)" --data-dir "$DATA_DIR" ${CONF_ARGS[@]+"${CONF_ARGS[@]}"})"
DCE_SERVER_PORT="$(sed -n 's/^PORT=//p' <<<"$START_OUT")"
DCE_SERVER_PID="$(sed -n 's/^PID=//p' <<<"$START_OUT")"
[ -n "$DCE_SERVER_PORT" ] || die "start-server.sh printed no PORT= line"
export SPARK_REMOTE="sc://127.0.0.1:$DCE_SERVER_PORT"
export DCE_SERVER_PORT DCE_SERVER_PID DCE_SERVER_DATA_DIR="$DATA_DIR" DCE_SERVER_LOG="$DATA_DIR/server.log"

# In the background (stdin kept) so that a signal to this script is handled at once.
"$@" <&0 &
CHILD=$!
set +e
wait "$CHILD"
RC=$?
set -e
CHILD=""
exit "$RC"
