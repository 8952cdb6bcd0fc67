#!/usr/bin/env bash
# Stops a server started by scripts/start-server.sh: SIGTERM to its process group, up to 20 s (DCE_SERVER_STOP_TIMEOUT)
# for a clean shutdown, then SIGKILL. Removes the pid file. Quiet success when no server is running.
#
# Usage: scripts/stop-server.sh --data-dir DIR     (reads DIR/server.pid)
#        scripts/stop-server.sh --pid-file FILE
#        scripts/stop-server.sh --pid PID
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PID_FILE=""
PID=""
TIMEOUT="${DCE_SERVER_STOP_TIMEOUT:-20}"
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) [ $# -ge 2 ] || die "--data-dir needs a value"; PID_FILE="$2/server.pid"; shift 2 ;;
    --data-dir=*) PID_FILE="${1#*=}/server.pid"; shift ;;
    --pid-file) [ $# -ge 2 ] || die "--pid-file needs a value"; PID_FILE=$2; shift 2 ;;
    --pid-file=*) PID_FILE=${1#*=}; shift ;;
    --pid) [ $# -ge 2 ] || die "--pid needs a value"; PID=$2; shift 2 ;;
    --pid=*) PID=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage; die "stop-server.sh: unknown argument '$1'" ;;
  esac
done
if [ -z "$PID" ]; then
  [ -n "$PID_FILE" ] || { usage; die "stop-server.sh: give --data-dir DIR, --pid-file FILE or --pid PID"; }
  if [ ! -f "$PID_FILE" ]; then
    log "no pid file $PID_FILE: no server to stop"
    exit 0
  fi
  PID=$(sed -n '1s/^\([0-9]*\).*/\1/p' "$PID_FILE")
fi
[[ "$PID" =~ ^[0-9]+$ ]] || die "stop-server.sh: bad pid '$PID'"

if ! is_connect_server_pid "$PID"; then
  log "pid $PID is not a running Spark Connect server: nothing to stop"
  [ -z "$PID_FILE" ] || rm -f "$PID_FILE"
  exit 0
fi

# start-server.sh made the server a session/process-group leader; fall back to the single pid otherwise.
PGID=$(ps -o pgid= -p "$PID" 2>/dev/null | tr -d ' ' || true)
if [ "$PGID" = "$PID" ]; then TARGET="-$PID"; else TARGET="$PID"; fi
group_alive() { kill -0 -- "$TARGET" 2>/dev/null; }

log "stopping Spark Connect server (pid $PID)"
kill -TERM -- "$TARGET" 2>/dev/null || true
deadline=$(( $(date +%s) + TIMEOUT ))
while group_alive && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
if group_alive; then
  log "still running after ${TIMEOUT}s: SIGKILL"
  kill -KILL -- "$TARGET" 2>/dev/null || true
  for _ in $(seq 1 50); do group_alive || break; sleep 0.1; done
fi
group_alive && die "could not stop pid $PID"
[ -z "$PID_FILE" ] || rm -f "$PID_FILE"
log "stopped"
