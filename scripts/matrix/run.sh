#!/usr/bin/env bash
# The server matrix stage of `npm test`: for each server of scripts/matrix/servers.sh, one at a time, provisions it
# (cached), starts it on a free port, runs the lean suite (test/matrix) against it and stops it; then prints the
# server × feature table (and the server × Delta operation table). Exits non-zero when any suite failed. The
# "cluster" server is Spark 4.2 + Delta 4.4 + our plugin submitted to a standalone cluster (a master and two workers);
# besides the lean suite, the integration suite (test/integration) runs on it.
#
# Usage: scripts/matrix/run.sh [ID...]        (default: every server; e.g. scripts/matrix/run.sh spark-3.5 sail)
# Env: DCE_MATRIX_DRIVER_MEMORY (1536m), DCE_MATRIX_TABLE (a file to write the Markdown tables to, e.g. for README).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
. "$DCE_REPO_DIR/scripts/matrix/servers.sh"
cd "$DCE_REPO_DIR"

IDS=("$@")
[ ${#IDS[@]} -gt 0 ] || read -r -a IDS <<<"$MATRIX_SERVERS"
RESULTS="$(mktemp "${TMPDIR:-/tmp}/dce-matrix.XXXXXX")"
TIMES="$RESULTS.times"; : >"$TIMES"
FAILED=()
# Small streams (reattach after 1 MiB), small chunks (2 MiB) and frequent progress reports make the lean suite see
# these features with small results; every Spark server gets the same confs (older ones ignore those they lack).
CONFS=(spark.sql.session.timeZone=UTC
       spark.connect.execute.reattachable.senderMaxStreamSize=1048576
       spark.connect.session.resultChunking.maxChunkSize=2097152
       spark.connect.progress.reportInterval=500ms)

start_one() { # ID DATA_DIR -> the start script's output
  local id=$1 dir=$2 v; v=$(matrix_server_spark "$id")
  if matrix_sail_version "$id" >/dev/null; then
    DCE_SKIP_PROVISION=1 bash scripts/matrix/start-sail.sh --server "$id" --port "$(free_port)" --data-dir "$dir"
    return
  fi
  # Our own server also proves result chunking with a 200 MiB cell (test/matrix/bigCell.test.ts): more memory there.
  # The cell is built as a string, cast, encoded as Arrow and as one protobuf message (about 1 GiB at the peak), while
  # the previous query's responses may still be held until their release: 4g ran out of heap once (measured), so 6g.
  local memory="${DCE_MATRIX_DRIVER_MEMORY:-1536m}"; [ "$id" = spark-4.2-dc ] && memory=6g
  local args=(--spark "$v" --port "$(free_port)" --data-dir "$dir" --driver-memory "$memory")
  [ "$id" = spark-4.2 ] && args+=(--no-delta-connect)
  for c in "${CONFS[@]}"; do args+=(--conf "$c"); done
  if [ "$id" = cluster ]; then
    local master
    master=$(DCE_SKIP_PROVISION=1 bash scripts/start-cluster.sh --dir "$dir/cluster" | sed -n 's/^MASTER=//p') || return 1
    [ -n "$master" ] || return 1
    # The integration suite's own settings: streams cut after 1 s, so every long result is reattached.
    args+=(--master "$master" --conf spark.connect.execute.reattachable.senderMaxStreamDuration=1s)
  fi
  DCE_SKIP_PROVISION=1 bash scripts/start-server.sh "${args[@]}"
}

stop_one() { # DATA_DIR
  bash scripts/stop-server.sh --data-dir "$1" >/dev/null 2>&1
  [ ! -d "$1/cluster" ] || bash scripts/stop-cluster.sh --dir "$1/cluster" >/dev/null 2>&1
}
suites() { # ID: the lean suite, and the integration suite on the cluster
  DCE_TEST_STAGE="matrix:$1" npx mocha --config test/matrix/.mocharc.json || return 1
  [ "$1" != cluster ] && return 0
  # Minus the suites that start their own local server or download Spark: they do not involve the cluster.
  DCE_DEPLOYMENT=standalone-cluster DCE_TEST_STAGE="cluster:integration" npx mocha --config test/integration/.mocharc.json \
    --ignore test/integration/localServer.test.ts --ignore test/integration/sparkDownload.test.ts
}

run_one() {
  local id=$1 start=$SECONDS dir out port v delta
  log "=== matrix: $id"
  bash scripts/provision-matrix.sh --quiet "$id" || { FAILED+=("$id"); echo "{\"server\":\"$id\",\"feature\":\"connect\",\"outcome\":\"fail\",\"note\":\"not provisioned\"}" >>"$RESULTS"; return; }
  local ready=$SECONDS
  dir="$(mktemp -d "${TMPDIR:-/tmp}/dce-matrix-$id.XXXXXX")"
  if ! out=$(start_one "$id" "$dir"); then
    FAILED+=("$id"); echo "{\"server\":\"$id\",\"feature\":\"connect\",\"outcome\":\"fail\",\"note\":\"the server did not start\"}" >>"$RESULTS"
    stop_one "$dir"; log "kept $dir"; return
  fi
  port=$(sed -n 's/^PORT=//p' <<<"$out")
  v=$(matrix_server_spark "$id"); delta=none
  [ -z "$v" ] || delta=$(matrix_delta_for "$v")
  matrix_sail_version "$id" >/dev/null && delta=sail
  if SPARK_REMOTE="sc://127.0.0.1:$port" DCE_SERVER_DATA_DIR="$dir" DCE_MATRIX_SERVER="$id" DCE_MATRIX_SPARK="$v" \
     DCE_MATRIX_DELTA="$delta" DCE_MATRIX_DELTA_CONNECT="$(case $id in spark-4.2-dc|cluster) echo 1 ;; *) echo 0 ;; esac)" \
     DCE_MATRIX_BIG_CELL="$([ "$id" = spark-4.2-dc ] && echo 1 || echo 0)" DCE_MATRIX_RESULTS="$RESULTS" suites "$id"; then
    stop_one "$dir"; rm -rf "$dir"
  else
    FAILED+=("$id"); stop_one "$dir"; log "kept $dir (server.log)"
  fi
  echo "$id $((ready - start)) $((SECONDS - ready))" >>"$TIMES"
  log "=== matrix: $id done (provisioning $((ready - start)) s, server and suite $((SECONDS - ready)) s)"
}

for id in "${IDS[@]}"; do
  matrix_server_spark "$id" >/dev/null || { log "unknown matrix server '$id' (one of: $MATRIX_SERVERS)"; exit 2; }
  run_one "$id"
done
node scripts/matrix/table.mjs "$RESULTS" "$TIMES" ${DCE_MATRIX_TABLE:+"$DCE_MATRIX_TABLE"}
rm -f "$RESULTS" "$TIMES"
[ ${#FAILED[@]} -eq 0 ] || { log "matrix: failures on ${FAILED[*]}"; exit 1; }
