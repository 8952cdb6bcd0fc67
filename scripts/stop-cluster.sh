#!/usr/bin/env bash
# Stops a cluster started by scripts/start-cluster.sh: SIGTERM to each daemon's process group, SIGKILL after 20 s.
# Usage: scripts/stop-cluster.sh --dir DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ "${1:-}" = --dir ] && [ -n "${2:-}" ] || die "usage: scripts/stop-cluster.sh --dir DIR"
PIDS="$2/cluster.pids"
[ -f "$PIDS" ] || { log "no $PIDS: no cluster to stop"; exit 0; }
is_daemon() { kill -0 "$1" 2>/dev/null && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qE 'org\.apache\.spark\.deploy\.(master\.Master|worker\.Worker)'; }
mapfile -t LINES <"$PIDS"
# Workers first, so the master does not see them vanish one by one.
for ((i = ${#LINES[@]} - 1; i >= 0; i--)); do
  pid=${LINES[$i]%% *}
  is_daemon "$pid" && kill -TERM -- "-$pid" 2>/dev/null || true
done
deadline=$(( $(date +%s) + 20 ))
for line in "${LINES[@]}"; do
  pid=${line%% *}
  while is_daemon "$pid" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  is_daemon "$pid" && kill -KILL -- "-$pid" 2>/dev/null || true
done
rm -f "$PIDS"
log "cluster stopped"
