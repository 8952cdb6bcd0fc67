#!/usr/bin/env bash
# Starts a Spark standalone cluster on 127.0.0.1: one master and two workers, each its own JVM (Spark 4.2.0 from the
# project's venv), for a Connect server submitted to it (scripts/start-server.sh --master URL). Prints on stdout:
#   MASTER=spark://127.0.0.1:<port>  CLUSTER_DIR=<dir>
# Usage: scripts/start-cluster.sh [--dir DIR] [--workers N]      Stop it with scripts/stop-cluster.sh --dir DIR.
# Each worker offers 1 core and DCE_CLUSTER_WORKER_MEMORY (1g); each daemon JVM gets SPARK_DAEMON_MEMORY (256m).
# The workers' executors write table files into the server's warehouse: a local folder every JVM on this machine sees.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR=""; WORKERS=2; TIMEOUT="${DCE_SERVER_START_TIMEOUT:-120}"
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "start-cluster.sh: unknown argument '$1'" ;;
  esac
done
require_java17
[ "${DCE_SKIP_PROVISION:-0}" = 1 ] || bash "$DCE_REPO_DIR/scripts/provision-server.sh" --quiet
SPARK_HOME_DIR="$(pyspark_home)"
[ -n "$SPARK_HOME_DIR" ] || die "Spark is not provisioned; run scripts/provision-server.sh"
if [ -z "$DIR" ]; then DIR="$(mktemp -d "${TMPDIR:-/tmp}/dce-cluster.XXXXXX")"; else mkdir -p "$DIR"; DIR="$(cd "$DIR" && pwd)"; fi
[ ! -s "$DIR/cluster.pids" ] || die "a cluster may already run from $DIR; stop it with scripts/stop-cluster.sh --dir $DIR"
mkdir -p "$DIR/conf"
printf 'rootLogger.level = warn\nrootLogger.appenderRef.stderr.ref = console\nappender.console.type = Console\nappender.console.name = console\nappender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\nappender.console.layout.pattern = %%d{HH:mm:ss.SSS} %%p %%c{1}: %%m%%n%%ex\nlogger.master.name = org.apache.spark.deploy.master.Master\nlogger.master.level = info\nlogger.worker.name = org.apache.spark.deploy.worker.Worker\nlogger.worker.level = info\n' >"$DIR/conf/log4j2.properties"

daemon() { # NAME CLASS ARGS... : a JVM in its own process group, its pid appended to cluster.pids
  local name=$1; shift
  (
    cd "$DIR"
    export SPARK_HOME="$SPARK_HOME_DIR" SPARK_CONF_DIR="$DIR/conf" SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$DIR"
    export SPARK_DAEMON_MEMORY="${SPARK_DAEMON_MEMORY:-256m}" SPARK_WORKER_DIR="$DIR/$name-work"
    unset SPARK_REMOTE SPARK_CONNECT_MODE_ENABLED MASTER SPARK_MASTER
    exec setsid "$SPARK_HOME_DIR/bin/spark-class" "$@" </dev/null >>"$DIR/$name.log" 2>&1
  ) &
  echo "$! $name" >>"$DIR/cluster.pids"
}
wait_for() { # FILE PATTERN WHAT
  local deadline=$(( $(date +%s) + TIMEOUT ))
  until grep -q "$2" "$1" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 20 "$1" >&2 || true
      bash "$DCE_REPO_DIR/scripts/stop-cluster.sh" --dir "$DIR" >&2 || true
      die "$3 did not come up within ${TIMEOUT}s (log $1)"
    fi
    sleep 0.25
  done
}

PORT=$(free_port)
log "starting a Spark $SPARK_VERSION standalone cluster: master on 127.0.0.1:$PORT and $WORKERS workers (dir $DIR)"
daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port "$(free_port)"
wait_for "$DIR/master.log" "I have been elected leader" "the Spark master"
MASTER="spark://127.0.0.1:$PORT"
for i in $(seq 1 "$WORKERS"); do
  daemon "worker-$i" org.apache.spark.deploy.worker.Worker "$MASTER" --host 127.0.0.1 --cores 1 \
    --memory "${DCE_CLUSTER_WORKER_MEMORY:-1g}" --webui-port "$(free_port)" --work-dir "$DIR/worker-$i-work"
done
for i in $(seq 1 "$WORKERS"); do wait_for "$DIR/worker-$i.log" "Successfully registered with master" "worker $i"; done
log "cluster ready: $MASTER"
echo "MASTER=$MASTER"
echo "CLUSTER_DIR=$DIR"
